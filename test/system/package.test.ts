/**
 * kvmdbg as npm delivers it: `npm pack` (prepack builds dist/), the tarball installed into an empty
 * project with production dependencies only, then used there the ways a user would: the `kvmdbg`
 * command through npx, the library from plain Node ESM, the shipped .d.ts from a strict TypeScript
 * consumer (`--strict --module nodenext`), the README's library examples compiled and run, and the
 * pure entry points bundled for a browser. The truths: the Arm ARM encodings of the ESR values, the
 * arm64 UAPI numbers (struct kvm_debug_exit_arch, _IOW(KVMIO, 0x9b, struct kvm_guest_debug)), and
 * QEMU's UART output for the default guest.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { packAndInstall, type InstalledPackage } from '../../scripts/pack-install.ts';
import { freePort } from './gdb-harness.ts';
import { packageEntries, ROOT } from '../../scripts/package-entries.ts';

let pkg: InstalledPackage;
before(() => { pkg = packAndInstall(); });
after(() => pkg?.remove());

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const TYPE_ROOTS = join(ROOT, 'node_modules/@types');

function inProject(cmd: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: pkg.project, encoding: 'utf8', timeout: 120_000 });
}
function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.error, undefined, `${what}: ${r.error?.message}`);
  assert.equal(r.status, 0, `${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('the tarball holds the compiled package, its types, docs, license and default guests, and no sources, tests or caches', () => {
  const paths = pkg.files.map((f) => f.path);
  const required = [
    'package.json', 'README.md', 'LICENSE', 'bin/kvmdbg.js', 'dist/cli/main.js', 'dist/web/index.html',
    'guests/bin/hello-gcc-O2.elf', 'guests/bin/debug-gcc-O2.elf', 'docs/gdb.md',
    ...packageEntries().flatMap((e) => [e.js.slice(2), e.types.slice(2)]),
  ];
  for (const p of required) assert.ok(paths.includes(p), `${p} is in the tarball`);
  const unwanted = paths.filter((p) =>
    /^(src|test|bench|scripts|conformance|realkvm-test|out|node_modules|examples)\/|\.cache|screenshot|\.test\.|(?<!\.d)\.ts$|\.c$|\.S$/.test(p));
  assert.deepEqual(unwanted, []);
  const manifest = JSON.parse(readFileSync(join(pkg.packageDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  assert.deepEqual(Object.keys(manifest.dependencies), ['koffi'], 'tsx and esbuild are development tools, not run-time dependencies');
});

test('npx kvmdbg esr --json from the installed package decodes by the Arm ARM encoding', () => {
  // 0x96000050: EC 0x25 (Data Abort, same EL), IL 1, ISS 0x50 = WnR (bit 6) + DFSC 0x10 (synchronous external abort)
  const j = JSON.parse(ok(inProject('npx', ['--no-install', 'kvmdbg', 'esr', '0x96000050', '--json']), 'kvmdbg esr')) as
    { esr: string; ec: { value: number; name: string }; il: number; iss: number; iss2: number; fields: { name: string; fields: { name: string; value: number }[] }[] };
  assert.equal(j.esr, '0x96000050');
  assert.deepEqual([j.ec.value, j.ec.name, j.il, j.iss, j.iss2], [0x25, 'ESR_ELx_EC_DABT_CUR', 1, 0x50, 0]);
  const iss = j.fields.find((f) => f.name === 'ISS')!;
  assert.equal(iss.fields.find((f) => f.name === 'WnR')?.value, 1);
  assert.equal(iss.fields.find((f) => f.name === 'DFSC')?.value, 0x10);
  // a bad value: status 2 and a message naming the problem
  const bad = inProject('npx', ['--no-install', 'kvmdbg', 'esr', '0x1_0000_0000_0000_0000']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /64 bits/);
});

test('the installed kvmdbg run prints what QEMU prints for the default guest', () => {
  const ours = ok(spawnSync(pkg.bin, ['run'], { cwd: pkg.project, encoding: 'utf8', timeout: 120_000 }), 'kvmdbg run');
  const qemu = spawnSync('qemu-system-aarch64', ['-M', 'virt', '-cpu', 'cortex-a57', '-nographic', '-nic', 'none', '-kernel',
    join(pkg.packageDir, 'guests/bin/hello-gcc-O2.elf')], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(qemu.error, undefined, `qemu-system-aarch64 is missing: install the Debian package qemu-system-arm`);
  assert.match(ours, /Hello from a kvmdbg guest/);
  assert.equal(ours, qemu.stdout.replace(/\r\n/g, '\n'));
});

test('gdb-multiarch steps the installed kvmdbg run --gdb as it steps QEMU\'s gdbstub', async () => {
  const elf = join(pkg.packageDir, 'guests/bin/hello-gcc-O2.elf');
  const script = (port: number): string[] => ['-batch', '-nx', '-ex', `target remote 127.0.0.1:${port}`, '-ex', 'stepi', '-ex', 'stepi',
    '-ex', 'p/x $pc', '-ex', 'p/x $x0', '-ex', 'kill'];
  const session = async (stub: string[], port: number): Promise<string> => {
    const child = spawn(stub[0]!, stub.slice(1), { cwd: pkg.project, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const listening = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => { err += d.toString(); if (/listening/.test(err)) resolve(); });
      child.on('exit', (code) => reject(new Error(`${stub[0]} exited ${code} before gdb attached: ${err}`)));
      child.on('error', reject);
    });
    try {
      // QEMU says nothing when it listens: gdb retries its connection for a while, which covers it.
      if (stub[0] === pkg.bin) await listening; else listening.catch(() => {});
      const gdb = spawnSync('gdb-multiarch', script(port), { encoding: 'utf8', timeout: 60_000 });
      assert.equal(gdb.error, undefined, 'gdb-multiarch is missing: install the Debian package gdb-multiarch');
      return gdb.stdout.split('\n').filter((l) => /^\$\d+ = /.test(l)).join('\n');
    } finally {
      child.kill('SIGKILL');
    }
  };
  const qport = await freePort();
  const qemu = await session(['qemu-system-aarch64', '-M', 'virt', '-cpu', 'cortex-a57', '-nographic', '-nic', 'none', '-kernel', elf,
    '-gdb', `tcp:127.0.0.1:${qport}`, '-S'], qport);
  const kport = await freePort();
  const ours = await session([pkg.bin, 'run', '--gdb', `127.0.0.1:${kport}`, '-S'], kport);
  assert.match(ours, /^\$1 = 0x40080008\n\$2 = 0x/);   // two instructions past the ELF entry point 0x40080000
  assert.equal(ours, qemu);
});

test('the installed kvmdbg web ships its page built (esbuild is not installed) and copies it to --out', () => {
  const shipped = readFileSync(join(pkg.packageDir, 'dist/web/index.html'), 'utf8');
  assert.match(shipped, /<script>[\s\S]*ESR_ELx_EC_DABT_CUR[\s\S]*<\/script>/, 'the decoder is inlined');
  assert.doesNotMatch(shipped, /\/\*(SCRIPT|STYLE)\*\//, 'the template placeholders are filled');
  const out = join(pkg.project, 'page');
  assert.equal(ok(inProject(pkg.bin, ['web', '--build-only', '--out', out]), 'kvmdbg web'), `wrote ${join(out, 'index.html')}\n`);
  assert.equal(readFileSync(join(out, 'index.html'), 'utf8'), shipped);
  const bad = inProject(pkg.bin, ['web', '--build-only', '--out', join(pkg.packageDir, 'package.json', 'x')]);
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /package\.json is not a directory/);
});

test('plain Node ESM imports every entry point; modules outside exports are not reachable', () => {
  writeFileSync(join(pkg.project, 'consumer.mjs'), `
import { decodeEsr as front } from 'kvmdbg';
import { decodeEsr, brkComment } from 'kvmdbg/esr';
import { IOCTLS, KVM_DEBUG_EXIT_ARCH, KVM_EXIT_DEBUG, fieldInfo } from 'kvmdbg/abi';
import { createModelKvm } from 'kvmdbg/kvm';
import { Machine } from 'kvmdbg/vmm';
import { parseGdbAddress } from 'kvmdbg/gdbstub';
import { realKvmUnavailable } from 'kvmdbg/realkvm';
const d = decodeEsr(0xf2001234n);
const kvm = createModelKvm({ profile: '6.1', endian: 'be' });
const m = new Machine(kvm, { uartTx: () => {} });
const blocked = [];
for (const spec of ['kvmdbg/cpu', 'kvmdbg/dist/cpu/index.js', 'kvmdbg/src/esr/index.ts']) {
  try { await import(spec); } catch (e) { blocked.push(e.code); }
}
console.log(JSON.stringify({
  ec: d.ec.value, comment: brkComment(d.esr), frontEc: front(0xf2001234n).ec.value,
  setGuestDebug: IOCTLS.KVM_SET_GUEST_DEBUG, exitDebug: KVM_EXIT_DEBUG,
  arch: ['hsr', 'hsr_high', 'far'].map((p) => fieldInfo(KVM_DEBUG_EXIT_ARCH, p).offset), archSize: KVM_DEBUG_EXIT_ARCH.size,
  endian: kvm.hostEndian, ram: Number(m.window.base), gdb: parseGdbAddress('1234'), real: typeof realKvmUnavailable({ platform: 'linux', arch: 'x64', devKvmExists: false }),
  blocked,
}));
`);
  const r = JSON.parse(ok(inProject(process.execPath, ['consumer.mjs']), 'node consumer.mjs'));
  assert.deepEqual(r, {
    ec: 0x3c, comment: 0x1234, frontEc: 0x3c,          // BRK64: EC 0x3c, ISS = imm16
    setGuestDebug: 0x4208ae9b,                        // _IOW(0xae, 0x9b, 520-byte struct kvm_guest_debug)
    exitDebug: 4,                                     // KVM_EXIT_DEBUG
    arch: [0, 4, 8], archSize: 16,                    // struct kvm_debug_exit_arch { __u32 hsr; __u32 hsr_high; __u64 far; }
    endian: 'be', ram: 0x4000_0000, gdb: { host: '127.0.0.1', port: 1234 }, real: 'string',
    blocked: ['ERR_PACKAGE_PATH_NOT_EXPORTED', 'ERR_PACKAGE_PATH_NOT_EXPORTED', 'ERR_PACKAGE_PATH_NOT_EXPORTED'],
  });
});

const EXAMPLES = ['minimal-vmm.ts', 'esr-decode.ts'];

test('a strict TypeScript consumer type-checks against the shipped .d.ts (--strict --module nodenext), and the examples run compiled', () => {
  for (const f of EXAMPLES) writeFileSync(join(pkg.project, f), readFileSync(join(ROOT, 'examples', f)));
  writeFileSync(join(pkg.project, 'consumer.ts'), `
import { decodeEsr, type DecodedEsr } from 'kvmdbg/esr';
import { createModelKvm } from 'kvmdbg/kvm';
import type { KvmSystem } from 'kvmdbg/abi';
import { VmmTarget, type StopReason } from 'kvmdbg/vmm';
const d: DecodedEsr = decodeEsr(0x96000050n);
const sys: KvmSystem = createModelKvm({ profile: '5.10', endian: 'le' });
const stop: StopReason = { kind: 'step', pc: 0n };
export function misuses(): void {
  // @ts-expect-error the kernel profiles are '5.10' and '6.1'
  createModelKvm({ profile: '4.19', endian: 'le' });
  // @ts-expect-error an ESR is a bigint
  decodeEsr('0x96000050');
}
// @ts-expect-error internal modules have no types outside the package
import type { A64Cpu } from 'kvmdbg/dist/cpu/cpu.js';
console.log(d.ec.name, sys.hostEndian, stop.kind, typeof VmmTarget);
export type { A64Cpu };
`);
  ok(spawnSync(process.execPath, [TSC, '--strict', '--module', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', TYPE_ROOTS,
    '--outDir', 'out', 'consumer.ts', ...EXAMPLES], { cwd: pkg.project, encoding: 'utf8', timeout: 180_000 }), 'tsc');
  assert.equal(ok(inProject(process.execPath, ['out/consumer.js']), 'consumer'), 'ESR_ELx_EC_DABT_CUR le step function\n');
  for (const [kernel, endian] of [['6.1', 'le'], ['5.10', 'be']] as const) {
    // BRK #0x1234 at 0x40000020: ESR 0xf2001234 (EC 0x3c BRK64, IL 1, ISS = imm16); hsr_high valid only from 5.19 on
    assert.equal(ok(inProject(process.execPath, ['out/minimal-vmm.js', '--host-kernel', kernel, '--host-endian', endian]), 'minimal-vmm'),
      'Hi\n' + `debug exit at pc 0x40000020: ESR 0xf2001234 (EC 0x3c), high half ${kernel === '6.1' ? 'valid' : 'unknown (pre-5.19 kernel)'}\n` +
      'guest powered off\n');
  }
  const esr = ok(inProject(process.execPath, ['out/esr-decode.js']), 'esr-decode').split('\n');
  assert.deepEqual(esr.slice(0, 4), [
    'ESR_ELx_EC_DABT_CUR (EC 0x25), IL 1',
    'write, DFSC 0x10: Synchronous External abort, not on translation table walk or hardware update of translation table',
    'flags 1: ESR 0xd2000062 (64 bits), write watchpoint at 0x40081008',       // EC 0x34 WATCHPT_LOW, WnR 1, DFSC 0x22
    'flags 0: ESR 0xd2000062 (bits 31:0 only), write watchpoint at 0x40081008',
  ]);
  const cli = ok(inProject('npx', ['--no-install', 'kvmdbg', 'esr', '0xd2000062']), 'kvmdbg esr').split('\n');
  assert.deepEqual(esr.slice(4, 8), cli.slice(0, 4));
});

test('the pure entry points type-check without Node types', () => {
  writeFileSync(join(pkg.project, 'browser.ts'), `
import { decodeEsr } from 'kvmdbg/esr';
import { readDebugExit, KVM_RUN } from 'kvmdbg/abi';
import { decodeDebugArch } from 'kvmdbg';
const run = new Uint8Array(KVM_RUN.size);
export const out: string = decodeEsr(readDebugExit(run, 'le').esr).ec.name + decodeDebugArch(run.subarray(32, 48), 0, 'be').hsr;
`);
  // `types: []` keeps @types/node out (a command line cannot say that); the DOM library stands in for a browser.
  writeFileSync(join(pkg.project, 'tsconfig.browser.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', lib: ['es2023', 'dom'], types: [], noEmit: true },
    files: ['browser.ts'],
  }));
  ok(spawnSync(process.execPath, [TSC, '-p', 'tsconfig.browser.json'], { cwd: pkg.project, encoding: 'utf8', timeout: 180_000 }),
    'tsc without Node types');
});

test('kvmdbg, kvmdbg/abi and kvmdbg/esr bundle for the browser and run without Node globals', async () => {
  const result = await build({
    stdin: {
      contents: "export * as front from 'kvmdbg'; export * as abi from 'kvmdbg/abi'; export * as esr from 'kvmdbg/esr';",
      resolveDir: pkg.project, loader: 'js',
    },
    bundle: true, platform: 'browser', format: 'iife', globalName: 'kvmdbg', target: 'es2022', write: false, logLevel: 'silent',
  });
  const js = result.outputFiles[0]!.text;
  assert.doesNotMatch(js, /\brequire\(|from "node:|process\.|Buffer\./);
  // A context with the language's globals only: no process, Buffer, require or module.
  const r = runInNewContext(`${js};
    const run = new Uint8Array(kvmdbg.abi.KVM_RUN.size);
    run.set([0x62, 0, 0, 0xd2, 0, 0, 0, 0, 0x08, 0x10, 0x08, 0x40, 0, 0, 0, 0], kvmdbg.abi.RUN_OFF.debugArch);
    kvmdbg.abi.writeU16(run, kvmdbg.abi.RUN_OFF.flags, kvmdbg.abi.KVM_DEBUG_ARCH_HSR_HIGH_VALID, 'le');
    const x = kvmdbg.front.readDebugExit(run, 'le');
    ({ ec: kvmdbg.esr.decodeEsr(x.esr).ec.name, far: x.far.toString(16), high: x.highValid,
       tree: kvmdbg.esr.formatEsrTree(kvmdbg.esr.decodeEsr(0x96000050n)).split('\\n')[0],
       hasNode: typeof process !== 'undefined' || typeof require !== 'undefined' })`, {});
  assert.deepEqual({ ...r }, {
    ec: 'ESR_ELx_EC_WATCHPT_LOW', far: '40081008', high: true,
    tree: 'ESR 0x96000050: Data Abort exception taken without a change in Exception level (ESR_ELx_EC_DABT_CUR)',
    hasNode: false,
  });
});
