/**
 * The web page in a real browser: Debian's Chromium driven by playwright-core. Types values, checks the
 * decoded fields against the Arm ARM encodings and the URL hash, checks the byte maps for LE and BE, and
 * saves screenshots to out/screenshots/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb } from '../../src/cli/web-build.ts';
import { servePage } from '../../src/cli/commands/web.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, '..', '..', 'out', 'screenshots');
let browser: Browser;
let server: Server;
let base: string;
let htmlFile: string;
const requests: string[] = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package (npm test does it as root)`);
  const outDir = mkdtempSync(join(tmpdir(), 'kvmdbg-web-'));
  htmlFile = await buildWeb(outDir);
  server = await servePage(readFileSync(htmlFile), '127.0.0.1', 0);
  const addr = server.address();
  assert.ok(addr && typeof addr === 'object');
  base = `http://127.0.0.1:${addr.port}/`;
  // launch() gives every run a fresh, temporary user data dir.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-quic', '--disable-sync'],
  });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(hash = '', opts: { width?: number; dark?: boolean; url?: string } = {}): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: opts.width ?? 1200, height: 900 }, colorScheme: opts.dark ? 'dark' : 'light' });
  const page = await ctx.newPage();
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto((opts.url ?? base) + hash);
  assert.deepEqual(errors, []);
  return page;
}

const fieldValue = (page: Page, name: string) =>
  page.locator(`#esr-output li[data-field="${name}"] > .fval`).first().textContent();

test('web: decodes on every keystroke and mirrors the value in the URL hash', async () => {
  const page = await open();
  const input = page.locator('#esr-input');
  await input.pressSequentially('0x96000050');
  // 0x96000050: EC 0x25 data abort from the current EL, IL=1, ISV=0, WnR=1, DFSC=0x10 (synchronous external abort).
  assert.match((await page.locator('#esr-ec-name').textContent()) ?? '', /Data Abort/i);
  assert.equal(await fieldValue(page, 'EC'), '0x25');
  assert.equal(await fieldValue(page, 'IL'), '0x1');
  assert.match(new URL(page.url()).hash, /esr=0x96000050/);
  await page.screenshot({ path: join(SHOTS, 'esr-data-abort-desktop.png'), fullPage: true });
  await page.context().close();
});

test('web: a malformed value shows an inline error and no decoding', async () => {
  const page = await open();
  await page.locator('#esr-input').fill('0x12345678123456789');
  assert.equal(await page.locator('#esr-error').isVisible(), true);
  assert.match((await page.locator('#esr-error').textContent()) ?? '', /64 bits|too (large|big)|range/i);
  assert.equal(await page.locator('#esr-input').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#esr-output li').count(), 0);
  await page.context().close();
});

test('web: a shared link decodes the watchpoint ESR the real KVM reported (0xd2000062)', async () => {
  const page = await open('#esr=0xd2000062');
  assert.equal(await page.locator('#esr-input').inputValue(), '0xd2000062');
  // EC 0x34 watchpoint from a lower EL; WnR (bit 6) = 1; DFSC 0x22 debug exception.
  assert.equal(await fieldValue(page, 'EC'), '0x34');
  assert.equal(await page.locator('#esr-output li[data-field="WnR"] > .fval').first().textContent(), '0x1');
  await page.context().close();
});

test('web: ISS2 and RES0 warnings are shown', async () => {
  const page = await open();
  // A data abort with ISS2 bit 32 set (Xs ... depending on the variant) and a RES0 bit (ESR[63]) set.
  await page.locator('#esr-input').fill('0x8000000196000050');
  assert.ok((await page.locator('#esr-output .warn').count()) >= 1, 'a RES0 warning is shown');
  assert.ok((await page.locator('#esr-output li[data-field="ISS2"]').count()) === 1, 'ISS2 is shown');
  await page.context().close();
});

test('web: the debug-exit panel trusts hsr_high only with KVM_DEBUG_ARCH_HSR_HIGH_VALID', async () => {
  // Bytes the real 5.10 kernel left after S1 (observation s1b): hsr=0xf2004321, stale 0xab from an MMIO phys_addr.
  const stale = '214300f2ab00000088776655443322 11'.replace(/ /g, '');
  const page = await open();
  await page.locator('#dbg-bytes').fill(stale);
  await page.locator('#dbg-flags').fill('0');
  assert.match((await page.locator('#dbg-verdict').textContent()) ?? '', /ESR\[31:0\] = 0xf2004321; ESR\[63:32\] unknown/);
  assert.equal(await page.locator('#dbg-table tr[data-field="hsr_high"] td.num').textContent(), 'unknown');
  await page.locator('#dbg-flags').fill('0x1');
  assert.match((await page.locator('#dbg-verdict').textContent()) ?? '', /ESR = 0x000000abf2004321/);
  // The same bytes read as big-endian: hsr is 0x214300f2.
  await page.locator('#dbg-endian').selectOption('be');
  assert.equal(await page.locator('#dbg-table tr[data-field="hsr"] td.num').textContent(), '0x214300f2');
  assert.match(new URL(page.url()).hash, /endian=be/);
  await page.context().close();
});

test('web: byte maps put ESR[31:0] at bytes 0..3 on both byte orders, and show what a __u64 hsr would move on BE', async () => {
  const page = await open('#layout');
  assert.equal(await page.locator('#view-layout').isVisible(), true);
  const cell = (e: string, v: string, o: number) => page.locator(`#bytemap-${e} tr[data-variant="${v}"] td[data-offset="${o}"]`).textContent();
  assert.equal(await cell('le', 'post', 0), 'ESR[7:0]');
  assert.equal(await cell('be', 'post', 0), 'ESR[31:24]');
  assert.equal(await cell('le', 'post', 4), 'ESR[39:32]');
  assert.equal(await cell('be', 'post', 4), 'ESR[63:56]');
  assert.equal(await cell('le', 'pre', 4), 'pad');
  assert.equal(await cell('be', 'u64', 0), 'ESR[63:56]');
  assert.equal(await cell('le', 'u64', 0), 'ESR[7:0]');
  assert.equal(await page.locator('#bytemap-be tr[data-variant="u64"] td.moved').count(), 4);
  assert.equal(await page.locator('#bytemap-le tr[data-variant="u64"] td.moved').count(), 0);
  await page.screenshot({ path: join(SHOTS, 'layout-bytemaps-desktop.png'), fullPage: true });
  await page.context().close();
});

test('web: any struct with offsets, sizes and holes; the kernel selector switches to the pre-5.19 layout', async () => {
  const page = await open('#layout&struct=kvm_run&kernel=6.1');
  const row = (n: string) => page.locator(`#struct-table tr[data-field="${n}"] td.num`).first().textContent();
  assert.equal(await row('debug.arch.hsr_high'), '36');
  assert.equal(await row('flags'), '14');
  await page.locator('#struct-select').selectOption('kvm_debug_exit_arch');
  await page.locator('#struct-kernel').selectOption('5.10');
  assert.match((await page.locator('#struct-table tr.hole').first().textContent()) ?? '', /4 bytes hole/);
  assert.match(new URL(page.url()).hash, /struct=kvm_debug_exit_arch&kernel=5\.10/);
  await page.context().close();
});

test('web: keyboard only — Tab reaches the input and the view links, Enter switches views', async () => {
  const page = await open();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate('document.activeElement?.id'), 'tab-esr');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate('document.activeElement?.id'), 'tab-layout');
  await page.keyboard.press('Enter');
  // a locator's wait, not waitForFunction: polling a string predicate evaluates it in the page, which the
  // page's Content-Security-Policy (no 'unsafe-eval') refuses whenever the view is not shown at once
  await page.locator('#view-layout').waitFor({ state: 'visible' });
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.locator('#view-esr').waitFor({ state: 'visible' });
  await page.locator('#esr-input').focus();
  await page.keyboard.type('4060086306');
  assert.equal(await fieldValue(page, 'EC'), '0x3c');
  await page.context().close();
});

test('web: readable at 360 px and in the dark theme; works from file:// with no network requests', async () => {
  const narrow = await open('#esr=0xf2001234', { width: 360, dark: true });
  const overflow = await narrow.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  assert.ok(overflow <= 0, `page overflows horizontally by ${overflow}px at 360px`);
  const bg = await narrow.evaluate<string>('getComputedStyle(document.body).backgroundColor');
  assert.equal(bg, 'rgb(22, 24, 27)', 'dark theme follows the system');
  await narrow.screenshot({ path: join(SHOTS, 'esr-brk-360px-dark.png'), fullPage: true });
  await narrow.context().close();
  const file = await open('#esr=0xcb000022', { url: `file://${htmlFile}` });
  assert.equal(await fieldValue(file, 'EC'), '0x32');
  await file.context().close();
  assert.deepEqual(requests, [], 'the page made no network requests');
});
