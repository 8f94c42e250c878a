/**
 * Exit decoding and dispatch on fabricated kvm_run buffers. The bytes are written at the offsets the
 * real Linux 6.1 arm64 kvm_run has (test/system/abi-headers.test.ts checks them against the headers: exit_reason @8,
 * flags @14 u16, debug.arch @32; linux/kvm.h: mmio {phys_addr @32, data[8] @40, len @48, is_write @52},
 * system_event {type @32, ndata @36, data[] @40}), with a DataView, not through abi/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MmioBus, dispatchExit } from './dispatch.ts';
import { decodeExit } from './exit.ts';
import { Pl011 } from './pl011.ts';
import type { Endian } from '../abi/index.ts';

const RUN_SIZE = 2352;

function run(e: Endian, exitReason: number, fill: (v: DataView, le: boolean, b: Uint8Array) => void, flags = 0): Uint8Array {
  const b = new Uint8Array(RUN_SIZE);
  const v = new DataView(b.buffer);
  const le = e === 'le';
  v.setUint32(8, exitReason, le);
  v.setUint16(14, flags, le);
  fill(v, le, b);
  return b;
}

const hexBytes = (s: string): number[] => s.split(' ').map((x) => parseInt(x, 16));

function busWithUart(): { bus: MmioBus; tx: number[]; logs: string[] } {
  const tx: number[] = [];
  const logs: string[] = [];
  const bus = new MmioBus((m) => logs.push(m));
  bus.map(0x0900_0000n, 0x1000n, new Pl011((c) => tx.push(c), (m) => logs.push(m)));
  return { bus, tx, logs };
}

for (const e of ['le', 'be'] as const) {
  test(`KVM_EXIT_DEBUG (${e}): 6.1 watchpoint exit s2a decodes to ESR 0xd2000062, FAR 0x10800, high half valid`, () => {
    const b = run(e, 4, (v, le) => { v.setUint32(32, 0xd2000062, le); v.setUint32(36, 0, le); v.setBigUint64(40, 0x10800n, le); }, 1);
    const x = decodeExit(b, e);
    assert.equal(x.reason, 'DEBUG');
    if (x.reason !== 'DEBUG') return;
    assert.equal(x.flags, 1);
    assert.equal(x.arch.highValid, true);
    assert.equal(x.arch.hsrHigh, 0);
    assert.equal(x.arch.esr, 0xd2000062n);
    assert.equal(x.arch.far, 0x10800n);
    assert.deepEqual(dispatchExit(x, busWithUart().bus), { kind: 'debug', exit: x });
  });

  test(`KVM_EXIT_DEBUG (${e}): 5.10 BRK after an MMIO exit (s1b) — stale phys_addr bytes in the padding are not ESR`, () => {
    // The MMIO exit to 0xab_cdef_0000 left phys_addr in the union; 5.10 writes only hsr and never the flag.
    const b = run(e, 6, (v, le) => { v.setBigUint64(32, 0xab_cdef_0000n, le); v.setBigUint64(40, 0x1122334455667788n, le); });
    const v = new DataView(b.buffer);
    v.setUint32(8, 4, e === 'le');
    v.setUint32(32, 0xf2004321, e === 'le');
    const x = decodeExit(b, e);
    assert.equal(x.reason, 'DEBUG');
    if (x.reason !== 'DEBUG') return;
    assert.equal(x.flags, 0);
    assert.equal(x.arch.hsrHigh, null);
    assert.equal(x.arch.esr, 0xf2004321n, 'only ESR[31:0] is known');
    if (e === 'le') {
      assert.deepEqual([...x.arch.raw], hexBytes('21 43 00 f2 ab 00 00 00 88 77 66 55 44 33 22 11'), 'raw bytes as the observation lists them');
    }
  });
}

test('KVM_EXIT_MMIO write to the PL011 data register transmits the byte and re-enters', () => {
  for (const e of ['le', 'be'] as const) {
    const { bus, tx } = busWithUart();
    // str w1, [x0] with w1 = 'A': mmio.data holds the bytes as in memory (little-endian guest)
    const b = run(e, 6, (v, le, bytes) => { v.setBigUint64(32, 0x0900_0000n, le); bytes.set([0x41, 0, 0, 0], 40); v.setUint32(48, 4, le); v.setUint8(52, 1); });
    const x = decodeExit(b, e);
    assert.deepEqual({ ...x, data: undefined }, { reason: 'MMIO', physAddr: 0x0900_0000n, len: 4, isWrite: true, data: undefined });
    assert.deepEqual(dispatchExit(x, bus), { kind: 'reenter' });
    assert.deepEqual(tx, [0x41]);
  }
});

test('KVM_EXIT_MMIO read of UARTFR fills kvm_run.mmio.data with TXFE|RXFE (0x90) in place', () => {
  for (const e of ['le', 'be'] as const) {
    const { bus } = busWithUart();
    const b = run(e, 6, (v, le, bytes) => { v.setBigUint64(32, 0x0900_0018n, le); bytes.fill(0xaa, 40, 48); v.setUint32(48, 4, le); v.setUint8(52, 0); });
    assert.deepEqual(dispatchExit(decodeExit(b, e), bus), { kind: 'reenter' });
    assert.deepEqual([...b.subarray(40, 48)], [0x90, 0, 0, 0, 0, 0, 0, 0]);
  }
});

test('KVM_EXIT_MMIO to an unmapped address reads zero, ignores writes, and logs', () => {
  const { bus, logs } = busWithUart();
  const w = run('le', 6, (v, le, bytes) => { v.setBigUint64(32, 0x40_1000_0000n, le); bytes.set([0x77, 0, 0, 0, 0, 0, 0, 0], 40); v.setUint32(48, 8, le); v.setUint8(52, 1); });
  assert.deepEqual(dispatchExit(decodeExit(w, 'le'), bus), { kind: 'reenter' });
  assert.match(logs[0]!, /unmapped 0x4010000000 ignored/);
  const r = run('le', 6, (v, le, bytes) => { v.setBigUint64(32, 0x0a00_0000n, le); bytes.fill(0xaa, 40, 48); v.setUint32(48, 2, le); });
  dispatchExit(decodeExit(r, 'le'), bus);
  assert.deepEqual([...r.subarray(40, 48)], [0, 0, 0, 0, 0, 0, 0, 0]);
});

test('KVM_EXIT_MMIO with a length other than 1, 2, 4, 8 is an error naming it', () => {
  const b = run('le', 6, (v, le) => { v.setBigUint64(32, 0x0900_0000n, le); v.setUint32(48, 3, le); });
  const a = dispatchExit(decodeExit(b, 'le'), busWithUart().bus);
  assert.equal(a.kind, 'error');
  assert.match(a.kind === 'error' ? a.message : '', /len 3/);
});

test('KVM_EXIT_SYSTEM_EVENT: SHUTDOWN (PSCI SYSTEM_OFF) stops, RESET asks for a reset, CRASH is an error', () => {
  for (const e of ['le', 'be'] as const) {
    const ev = (type: number): Uint8Array => run(e, 24, (v, le) => { v.setUint32(32, type, le); v.setUint32(36, 1, le); v.setBigUint64(40, 0n, le); });
    const bus = busWithUart().bus;
    const sd = decodeExit(ev(1), e);
    assert.deepEqual(sd, { reason: 'SYSTEM_EVENT', type: 1, ndata: 1, data: [0n] });
    assert.deepEqual(dispatchExit(sd, bus), { kind: 'shutdown' });
    assert.deepEqual(dispatchExit(decodeExit(ev(2), e), bus), { kind: 'reset' });
    assert.equal(dispatchExit(decodeExit(ev(3), e), bus).kind, 'error');
  }
});

test('KVM_EXIT_INTR, FAIL_ENTRY, INTERNAL_ERROR and unknown exits', () => {
  const bus = busWithUart().bus;
  assert.deepEqual(dispatchExit(decodeExit(run('le', 10, () => {}), 'le'), bus), { kind: 'interrupted' });
  const fail = decodeExit(run('be', 9, (v, le) => v.setBigUint64(32, 0x1234n, le)), 'be');
  assert.deepEqual(fail, { reason: 'FAIL_ENTRY', hardwareEntryFailureReason: 0x1234n });
  const internal = decodeExit(run('le', 17, (v, le) => v.setUint32(32, 1, le)), 'le');
  assert.deepEqual(internal, { reason: 'INTERNAL_ERROR', suberror: 1 });
  const unk = decodeExit(run('le', 2, () => {}), 'le');
  assert.equal(unk.reason, 'UNSUPPORTED');
  const a = dispatchExit(unk, bus);
  assert.match(a.kind === 'error' ? a.message : '', /KVM_EXIT_IO/);
});
