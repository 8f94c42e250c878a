/** The exit log's JSON lines and trace lines for exits with the bytes real kernels wrote (conformance rows d and s1b). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitJson, exitTrace } from './exit-log.ts';
import { decodeExit } from './exit.ts';
import type { ExitRecord } from './debug-api.ts';

function runWith(arch: number[], exitReason: number, flags: number): Uint8Array {
  const b = new Uint8Array(2352);
  b[8] = exitReason;               // little-endian u32 @8
  b[14] = flags;                   // u16 @14
  b.set(arch, 32);
  return b;
}

const rec = (b: Uint8Array, pc: bigint): ExitRecord => ({
  n: 7, vcpu: 1, ret: 0, errno: null, exitReason: b[8]!, flags: b[14]!, endian: 'le', pc, debugArch: b.slice(32, 48),
});

test('exit log: 6.1 watchpoint exit (row d) logs ESR, FAR, class and the raw bytes', () => {
  const b = runWith([0x62, 0, 0, 0xd2, 0, 0, 0, 0, 0x00, 0x08, 0x01, 0, 0, 0, 0, 0], 4, 1);
  const j = JSON.parse(exitJson(rec(b, 0x10028n), decodeExit(b, 'le')));
  assert.deepEqual(j, {
    n: 7, vcpu: 1, ret: 0, errno: null, exit_reason: 4, flags: 1, pc: '0x10028',
    debug_arch_hex: '620000d2000000000008010000000000',   // the observation's raw bytes
    esr: '0xd2000062', esr_high_valid: true, ec: '0x34', class: 'WATCHPT_LOW', far: '0x10800',
  });
});

test('exit log: 5.10 BRK with stale padding (S1 s1b) logs only ESR[31:0] and esr_high_valid false; no FAR for BRK', () => {
  const b = runWith([0x21, 0x43, 0x00, 0xf2, 0xab, 0, 0, 0, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11], 4, 0);
  const j = JSON.parse(exitJson(rec(b, 0xbcn), decodeExit(b, 'le')));
  assert.equal(j.esr, '0xf2004321');
  assert.equal(j.esr_high_valid, false);
  assert.equal(j.class, 'BRK64');
  assert.equal(j.far, null);
  assert.equal(j.debug_arch_hex, '214300f2ab0000008877665544332211');
  assert.match(exitTrace(rec(b, 0xbcn), decodeExit(b, 'le')), /^exit #7 cpu1 pc=0xbc DEBUG BRK64 #0x4321 esr=0xf2004321 \(high half unknown: HSR_HIGH_VALID clear\) flags=0x0$/);
});

test('exit trace: MMIO write and EINTR lines', () => {
  const b = new Uint8Array(2352);
  b[8] = 6;
  b.set([0, 0, 0, 9, 0, 0, 0, 0], 32);   // phys_addr 0x09000000
  b[40] = 0x48;
  b[48] = 4;
  b[52] = 1;
  assert.equal(exitTrace(rec(b, 0x40080010n), decodeExit(b, 'le')), 'exit #7 cpu1 pc=0x40080010 MMIO write 4B @0x9000000 = 0x48');
  const r = { ...rec(b, 0x1n), ret: -1, errno: 'EINTR' };
  assert.equal(exitTrace(r, { reason: 'INTR' }), 'exit #7 cpu1 pc=0x1 INTR (KVM_RUN returned EINTR)');
  assert.equal(JSON.parse(exitJson(r, { reason: 'INTR' })).errno, 'EINTR');
});
