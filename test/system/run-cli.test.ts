/**
 * `kvmdbg run` end to end on the committed guests, with the KVM model underneath. The truths: symbol
 * addresses from GNU nm and instructions from GNU objdump (binutils-aarch64-linux-gnu), ESR values from
 * the Arm ARM encodings as real KVM reported them (conformance rows a–d, s2a: BRK #imm 0xf2000000|imm,
 * hardware breakpoint 0xc2000022, step 0xcb000022, watchpoint write 0xd2000062 / read 0xd2000022 with FAR
 * = the accessed address on 6.1 and the last MMIO abort's address on 5.10), QEMU's UART output for the
 * same ELF, and the brk guest's own output, which must not change under a debugger.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';
import { buildElf, words } from '../../src/vmm/testing/build-elf.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HELLO = join(ROOT, 'guests/bin/hello-gcc-O2.elf');
const BRK = join(ROOT, 'guests/bin/brk-gcc-O2.elf');
const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-run-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function binutils(tool: string, args: string[]): string {
  try {
    return execFileSync(`aarch64-linux-gnu-${tool}`, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`aarch64-linux-gnu-${tool} is missing: install binutils-aarch64-linux-gnu`, { cause: e });
    throw e;
  }
}
const nmCache = new Map<string, Map<string, bigint>>();
function sym(elf: string, name: string): bigint {
  if (!nmCache.has(elf)) {
    nmCache.set(elf, new Map([...binutils('nm', [elf]).matchAll(/^([0-9a-f]{16}) \w (\S+)$/gm)].map((m) => [m[2]!, BigInt('0x' + m[1])])));
  }
  const v = nmCache.get(elf)!.get(name);
  assert.ok(v !== undefined, `nm knows ${name}`);
  return v!;
}
/** The mnemonic objdump gives the instruction at `addr`. */
function insnAt(elf: string, addr: bigint): string {
  const a = addr.toString(16);
  const out = binutils('objdump', ['-d', `--start-address=0x${a}`, `--stop-address=0x${(addr + 4n).toString(16)}`, elf]);
  const m = new RegExp(`^\\s*${a}:\\s+[0-9a-f]{8}\\s+(\\S+)`, 'm').exec(out);
  assert.ok(m, `objdump shows an instruction at 0x${a}`);
  return m![1]!;
}

interface Result { status: number; out: string; err: string; log: Record<string, unknown>[] }
let nlog = 0;
async function run(...args: string[]): Promise<Result> {
  const logFile = join(dir, `exits-${nlog++}.jsonl`);
  let out = '';
  let err = '';
  const status = await main(['run', ...args, '--exit-log', logFile], { out: (t) => { out += t; }, err: (t) => { err += t; } });
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch { /* not created when the arguments were refused */ }
  const log = text.trim() ? text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  return { status, out, err, log };
}
const debugExits = (r: Result): Record<string, unknown>[] => r.log.filter((l) => l.exit_reason === 4);
const hex = (v: bigint): string => `0x${v.toString(16)}`;

let plainHello = '';
test('the built-in guest runs from any working directory and prints what QEMU prints for the same ELF', () => {
  const ours = spawnSync(process.execPath, [join(ROOT, 'bin/kvmdbg.js'), 'run'], { cwd: tmpdir(), encoding: 'utf8', timeout: 120_000 });
  assert.equal(ours.status, 0, ours.stderr);
  const qemu = spawnSync('qemu-system-aarch64', ['-M', 'virt', '-cpu', 'cortex-a57', '-nographic', '-nic', 'none', '-kernel', HELLO],
    { encoding: 'utf8', timeout: 120_000 });
  if (qemu.error) throw new Error(`qemu-system-aarch64 is missing: install the Debian package qemu-system-arm (${qemu.error.message})`);
  assert.equal(qemu.status, 0);
  assert.match(ours.stdout, /Hello from a kvmdbg guest/);
  assert.equal(ours.stdout, qemu.stdout.replace(/\r\n/g, '\n'));
  plainHello = ours.stdout;
});

