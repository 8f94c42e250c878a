/**
 * The consumer rule against real kernels: the byte vectors are conformance rows s1a–s1d, s2a, s2b
 * (conformance/scenarios/08-s1-hsr-high.json, 09-s2-stale-far.json; values in
 * test/system/conformance-reference.ts: Debian 5.10.223 vs 6.1/6.12/7.2 arm64 KVM, little-endian), plus
 * big-endian cases built byte by byte from the C semantics of the same stores.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDebugArch, readDebugExit } from './debug-exit.ts';
import { readU32, readU64 } from './codec.ts';
import { KVM_DEBUG_ARCH_HSR_HIGH_VALID } from './constants.ts';
import { KVM_RUN_SIZE, RUN_OFF } from './kvm-run.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/\s+/), (b) => parseInt(b, 16));

/** A kvm_run page with `debugArch` at offset 32 and `flagsBytes` at offset 14 (exactly as given). */
function runPage(flagsBytes: string, debugArch: string): Uint8Array {
  const run = new Uint8Array(KVM_RUN_SIZE);
  run.set(hex(flagsBytes), 14);
  run.set(hex(debugArch), 32);
  return run;
}

test('KVM_EXIT_DEBUG 6.1+ (s1b): flag set, hsr_high 0 is part of the ESR, far is stale mmio.data', () => {
  const d = readDebugExit(runPage('01 00', '21 43 00 f2 00 00 00 00 88 77 66 55 44 33 22 11'), 'le');
  assert.equal(d.highValid, true);
  assert.equal(d.hsr, 0xf2004321);
  assert.equal(d.hsrHigh, 0);
  assert.equal(d.esr, 0xf2004321n);
  assert.equal(d.far, 0x1122334455667788n);
  assert.deepEqual([...d.raw], [...hex('21 43 00 f2 00 00 00 00 88 77 66 55 44 33 22 11')]);
});

test('KVM_EXIT_DEBUG 5.10 (s1b): flag clear, stale 0xab from the MMIO phys_addr is not taken as ESR[63:32]', () => {
  const bytes = '21 43 00 f2 ab 00 00 00 88 77 66 55 44 33 22 11';
  const d = readDebugExit(runPage('00 00', bytes), 'le');
  assert.equal(d.highValid, false);
  assert.equal(d.hsrHigh, null);
  assert.equal(d.esr, 0xf2004321n);
  // What a consumer that ignores the flag would have reported (the observations' warning):
  assert.equal(readU64(hex(bytes), 0, 'le'), 0x000000abf2004321n);
});

test('KVM_EXIT_DEBUG 5.10 (s1c/s1d): userspace junk 0xfffe in flags has bit 0 clear, so hsr_high stays unknown', () => {
  const d = readDebugExit(runPage('fe ff', '21 43 00 f2 ab 00 00 00 88 77 66 55 44 33 22 11'), 'le');
  assert.equal(d.highValid, false);
  assert.equal(d.hsrHigh, null);
});

test('watchpoint exit (s2a): 6.1+ reports the watched address, 5.10 the stale FAR of the earlier MMIO abort', () => {
  const newK = decodeDebugArch(hex('62 00 00 d2 00 00 00 00 00 08 01 00 00 00 00 00'), 1, 'le');
  assert.equal(newK.esr, 0xd2000062n);
  assert.equal(newK.far, 0x10800n);
  const oldK = decodeDebugArch(hex('62 00 00 d2 aa aa aa aa 00 00 ef cd ab 00 00 00'), 0, 'le');
  assert.equal(oldK.hsr, 0xd2000062);
  assert.equal(oldK.hsrHigh, null);
  assert.equal(oldK.esr, 0xd2000062n);
  assert.equal(oldK.far, 0xabcdef0000n);
});

test('BRK after a watchpoint (s2b): 5.10 poison 0xaaaaaaaa in the old padding is ignored', () => {
  const d = decodeDebugArch(hex('78 56 00 f2 aa aa aa aa 00 00 ef cd ab 00 00 00'), 0, 'le');
  assert.equal(d.esr, 0xf2005678n);
  assert.equal(d.hsrHigh, null);
});

