/**
 * Every conformance row (conformance/README.md "Observation rows"; the values real kernels showed are in
 * test/system/conformance-reference.ts), replayed
 * through the KvmSystem interface in the experiment's order on one VM, for the 6.1 profile (Debian 6.1.192;
 * 6.12 and 7.2 identical) and the 5.10 profile (Debian 5.10.223), with a little-endian and a big-endian
 * host. Before each KVM_RUN, as the experiment did, kvm_run.flags is set to junk and the 16 bytes of
 * debug.arch to 0xAA (except where a row says "nothing touched"). Checked after each exit: the KVM_RUN
 * result, exit_reason, flags, the raw 16 bytes, PC and (where the observations give it) PSTATE.
 *
 * Expected bytes: the little-endian rows are the observed hex verbatim; big-endian expectations are built
 * by hand from the same C stores (each field in big-endian order; mmio.data in the guest's order).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvmError, type Endian } from '../abi/backend.ts';
import { readU16, readU32, readU64, readU8, writeU16 } from '../abi/codec.ts';
import { RUN_OFF } from '../abi/kvm-run.ts';
import { REG_PC, REG_PSTATE } from '../abi/one-reg.ts';
import { DATA_WORD, SLOT_BASE, bytesOf, experimentVm, hex, toHex, type Machine } from './test-helpers.ts';
import type { KernelProfileName } from './profile.ts';

const ENABLE = 0x1, SINGLESTEP = 0x2, USE_SW_BP = 0x10000, USE_HW = 0x20000;
const POISON8 = 'aa aa aa aa aa aa aa aa';

interface Expect {
  /** KVM_RUN threw this errno (EINTR) instead of returning. */
  errno?: 'EINTR';
  exit: number;
  flags: number;
  /** The 16 bytes of debug.arch, or undefined when the row does not say. */
  raw?: number[];
  pc: number;
  pstate?: number;
  mmio?: { addr: bigint; len: number; write: boolean };
}

interface Before {
  /** Junk for kvm_run.flags; null: leave as is. */
  flags: number | null;
  poison: boolean;
  immediateExit?: boolean;
  /** Arm the timer signal for this run (the experiment's alarm()). */
  alarm?: boolean;
}

function kvmRun(m: Machine, b: Before): 'EINTR' | undefined {
  const { run } = m.vcpu;
  if (b.flags !== null) writeU16(run, RUN_OFF.flags, b.flags, m.e);
  if (b.poison) run.fill(0xaa, RUN_OFF.debugArch, RUN_OFF.debugArch + 16);
  run[RUN_OFF.immediateExit] = b.immediateExit ? 1 : 0;
  if (b.alarm) m.kvm.setTimerSignal(30);
  try {
    m.vcpu.runVcpu();
    return undefined;
  } catch (err) {
    if (err instanceof KvmError && err.errno === 'EINTR') return 'EINTR';
    throw err;
  } finally {
    if (b.alarm) m.kvm.setTimerSignal(0);
    run[RUN_OFF.immediateExit] = 0;
  }
}

function check(m: Machine, row: string, got: 'EINTR' | undefined, x: Expect): void {
  const { run } = m.vcpu;
  const e = m.e;
  assert.equal(got, x.errno, `${row}: KVM_RUN result`);
  assert.equal(readU32(run, RUN_OFF.exitReason, e), x.exit, `${row}: exit_reason`);
  assert.equal(readU16(run, RUN_OFF.flags, e), x.flags, `${row}: flags`);
  if (x.raw) assert.equal(toHex(run.subarray(RUN_OFF.debugArch, RUN_OFF.debugArch + 16)), toHex(x.raw), `${row}: debug.arch bytes`);
  assert.equal(m.vcpu.getOneReg(REG_PC), BigInt(SLOT_BASE + x.pc), `${row}: PC`);
  if (x.pstate !== undefined) assert.equal(m.vcpu.getOneReg(REG_PSTATE), BigInt(x.pstate), `${row}: PSTATE`);
  if (x.mmio) {
    assert.equal(readU64(run, RUN_OFF.mmioPhysAddr, e), x.mmio.addr, `${row}: mmio.phys_addr`);
    assert.equal(readU32(run, RUN_OFF.mmioLen, e), x.mmio.len, `${row}: mmio.len`);
    assert.equal(readU8(run, RUN_OFF.mmioIsWrite), x.mmio.write ? 1 : 0, `${row}: mmio.is_write`);
  }
}