test('kvmdbg run ends once its output is written, waiting for nothing else the process has going: every line, the status kept', () => {
  // a preloaded interval keeps Node's event loop alive for ever, as V8's compiler thread holds up Node's
  // own exit: only the end of src/cli/end.ts lets this process go
  const kvmdbg = (...args: string[]): ReturnType<typeof spawnSync> & { stdout: string; stderr: string } =>
    spawnSync(process.execPath, ['--import', 'data:text/javascript,setInterval(() => {}, 1000)', join(ROOT, 'bin/kvmdbg.js'), 'run', ...args],
      { cwd: tmpdir(), encoding: 'utf8', timeout: 60_000 });
  const r = kvmdbg('--trace-exits', '--stats');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Hello from a kvmdbg guest(.|\n)*Bye\.\n$/);
  if (plainHello) assert.equal(r.stdout, plainHello);
  // stderr through a pipe: one line per KVM_RUN return, as many as --stats counted after them
  const total = /(\d+) KVM_RUN returns/.exec(r.stderr);
  assert.ok(total, r.stderr);
  const exits = [...r.stderr.matchAll(/^exit #(\d+) /gm)].map((m) => Number(m[1]));
  assert.deepEqual(exits, Array.from({ length: Number(total[1]) }, (_, i) => i + 1));
  assert.match(r.stderr, /guest RAM written: .*\n$/);
  const stopped = kvmdbg('--max-insns', '1000');
  assert.equal(stopped.status, 3, stopped.stderr);
  assert.match(stopped.stderr, /--max-insns 1000 reached/);
});

test('kvmdbg run under --cpu-prof ends as Node ends it: the profile Node writes at its exit is there', () => {
  const prof = mkdtempSync(join(dir, 'prof-'));
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', prof, join(ROOT, 'bin/kvmdbg.js'), 'run'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const files = readdirSync(prof);
  assert.equal(files.length, 1, files.join(' '));
  assert.ok(Array.isArray((JSON.parse(readFileSync(join(prof, files[0]!), 'utf8')) as { nodes: unknown }).nodes));
});

for (const kernel of ['6.1', '5.10'] as const) {
  test(`--break main (${kernel}): BRK exit ESR 0xf2000000 at main, stepped over (0xcb000022 at main+4), output unchanged`, async () => {
    const r = await run(HELLO, '--host-kernel', kernel, '--break', 'main');
    assert.equal(r.status, 0, r.err);
    const main_ = sym(HELLO, 'main');
    const [bp, step, ...rest] = debugExits(r);
    assert.equal(rest.length, 0);
    assert.deepEqual([bp!.class, bp!.esr, bp!.pc, bp!.esr_high_valid, bp!.flags], ['BRK64', '0xf2000000', hex(main_), kernel === '6.1', kernel === '6.1' ? 1 : 0]);
    assert.deepEqual([step!.class, step!.esr, step!.pc], ['SOFTSTP_LOW', '0xcb000022', hex(main_ + 4n)]);
    assert.match(r.err, new RegExp(`software breakpoint at ${hex(main_)} <main>`));
    if (plainHello) assert.equal(r.out, plainHello);
    assert.equal(r.log.at(-1)!.exit_reason, 24);
  });
}

test('--hbreak fib.constprop.0: hardware breakpoint exit ESR 0xc2000022 at the function', async () => {
  const r = await run(HELLO, '--hbreak', 'fib.constprop.0');
  assert.equal(r.status, 0, r.err);
  const [bp, step] = debugExits(r);
  assert.deepEqual([bp!.class, bp!.esr, bp!.pc], ['BREAKPT_LOW', '0xc2000022', hex(sym(HELLO, 'fib.constprop.0'))]);
  assert.equal(step!.class, 'SOFTSTP_LOW');
});

for (const kernel of ['6.1', '5.10'] as const) {
  test(`--watch svc_esr (${kernel}): write watchpoint exits at the two stores, FAR ${kernel === '6.1' ? 'the watched address' : 'stale (last MMIO abort)'}`, async () => {
    const r = await run(HELLO, '--host-kernel', kernel, '--watch', 'svc_esr');
    assert.equal(r.status, 0, r.err);
    const watch = debugExits(r).filter((l) => l.class === 'WATCHPT_LOW');
    assert.equal(watch.length, 2, '.bss clearing in _start, then on_svc');
    const addr = sym(HELLO, 'svc_esr');
    for (const w of watch) {
      assert.equal(w.esr, '0xd2000062');
      assert.match(insnAt(HELLO, BigInt(w.pc as string)), /^st/, 'the PC is left on the store');
    }
    assert.ok(BigInt(watch[0]!.pc as string) >= sym(HELLO, '_start') && BigInt(watch[0]!.pc as string) < sym(HELLO, 'rt_vectors'));
    assert.equal(watch[1]!.pc, hex(sym(HELLO, 'on_svc') + 0x10n));
    if (kernel === '6.1') {
      assert.deepEqual(watch.map((w) => w.far), [hex(addr), hex(addr)]);
    } else {
      // 5.10 reports vcpu->arch.fault.far_el2 of the last stage-2 abort: first the silent one of the first
      // .bss store, the first touch of that page (the kernel maps slot pages on demand), then the UART data register
      assert.deepEqual(watch.map((w) => w.far), [hex(sym(HELLO, '__bss_start')), '0x9000000']);
    }
    assert.match(r.err, new RegExp(`write watchpoint ${hex(addr)} <svc_esr> hit by the access at pc ${hex(sym(HELLO, 'on_svc') + 0x10n)}`));
    if (plainHello) assert.equal(r.out, plainHello);
  });
}

test('--watch svc_esr:8:r: a read watchpoint (WnR = 0, ESR 0xd2000022) stops at the load, reported as read', async () => {
  const r = await run(HELLO, '--watch', 'svc_esr:8:r');
  assert.equal(r.status, 0, r.err);
  const watch = debugExits(r).filter((l) => l.class === 'WATCHPT_LOW');
  assert.ok(watch.length >= 1);
  for (const w of watch) {
    assert.equal(w.esr, '0xd2000022');
    assert.equal(w.far, hex(sym(HELLO, 'svc_esr')));
    assert.match(insnAt(HELLO, BigInt(w.pc as string)), /^ld/);
  }
  assert.match(r.err, /read watchpoint .* <svc_esr>/);
});

test('--step 3: three step exits (0xcb000022) at _start+4, +8, +0xc, then the guest runs to power-off', async () => {
  const r = await run(HELLO, '--step', '3');
  assert.equal(r.status, 0, r.err);
  const s = sym(HELLO, '_start');
  assert.deepEqual(debugExits(r).map((l) => [l.esr, l.pc]), [1n, 2n, 3n].map((i) => ['0xcb000022', hex(s + 4n * i)]));
  if (plainHello) assert.equal(r.out, plainHello);
});

test('the brk guest prints the same with a debugger attached: its own BRKs are delivered to its vector', async () => {
  const plain = await run(BRK);
  assert.equal(plain.status, 0, plain.err);
  assert.match(plain.out, /PASS/);
  const debugged = await run(BRK, '--break', 'main', '--guest-debug', '0x1');
  assert.equal(debugged.status, 0, debugged.err);
  assert.equal(debugged.out, plain.out);
  const brks = debugExits(debugged).filter((l) => l.class === 'BRK64');
  assert.ok(brks.length > 60, `every guest BRK exits to userspace (${brks.length})`);
  assert.ok(brks.some((l) => l.esr === '0xf2000099'), 'brk #0x99 as the guest executed it');
});

test("a breakpoint on one of the guest's own BRK instructions: reported, then the guest's BRK still reaches its handler", async () => {
  const dis = binutils('objdump', ['-d', BRK]);
  const m = /^\s*([0-9a-f]+):\s+d4200020\s+brk\s+#0x1$/m.exec(dis);
  assert.ok(m, 'objdump shows brk #0x1 in the brk guest');
  const addr = BigInt('0x' + m![1]);
  const plain = await run(BRK);
  const r = await run(BRK, '--break', hex(addr));
  assert.equal(r.status, 0, r.err);
  assert.equal(r.out, plain.out, 'the guest prints the same');
  // the same stop, one after another, is written once and then counted
  const seen = new RegExp(`^kvmdbg: software breakpoint at ${hex(addr)}\\b.*\\nkvmdbg: … the same stop (\\d+) more times$`, 'm').exec(r.err);
  assert.ok(seen, r.err);
  const stops = 1 + Number(seen[1]);
  const chars = 'brk: this line is printed one BRK #1 at a time\n'.length;
  assert.equal(stops, chars, 'one stop per character printed through brk #1');
  assert.equal(debugExits(r).filter((l) => l.pc === hex(addr) && l.esr === '0xf2000001').length, chars, 'the guest\'s own BRK #1 exits once per stop, during the step over');
});

test('--timeout and --max-insns stop a runaway guest with status 3 and say why', async () => {
  const spin = join(dir, 'spin.elf');
  writeFileSync(spin, buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: words(
    0x14000000, // b .
  ) }]).bytes);
  const t = await run(spin, '--timeout', '0.3');
  assert.equal(t.status, 3);
  assert.match(t.err, /--timeout 0.3 s reached/);
  const n = await run(spin, '--max-insns', '100000');
  assert.equal(n.status, 3);
  assert.match(n.err, /--max-insns 100000 reached \((\d+) instructions retired\)/);
  const retired = Number(/\((\d+) instructions/.exec(n.err)![1]);
  assert.ok(retired >= 100000 && retired < 100000 * 1000, `${retired}`);
});

