/**
 * Truth from the real headers: every layout, constant, ioctl number and register id that src/abi claims
 * is turned into C _Static_asserts and compiled by clang for aarch64 (LE) and aarch64_be (BE) against
 * Debian's linux-libc-dev-arm64-cross headers (Linux 6.1 UAPI). The pre-5.19 kvm_debug_exit_arch is
 * checked against its old declaration, written into the generated C.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateC, OLD_DECLARATIONS } from './abi/static-asserts.ts';
import { formatPahole, STRUCTS, KVM_DEBUG_EXIT_ARCH, KVM_DEBUG_EXIT_ARCH_PRE_5_19, U64, m, struct } from '../../src/abi/index.ts';

const CROSS_INC = '/usr/aarch64-linux-gnu/include';
const TARGETS = { le: 'aarch64-linux-gnu', be: 'aarch64_be-linux-gnu' } as const;

function toolchain(): { clang: string; resourceDir: string } {
  const probe = spawnSync('clang', ['-print-resource-dir'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    assert.fail("clang not found: install the Debian package 'clang' (listed in scripts/debian-packages.txt)");
  }
  for (const h of ['asm/kvm.h', 'linux/kvm.h', 'linux/psci.h']) {
    if (!existsSync(`${CROSS_INC}/${h}`)) {
      assert.fail(`${CROSS_INC}/${h} missing: install the Debian package 'linux-libc-dev-arm64-cross'`);
    }
  }
  return { clang: 'clang', resourceDir: probe.stdout.trim() };
}

function compile(source: string, endian: 'le' | 'be'): { ok: boolean; stderr: string } {
  const { clang, resourceDir } = toolchain();
  const args = [
    '-target', TARGETS[endian], '-nostdinc', '-isystem', `${resourceDir}/include`, '-isystem', CROSS_INC,
    '-std=c11', '-fsyntax-only', '-ferror-limit=0', '-Wall', ...(endian === 'be' ? ['-DEXPECT_BIG_ENDIAN'] : []),
    '-x', 'c', '-',
  ];
  const r = spawnSync(clang, args, { input: source, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { ok: r.status === 0, stderr: r.stderr };
}

const generated = generateC({ structs: Object.values(STRUCTS) });

test('the generated C makes a claim for every struct, member, constant, ioctl and core register', () => {
  assert.ok(generated.count > 500, `only ${generated.count} asserts`);
  for (const name of Object.keys(STRUCTS)) assert.match(generated.source, new RegExp(`sizeof\\(struct ${name}\\) == `));
  assert.match(generated.source, /offsetof\(struct kvm_run, debug\.arch\.hsr_high\) == 36/);
  assert.match(generated.source, /KVM_SET_GUEST_DEBUG\) == 0x4208ae9bu/);
  assert.match(generated.source, /KVM_REG_ARM_CORE_REG\(fp_regs\.vregs\[31\]\)/);
  assert.match(generated.source, /\(long long\)\(KVM_DEV_TYPE_ARM_VGIC_V3\) == 7LL/);
  assert.match(generated.source, /KVM_DEV_ARM_VGIC_V3_MPIDR_MASK\) == 0xffffffff00000000ULL/);
  assert.match(generated.source, /KVM_CREATE_DEVICE\) == 0xc00caee0u/);
});

for (const endian of ['le', 'be'] as const) {
  test(`clang -target ${TARGETS[endian]} accepts every claim against the real headers`, () => {
    const r = compile(generated.source, endian);
    assert.ok(r.ok, `clang rejected the ABI claims:\n${r.stderr.slice(0, 4000)}`);
    assert.equal(r.stderr, '', 'no warnings either');
  });
}

test('negative control: one perturbed offset in the generated C is rejected, naming the claim (LE and BE)', () => {
  const good = 'offsetof(struct kvm_run, debug.arch.hsr_high) == 36';
  assert.ok(generated.source.includes(`_Static_assert(${good},`));
  const bad = generated.source.replace(`_Static_assert(${good},`, '_Static_assert(offsetof(struct kvm_run, debug.arch.hsr_high) == 32,');
  for (const endian of ['le', 'be'] as const) {
    const r = compile(bad, endian);
    assert.equal(r.ok, false);
    assert.match(r.stderr, /static_assert failed.*offsetof\(struct kvm_run, debug\.arch\.hsr_high\) == 36/);
    assert.equal((r.stderr.match(/static_assert failed/g) ?? []).length, 1, 'exactly the perturbed claim fails');
  }
});

test('negative control: a wrong TypeScript layout (hsr widened to __u64, the change 5.19 refused) fails to compile', () => {
  const widened = struct('kvm_debug_exit_arch', [m('hsr', U64), m('far', U64)]);
  assert.equal(widened.size, KVM_DEBUG_EXIT_ARCH.size); // same size: only the member claims can catch it
  const structs = Object.values(STRUCTS).map((s) => (s.name === 'kvm_debug_exit_arch' ? widened : s));
  const r = compile(generateC({ structs }).source, 'be');
  assert.equal(r.ok, false);
  assert.match(r.stderr, /sizeof\(kvm_debug_exit_arch\.hsr\) == 8/);
  assert.match(r.stderr, /kvm_debug_exit_arch\.hsr has type __u64/);
});

// ---- kvmdbg layout's table against dwarves' pahole reading clang's DWARF ----

/** Member lines as 'name @offset +size', holes, and the summary lines: what both tables must agree on. */
function paholeTokens(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const l = line.trim();
    const member = /(\w+)(?:\[\d+\])*;\s*\/\*\s+(\d+)\s+(\d+)\s+\*\/$/.exec(l);
    const hole = /^\/\* XXX (\d+) bytes? hole/.exec(l);
    if (member) out.push(`${member[1]} @${member[2]} +${member[3]}`);
    else if (hole) out.push(`hole ${hole[1]}`);
    else if (/^\/\* (size|sum members|padding|last cacheline):/.test(l)) out.push(l);
  }
  return out;
}