/** debug.arch after a debug exit that writes hsr (and, 6.1, hsr_high = 0) over the 0xAA poison; far not written. */
function debugRaw(p: KernelProfileName, e: Endian, hsr: number, rest = POISON8): number[] {
  return [...bytesOf(hsr, 4, e), ...(p === '6.1' ? bytesOf(0, 4, e) : hex('aa aa aa aa')), ...hex(rest)];
}

const dataWord = (m: Machine): number => m.mem[DATA_WORD - SLOT_BASE]!;

/** Runs every row in order; returns the rows whose checks failed (every row is checked even after one fails). */
function experiment(p: KernelProfileName, e: Endian): string[] {
  const m = experimentVm(p, e);
  const failures: string[] = [];
  const is61 = p === '6.1';
  /** flags after: 6.1 writes them (0 on entry, 1 on debug exits); 5.10 never does. */
  const fl = (before: number, debugExit: boolean): number => (is61 ? (debugExit ? 1 : 0) : before);
  const step = (row: string, b: Before, x: Expect): void => {
    const got = kvmRun(m, b);
    try {
      check(m, row, got, x);
    } catch (err) {
      failures.push(err instanceof Error ? err.message.split('\n').slice(0, 5).join(' ') : String(err));
    }
  };
  const poisoned = (flags: number, extra: Partial<Before> = {}): Before => ({ flags, poison: true, ...extra });
  const P = is61 ? 0x3c5 : undefined; // 6.1: PSTATE stayed 0x3c5 at every exit

  // e1: no debug, store to an IPA without memslot.
  m.setPc(0x60);
  step('e1', poisoned(0xfffe), { exit: 6, flags: fl(0xfffe, false), pc: 0x68, pstate: P, mmio: { addr: 0x20000000n, len: 8, write: true },
    raw: [...bytesOf(0x20000000n, 8, e), ...hex('77 00 00 00 00 00 00 00')] });
  // e2: the next run completes the MMIO store and spins until the signal.
  step('e2', poisoned(0x5a5a, { alarm: true }), { errno: 'EINTR', exit: 10, flags: fl(0x5a5a, false), pc: 0x6c, pstate: P,
    raw: hex(`${POISON8} ${POISON8}`) });

  // a, a2: ENABLE|USE_SW_BP from +0 stops at the BRK, again without touching PC.
  m.debug({ control: ENABLE | USE_SW_BP });
  m.setPc(0x00);
  step('a', poisoned(0xfffe), { exit: 4, flags: fl(0xfffe, true), pc: 0x0c, pstate: P, raw: debugRaw(p, e, 0xf2001234) });
  step('a2', poisoned(0xfffe), { exit: 4, flags: fl(0xfffe, true), pc: 0x0c, pstate: P, raw: debugRaw(p, e, 0xf2001234) });

  // b1..b3: single-step from +0; b4: step with SW_BP at the BRK (the BRK wins).
  m.debug({ control: ENABLE | SINGLESTEP });
  m.setPc(0x00);
  for (const [i, pc] of [[1, 0x04], [2, 0x08], [3, 0x0c]] as const) {
    step(`b${i}`, poisoned(0xfffe), { exit: 4, flags: fl(0xfffe, true), pc, pstate: P, raw: debugRaw(p, e, 0xcb000022) });
  }
  m.debug({ control: ENABLE | SINGLESTEP | USE_SW_BP });
  step('b4', poisoned(0), { exit: 4, flags: fl(0, true), pc: 0x0c, pstate: is61 ? 0x3c5 : 0x2003c5, raw: debugRaw(p, e, 0xf2001234) });

  // c: hardware breakpoint at +0x48.
  m.debug({ control: ENABLE | USE_HW, bcr: [0x1e7n], bvr: [0x10048n] });
  m.setPc(0x40);
  step('c', poisoned(0xfffe), { exit: 4, flags: fl(0xfffe, true), pc: 0x48, pstate: P, raw: debugRaw(p, e, 0xc2000022) });

  // d: store watchpoint on the data word; far is the watched address on 6.1, the last MMIO abort's on 5.10.
  m.debug({ control: ENABLE | USE_HW, wcr: [0x1ff7n], wvr: [0x10800n] });
  m.setPc(0x20);
  const farD = is61 ? 0x10800n : 0x20000000n;
  step('d', poisoned(0xfffe), { exit: 4, flags: fl(0xfffe, true), pc: 0x28, pstate: P,
    raw: debugRaw(p, e, 0xd2000062, toHex(bytesOf(farD, 8, e))) });
  if (e === 'le') {
    assert.equal(toHex(m.vcpu.run.subarray(32, 48)), is61
      ? '62 00 00 d2 00 00 00 00 00 08 01 00 00 00 00 00' : '62 00 00 d2 aa aa aa aa 00 00 00 20 00 00 00 00', 'd: observed bytes');
  }
  assert.equal(dataWord(m), 0, 'd: the store did not execute');
  // d2: a load does not trigger a store watchpoint.
  m.setPc(0x80);
  step('d2', poisoned(0, { alarm: true }), { errno: 'EINTR', exit: 10, flags: 0, pc: 0x8c, pstate: P, raw: hex(`${POISON8} ${POISON8}`) });
  // d3: load/store watchpoint, guest load.
  m.debug({ control: ENABLE | USE_HW, wcr: [0x1fffn], wvr: [0x10800n] });
  m.setPc(0x80);
  step('d3', poisoned(0), { exit: 4, flags: fl(0, true), pc: 0x84, pstate: P,
    raw: debugRaw(p, e, 0xd2000022, toHex(bytesOf(farD, 8, e))) });

  // e3: debugging off, MMIO store; e4: immediate_exit still completes it but touches nothing else.
  m.debug({ control: 0 });
  m.setPc(0x60);
  step('e3', poisoned(0xffff), { exit: 6, flags: fl(0xffff, false), pc: 0x68, pstate: P, mmio: { addr: 0x20000000n, len: 8, write: true } });
  step('e4', poisoned(0x1234, { immediateExit: true }), { errno: 'EINTR', exit: 6, flags: 0x1234, pc: 0x6c, pstate: P,
    raw: hex(`${POISON8} ${POISON8}`) });

  // f: undefined control bits; f1: SINGLESTEP without ENABLE is accepted and does nothing.
  for (const control of [0x5, 0x40001]) {
    assert.throws(() => m.debug({ control }), (err: unknown) => err instanceof KvmError && err.errno === 'EINVAL', `f: 0x${control.toString(16)}`);
  }
  m.debug({ control: SINGLESTEP });
  m.setPc(0x40);
  step('f1', poisoned(0xfffe, { alarm: true }), { errno: 'EINTR', exit: 10, flags: fl(0xfffe, false), pc: 0x4c, pstate: P });

  // g1..g5: stepping across an MMIO store.
  m.debug({ control: ENABLE | SINGLESTEP });
  m.setPc(0x60);
  step('g1', poisoned(0xfffe), { exit: 4, flags: fl(0xfffe, true), pc: 0x64, pstate: P, raw: debugRaw(p, e, 0xcb000022) });
  step('g2', poisoned(0xfffe), { exit: 4, flags: fl(0xfffe, true), pc: 0x68, pstate: P, raw: debugRaw(p, e, 0xcb000022) });
  step('g3', poisoned(0xfffe), { exit: 6, flags: fl(0xfffe, false), pc: 0x68, pstate: is61 ? 0x3c5 : 0x2003c5,
    mmio: { addr: 0x20000000n, len: 8, write: true } });
  // 6.1: the step is taken right after the emulated store (ISV=0); 5.10 first runs the `b .` (ISV=1).
  step('g4', poisoned(0xfffe), { exit: 4, flags: fl(0xfffe, true), pc: 0x6c, pstate: P, raw: debugRaw(p, e, is61 ? 0xca000022 : 0xcb000022) });
  step('g5', poisoned(0xfffe), { exit: 4, flags: fl(0xfffe, true), pc: 0x6c, pstate: P, raw: debugRaw(p, e, 0xcb000022) });

  // h1: ENABLE alone still makes a guest BRK exit; h2: with SINGLESTEP at the BRK.
  m.debug({ control: ENABLE });
  m.setPc(0x00);
  step('h1', poisoned(0xfffe), { exit: 4, flags: fl(0xfffe, true), pc: 0x0c, pstate: P, raw: debugRaw(p, e, 0xf2001234) });
  m.debug({ control: ENABLE | SINGLESTEP });
  step('h2', poisoned(0xfffe), { exit: 4, flags: fl(0xfffe, true), pc: 0x0c, pstate: is61 ? 0x3c5 : 0x2003c5, raw: debugRaw(p, e, 0xf2001234) });

  // S1: MMIO store of 0x1122334455667788 to 0xab_cdef_0000, then brk #0x4321 with nothing touched.
  const s1Phys = bytesOf(0xabcdef0000n, 8, e);
  const s1Data = hex('88 77 66 55 44 33 22 11'); // guest (little-endian) order on any host
  const s1Debug = [...bytesOf(0xf2004321, 4, e), ...(is61 ? bytesOf(0, 4, e) : s1Phys.slice(4)), ...s1Data];
  m.debug({ control: ENABLE | USE_SW_BP });
  m.setPc(0xa0);
  step('s1a', poisoned(0), { exit: 6, flags: 0, pc: 0xb8, pstate: P, raw: [...s1Phys, ...s1Data],
    mmio: { addr: 0xabcdef0000n, len: 8, write: true } });
  step('s1b', { flags: null, poison: false }, { exit: 4, flags: fl(0, true), pc: 0xbc, pstate: P, raw: s1Debug });
  if (e === 'le') {
    assert.equal(toHex(m.vcpu.run.subarray(32, 48)), is61
      ? '21 43 00 f2 00 00 00 00 88 77 66 55 44 33 22 11' : '21 43 00 f2 ab 00 00 00 88 77 66 55 44 33 22 11', 's1b: observed bytes');
  }
  m.setPc(0xa0);
  step('s1c', poisoned(0xfffe), { exit: 6, flags: fl(0xfffe, false), pc: 0xb8, pstate: P, raw: [...s1Phys, ...s1Data] });
  step('s1d', { flags: null, poison: false }, { exit: 4, flags: fl(0xfffe, true), pc: 0xbc, pstate: P, raw: s1Debug });

  // S2: store watchpoint hit, then the watchpoint removed as a debugger does, and the BRK after the store.
  m.debug({ control: ENABLE | USE_HW | USE_SW_BP, wcr: [0x1ff7n], wvr: [0x10800n] });
  m.setPc(0xe0);
  const s2Far = bytesOf(is61 ? 0x10800n : 0xabcdef0000n, 8, e);
  const s2High = is61 ? bytesOf(0, 4, e) : hex('aa aa aa aa');
  step('s2a', poisoned(0), { exit: 4, flags: fl(0, true), pc: 0xe8, pstate: P, raw: [...bytesOf(0xd2000062, 4, e), ...s2High, ...s2Far] });
  m.debug({ control: ENABLE | USE_SW_BP });
  step('s2b', { flags: null, poison: false }, { exit: 4, flags: fl(0, true), pc: 0xec, pstate: P,
    raw: [...bytesOf(0xf2005678, 4, e), ...s2High, ...s2Far] });
  assert.equal(dataWord(m), 0x5a, 's2b: the store executed');
  if (e === 'le') {
    assert.equal(toHex(m.vcpu.run.subarray(32, 48)), is61
      ? '78 56 00 f2 00 00 00 00 00 08 01 00 00 00 00 00' : '78 56 00 f2 aa aa aa aa 00 00 ef cd ab 00 00 00', 's2b: observed bytes');
  }
  return failures;
}

for (const p of ['6.1', '5.10'] as const) {
  for (const e of ['le', 'be'] as const) {
    test(`real-kernel observations, ${p} profile, ${e.toUpperCase()} host: rows e1..h2 and S1/S2 byte for byte`, () => {
      assert.deepEqual(experiment(p, e), []);
    });
  }
}