test('PSCI SYSTEM_RESET stops kvmdbg run with status 4 and says it does not reboot', async () => {
  const reset = join(dir, 'reset.elf');
  writeFileSync(reset, buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: words(
    0xd2800120, // mov  x0, #0x9
    0xf2b08000, // movk x0, #0x8400, lsl #16     PSCI SYSTEM_RESET (0x84000009)
    0xd4000002, // hvc  #0
  ) }]).bytes);
  const r = await run(reset);
  assert.equal(r.status, 4);
  assert.match(r.err, /PSCI SYSTEM_RESET.*does not reboot/);
  const last = r.log.at(-1)!;
  assert.equal(last.exit_reason, 24);
});

test('--guest-debug with bits KVM rejects: a bad argument (status 2) naming KVM_SET_GUEST_DEBUG and EINVAL, before the guest runs', async () => {
  const r = await run(HELLO, '--guest-debug', '0x5');
  assert.equal(r.status, 2);
  assert.match(r.err, /--guest-debug 0x5: KVM_SET_GUEST_DEBUG with control 0x5 failed: EINVAL/);
  assert.equal(r.out, '');
});

test('a guest BRK without a vector table stops with status 1 and a message naming VBAR_EL1', async () => {
  const bare = join(dir, 'bare-brk.elf');
  writeFileSync(bare, buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: words(
    0xd4200140, // brk #0xa
  ) }]).bytes);
  const r = await run(bare, '--guest-debug', '1');
  assert.equal(r.status, 1);
  assert.match(r.err, /BRK #0xa and has no exception vector .*VBAR_EL1/);
});