for (const endian of ['le', 'be'] as const) {
  test(`kvmdbg layout tables match pahole -E on clang -g objects (${TARGETS[endian]})`, (t) => {
    const { clang, resourceDir } = toolchain();
    if (spawnSync('pahole', ['--version']).error) assert.fail("pahole not found: install the Debian package 'dwarves'");
    const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-pahole-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const obj = join(dir, 'structs.o');
    const names = Object.keys(STRUCTS);
    const src = ['#include <linux/kvm.h>', OLD_DECLARATIONS.kvm_debug_exit_arch_pre_5_19,
      ...names.map((n, i) => `struct ${n} v${i};`), ''].join('\n');
    const cc = spawnSync(clang, ['-target', TARGETS[endian], '-nostdinc', '-isystem', `${resourceDir}/include`, '-isystem', CROSS_INC,
      '-g', '-c', '-x', 'c', '-', '-o', obj], { input: src, encoding: 'utf8' });
    assert.equal(cc.status, 0, cc.stderr);
    for (const name of names) {
      const p = spawnSync('pahole', ['-E', '-C', name, obj], { encoding: 'utf8' });
      assert.equal(p.status, 0, p.stderr);
      const theirs = paholeTokens(p.stdout);
      const ours = paholeTokens(formatPahole(STRUCTS[name]!));
      assert.ok(theirs.length >= 3, `pahole printed nothing useful for ${name}`);
      if (name === 'kvm_run' || name === 'kvm_irq_level') {
        // kvmdbg models the exit-union members arm64 uses (pahole shows x86/s390/riscv ones too), and
        // pahole 1.24 prints clang's anonymous unions a second time: every line of ours must be in
        // pahole's, and the summaries must be equal.
        for (const line of ours) assert.ok(theirs.includes(line), `${name}: pahole has no '${line}'`);
        assert.deepEqual(ours.filter((l) => l.startsWith('/*')), theirs.filter((l) => l.startsWith('/*')), name);
      } else {
        assert.deepEqual(ours, theirs, name);
      }
    }
    // control: the pre-5.19 table is not what pahole shows for the 6.1 struct (the hole vs hsr_high)
    const now = spawnSync('pahole', ['-E', '-C', 'kvm_debug_exit_arch', obj], { encoding: 'utf8' }).stdout;
    assert.notDeepEqual(paholeTokens(formatPahole(KVM_DEBUG_EXIT_ARCH_PRE_5_19)), paholeTokens(now));
    assert.ok(paholeTokens(now).includes('hsr_high @4 +4'));
  });
}