test('compiled C bytes (qemu-aarch64 and qemu-aarch64_be) decode to the values the C program stored', () => {
  // kvm_debug_exit_arch{hsr=0x11223344, hsr_high=0x55667788, far=0x0102030405060708}, dumped by a
  // freestanding aarch64 program built against Debian's arm64 headers, run under qemu-aarch64(_be).
  const le = decodeDebugArch(hex('44 33 22 11 88 77 66 55 08 07 06 05 04 03 02 01'), KVM_DEBUG_ARCH_HSR_HIGH_VALID, 'le');
  const be = decodeDebugArch(hex('11 22 33 44 55 66 77 88 01 02 03 04 05 06 07 08'), KVM_DEBUG_ARCH_HSR_HIGH_VALID, 'be');
  for (const d of [le, be]) {
    assert.equal(d.hsr, 0x11223344);
    assert.equal(d.hsrHigh, 0x55667788);
    assert.equal(d.esr, 0x5566778811223344n);
    assert.equal(d.far, 0x0102030405060708n);
  }
});

// Old kernel after an MMIO exit to guest physical address 0x40_1000_0000: mmio.phys_addr (u64 at 32)
// overlays hsr/hsr_high; the debug exit then stores only the u32 hsr over its first four bytes.
// LE phys_addr bytes 00 00 00 10 40 00 00 00 -> after hsr: 21 43 00 f2 | 40 00 00 00
// BE phys_addr bytes 00 00 00 40 10 00 00 00 -> after hsr: f2 00 43 21 | 10 00 00 00
const OLD_AFTER_MMIO = {
  le: { flags: '00 00', arch: '21 43 00 f2 40 00 00 00 00 00 00 00 00 00 00 00', staleHigh: 0x40 },
  be: { flags: '00 00', arch: 'f2 00 43 21 10 00 00 00 00 00 00 00 00 00 00 00', staleHigh: 0x10000000 },
} as const;

for (const e of ['le', 'be'] as const) {
  test(`old kernel, ${e.toUpperCase()}: stale mmio.phys_addr bytes in the old padding never reach the ESR`, () => {
    const v = OLD_AFTER_MMIO[e];
    const run = runPage(v.flags, v.arch);
    const d = readDebugExit(run, e);
    assert.equal(d.hsr, 0xf2004321);
    assert.equal(d.highValid, false);
    assert.equal(d.hsrHigh, null);
    assert.equal(d.esr, 0xf2004321n);
    // the bytes at +4 are really there: reading them as hsr_high would give the stale phys_addr half
    assert.equal(readU32(run, RUN_OFF.debugArchHsrHigh, e), v.staleHigh);
  });
}

// New kernel: hsr = ESR[31:0], hsr_high = ESR[63:32], flags = HSR_HIGH_VALID (u16 at 14).
const NEW_KERNEL = {
  le: { flags: '01 00', arch: '21 43 00 f2 01 00 00 00 00 00 00 00 00 00 00 00' },
  be: { flags: '00 01', arch: 'f2 00 43 21 00 00 00 01 00 00 00 00 00 00 00 00' },
} as const;

for (const e of ['le', 'be'] as const) {
  test(`new kernel, ${e.toUpperCase()}: flag set, ESR = hsr_high:hsr = 0x1_f2004321`, () => {
    const d = readDebugExit(runPage(NEW_KERNEL[e].flags, NEW_KERNEL[e].arch), e);
    assert.equal(d.highValid, true);
    assert.equal(d.hsr, 0xf2004321);
    assert.equal(d.hsrHigh, 1);
    assert.equal(d.esr, 0x1f2004321n);
  });
}

test('reading hsr as one 64-bit field is wrong on BE (and right on LE only by accident)', () => {
  const be = hex(NEW_KERNEL.be.arch);
  assert.equal(readU64(be, 0, 'be'), 0xf200432100000001n);
  assert.notEqual(readU64(be, 0, 'be'), decodeDebugArch(be, 1, 'be').esr);
  const le = hex(NEW_KERNEL.le.arch);
  assert.equal(readU64(le, 0, 'le'), decodeDebugArch(le, 1, 'le').esr);
});

test('decodeDebugArch: rejects anything but 16 bytes; raw is a copy', () => {
  assert.throws(() => decodeDebugArch(new Uint8Array(15), 0, 'le'), /16 bytes/);
  const b = hex('21 43 00 f2 00 00 00 00 00 00 00 00 00 00 00 00');
  const d = decodeDebugArch(b, 1, 'le');
  b[0] = 0;
  assert.equal(d.raw[0], 0x21);
  assert.throws(() => readDebugExit(new Uint8Array(40), 'le'), /too short/);
});