test('malformed and missing guest ELFs are refused with status 2', async () => {
  const trunc = join(dir, 'truncated.elf');
  writeFileSync(trunc, readFileSync(HELLO).subarray(0, 200));
  const t = await run(trunc);
  assert.equal(t.status, 2);
  assert.match(t.err, /truncated\.elf: PT_LOAD segment \d file data .* truncated or corrupt/);
  const m = await run(join(dir, 'nothere.elf'));
  assert.equal(m.status, 2);
  assert.match(m.err, /cannot read guest .*ENOENT/);
});

test('-v and --trace-exits say which backend, kernel profile and byte order run', async () => {
  const r = await run(HELLO, '-v', '--host-kernel', '5.10', '--host-endian', 'be');
  assert.equal(r.status, 0);
  assert.match(r.err, /backend model, kernel .*5\.10.*, host byte order be/);
  const t = await run(HELLO, '--trace-exits');
  assert.match(t.err, /^exit #1 cpu0 pc=0x[0-9a-f]+ MMIO /m);
  assert.match(t.err, /SYSTEM_EVENT type=1 \(SHUTDOWN\)/);
});

test('kvmdbg run --smp 2 --record FILE with console input typed while it runs, then --replay FILE without input: the same output, the same instructions per vCPU, the same KVM_RUN returns', async () => {
  const { spawn } = await import('node:child_process');
  const { smpEchoElf } = await import('../../src/vmm/testing/smp-echo.ts');
  const elf = join(dir, 'smp-echo.elf');
  writeFileSync(elf, smpEchoElf());
  const record = join(dir, 'smp-echo.input');
  const kvmdbg = async (args: string[], input?: string[]): Promise<{ status: number | null; stdout: string; stats: string[] }> => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/kvmdbg.js'), 'run', elf, '--smp', '2', '--stats', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('latin1'); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const kill = setTimeout(() => child.kill('SIGKILL'), 120_000);
    // bytes typed a while apart, whenever they reach the guest; without input the pipe just closes
    for (const b of input ?? []) {
      await Promise.race([new Promise((r) => setTimeout(r, 300)), exited]);
      child.stdin.write(b);
    }
    child.stdin.end();
    const status = await exited;
    clearTimeout(kill);
    // the figures that must agree: instructions (per vCPU) and KVM_RUN returns by reason, not wall time
    const stats = stderr.split('\n').filter((l) => /guest instructions|KVM_RUN returns/.test(l)).map((l) => l.replace(/, [\d.]+ million a second/, ''));
    return { status, stdout, stats };
  };
  const first = await kvmdbg(['--record', record], ['w', 'x', 'y', 'z']);
  assert.equal(first.status, 0, first.stdout);
  assert.match(first.stdout, /^w[a-z]x[a-z]y[a-z]z[a-z]\n$/);
  const events = readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { insn: number; byte: number });
  assert.deepEqual(events.map((e) => e.byte), [...'wxyz'].map((c) => c.charCodeAt(0)));
  assert.equal(first.stats.length, 2, first.stats.join('\n'));
  const again = await kvmdbg(['--replay', record]);
  assert.equal(again.status, 0, again.stdout);
  assert.equal(again.stdout, first.stdout);
  assert.deepEqual(again.stats, first.stats);
});
