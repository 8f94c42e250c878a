/**
 * Builds the real-KVM test initramfs in .cache/realkvm/: Debian bookworm's arm64 Node.js with its
 * dependency closure (scripts/realkvm/fetch-node.sh), koffi 3.3.4 with its arm64 binary, kvmdbg bundled
 * by esbuild (the CLI as kvmdbg.mjs, the in-guest test program as guest-main.mjs; platform node, target
 * node18, koffi external), the guest ELFs, a plan, and a static C /init (scripts/realkvm/init.c), packed
 * with the conformance suite's newc writer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { writeCpio, type CpioEntry } from '../../src/conformance/cpio.ts';
import { fetchNodeInputs, NODE_INPUTS, REPO_ROOT } from '../../src/conformance/real-side.ts';
import { treeEntries } from '../../src/conformance/tree.ts';
import type { Plan } from './records.ts';

export const CACHE = join(REPO_ROOT, '.cache', 'realkvm');

function need(tool: string, pkg: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
  } catch {
    throw new Error(`${tool} is missing: install the Debian package ${pkg} (listed in scripts/debian-packages.txt)`);
  }
}

/** Fetches the arm64 Node root and koffi packages once (cached). */
export function fetchInputs(): void {
  need('apt-get', 'apt');
  need('dpkg-deb', 'dpkg');
  need('npm', 'npm');
  fetchNodeInputs();
}

/** The static aarch64 /init, rebuilt when init.c is newer. */
export function buildInit(): string {
  need('aarch64-linux-gnu-gcc', 'gcc-aarch64-linux-gnu');
  const src = join(REPO_ROOT, 'scripts/realkvm/init.c');
  const out = join(CACHE, 'init');
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) {
    execFileSync('aarch64-linux-gnu-gcc', ['-static', '-O2', '-Wall', '-Wextra', '-Werror', '-s', '-o', `${out}.tmp`, src], { stdio: 'pipe' });
    renameSync(`${out}.tmp`, out);
  }
  return out;
}

/** esbuild bundles: kvmdbg.mjs (the CLI) and guest-main.mjs (the in-guest test program). */
export async function buildBundles(): Promise<{ cli: string; guest: string }> {
  const common: BuildOptions = {
    bundle: true, platform: 'node', target: 'node18', format: 'esm', external: ['koffi', 'esbuild'],
    logLevel: 'error', absWorkingDir: REPO_ROOT,
  };
  const cli = join(CACHE, 'kvmdbg.mjs');
  const guest = join(CACHE, 'guest-main.mjs');
  await build({
    ...common, outfile: cli,
    stdin: { contents: "import { main } from './src/cli/main.ts';\nprocess.exitCode = await main(process.argv.slice(2));\n", resolveDir: REPO_ROOT, sourcefile: 'kvmdbg-entry.ts', loader: 'ts' },
  });
  await build({ ...common, outfile: guest, entryPoints: [join(REPO_ROOT, 'test/realkvm/guest/main.ts')] });
  return { cli, guest };
}

function parents(path: string): CpioEntry[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => ({ kind: 'dir' as const, name: parts.slice(0, i + 1).join('/'), mode: 0o755 }));
}

/** The whole initramfs for `plan`; returns its path. */
export async function buildInitramfs(plan: Plan): Promise<string> {
  fetchInputs();
  const init = buildInit();
  const { cli, guest } = await buildBundles();
  const opt = 'opt/kvmdbg';
  // koffi's runtime is JS plus the native binary: leave out its C++ sources, vendored headers, docs.
  const koffiSkip = (rel: string): boolean =>
    /^(vendor|doc|cnoke\.cjs|CHANGELOG\.md|index\.d\.ts|musl_arm64)$/.test(rel) || /\.(cc|hh|h|c|inc|S|asm|txt|def)$/.test(rel);
  const entries: CpioEntry[] = [
    { kind: 'dir', name: 'dev' },
    { kind: 'chr', name: 'dev/console', major: 5, minor: 1 },
    { kind: 'chr', name: 'dev/kvm', major: 10, minor: 232, mode: 0o666 },
    { kind: 'file', name: 'init', data: readFileSync(init), mode: 0o755 },
    ...treeEntries(NODE_INPUTS.root, ''),
    ...parents(`${opt}/node_modules/@koromix/x`),
    { kind: 'file', name: `${opt}/kvmdbg.mjs`, data: readFileSync(cli) },
    { kind: 'file', name: `${opt}/guest-main.mjs`, data: readFileSync(guest) },
    { kind: 'file', name: `${opt}/plan.json`, data: new TextEncoder().encode(JSON.stringify(plan)) },
    { kind: 'dir', name: `${opt}/node_modules/koffi` },
    ...treeEntries(join(NODE_INPUTS.modules, 'koffi'), `${opt}/node_modules/koffi`, koffiSkip),
    { kind: 'dir', name: `${opt}/node_modules/@koromix/koffi-linux-arm64` },
    ...treeEntries(join(NODE_INPUTS.modules, '@koromix/koffi-linux-arm64'), `${opt}/node_modules/@koromix/koffi-linux-arm64`, koffiSkip),
    // The web command's static import of esbuild (it builds the page) must resolve; the image has no
    // esbuild, and `kvmdbg web` is not part of this test.
    { kind: 'dir', name: `${opt}/node_modules/esbuild` },
    { kind: 'file', name: `${opt}/node_modules/esbuild/package.json`, data: new TextEncoder().encode('{"name":"esbuild","type":"module","main":"index.js"}\n') },
    { kind: 'file', name: `${opt}/node_modules/esbuild/index.js`, data: new TextEncoder().encode('export function build() { throw new Error("esbuild is not in the real-KVM test image"); }\n') },
    { kind: 'dir', name: `${opt}/guests` },
  ];
  const guests = join(REPO_ROOT, 'guests', 'bin');
  for (const g of readdirSync(guests).filter((n) => n.endsWith('.elf')).sort()) {
    entries.push({ kind: 'file', name: `${opt}/guests/${g}`, data: readFileSync(join(guests, g)) });
  }
  // The kernel unpacks entries in order; a directory must come before its files, and only once.
  const seen = new Set<string>();
  const unique = entries.filter((e) => (e.kind === 'dir' ? !seen.has(e.name) && (seen.add(e.name), true) : true));
  const out = join(CACHE, 'initramfs.cpio');
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(`${out}.${process.pid}`, writeCpio(unique));
  renameSync(`${out}.${process.pid}`, out);
  return out;
}
