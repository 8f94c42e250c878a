/**
 * Exit dispatch with fabricated syndromes (no guest code): the arm_exit_handlers[] table of
 * arch/arm64/kvm/handle_exit.c, and kvm_handle_guest_debug before and after the hsr_high patch
 * (Linux 18f3976fdb5d, "KVM: arm64: uapi: Add kvm_debug_exit_arch.hsr_high", v5.19; arch/arm64/kvm/handle_exit.c).
 * The real setup could never produce ESR[63:32] != 0
 * (QEMU 7.2 sets no ISS2 for these classes); here the upper half is made up to show where it goes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN_OFF, writeU16, readU16, readU32 } from '../abi/index.ts';
import {
  ESR_ELx_EC_BKPT32, ESR_ELx_EC_BREAKPT_CUR, ESR_ELx_EC_BREAKPT_LOW, ESR_ELx_EC_BRK64, ESR_ELx_EC_DABT_LOW,
  ESR_ELx_EC_HVC64, ESR_ELx_EC_IABT_LOW, ESR_ELx_EC_SOFTSTP_CUR, ESR_ELx_EC_SOFTSTP_LOW, ESR_ELx_EC_SYS64,
  ESR_ELx_EC_VECTOR32, ESR_ELx_EC_WATCHPT_CUR, ESR_ELx_EC_WATCHPT_LOW, ESR_ELx_EC_WFx,
} from '../esr/ec.ts';
import {
  ARM_EXIT_HANDLERS, ARM_EXCEPTION_TRAP, handleExit, handleHvc, kvmHandleGuestDebug, kvmHandleUnknownEc, kvmHandleWfx,
} from './handle-exit.ts';
import { kvmHandleGuestAbort } from './mmio.ts';
import { kvmHandleSysReg } from './sys-regs.ts';
import { bytesOf, experimentVm, hex, toHex } from './test-helpers.ts';

test('arm_exit_handlers[]: debug classes from a lower EL exit to userspace; _CUR classes and VECTOR32 are unknown', () => {
  for (const ec of [ESR_ELx_EC_SOFTSTP_LOW, ESR_ELx_EC_WATCHPT_LOW, ESR_ELx_EC_BREAKPT_LOW, ESR_ELx_EC_BKPT32, ESR_ELx_EC_BRK64]) {
    assert.equal(ARM_EXIT_HANDLERS[ec], kvmHandleGuestDebug, `EC 0x${ec.toString(16)}`);
  }
  for (const ec of [ESR_ELx_EC_BREAKPT_CUR, ESR_ELx_EC_SOFTSTP_CUR, ESR_ELx_EC_WATCHPT_CUR, ESR_ELx_EC_VECTOR32, 0x00, 0x3f]) {
    assert.equal(ARM_EXIT_HANDLERS[ec], kvmHandleUnknownEc, `EC 0x${ec.toString(16)}`);
  }
  assert.equal(ARM_EXIT_HANDLERS[ESR_ELx_EC_DABT_LOW], kvmHandleGuestAbort);
  assert.equal(ARM_EXIT_HANDLERS[ESR_ELx_EC_IABT_LOW], kvmHandleGuestAbort);
  assert.equal(ARM_EXIT_HANDLERS[ESR_ELx_EC_HVC64], handleHvc);
  assert.equal(ARM_EXIT_HANDLERS[ESR_ELx_EC_SYS64], kvmHandleSysReg);
  assert.equal(ARM_EXIT_HANDLERS[ESR_ELx_EC_WFx], kvmHandleWfx);
  assert.equal(ARM_EXIT_HANDLERS.length, 64);
});

for (const e of ['le', 'be'] as const) {
  const fabricate = (profile: '6.1' | '5.10', esr: bigint, farEl2: bigint) => {
    const m = experimentVm(profile, e);
    const v = m.vcpu.arch;
    const { run } = m.vcpu;
    writeU16(run, RUN_OFF.flags, 0xfffe, e);
    run.fill(0xaa, RUN_OFF.debugArch, RUN_OFF.debugArch + 16);
    v.esr = esr;
    v.esrLo = Number(esr & 0xffffffffn);
    v.farEl2 = farEl2;
    const ret = handleExit(v, ARM_EXCEPTION_TRAP);
    return { ret, run, arch: toHex(run.subarray(RUN_OFF.debugArch, RUN_OFF.debugArch + 16)) };
  };

  test(`kvmHandleGuestDebug, 6.1 (${e}): hsr = ESR[31:0], hsr_high = ESR[63:32], flags = HSR_HIGH_VALID, far only for watchpoints`, () => {
    const brk = fabricate('6.1', 0x00a5_0001_f200_1234n, 0x1234n);
    assert.equal(brk.ret, 0, 'exit to userspace');
    assert.equal(readU32(brk.run, RUN_OFF.exitReason, e), 4);
    assert.equal(readU16(brk.run, RUN_OFF.flags, e), 1, 'assigned, not OR-ed into 0xfffe');
    assert.equal(brk.arch, toHex([...bytesOf(0xf2001234, 4, e), ...bytesOf(0x00a50001, 4, e), ...hex('aa aa aa aa aa aa aa aa')]));
    const wp = fabricate('6.1', 0xd2000062n, 0x10800n);
    assert.equal(wp.arch, toHex([...bytesOf(0xd2000062, 4, e), ...bytesOf(0, 4, e), ...bytesOf(0x10800n, 8, e)]));
  });

  test(`kvmHandleGuestDebug, 5.10 (${e}): only hsr (and far for watchpoints); flags and the 4 bytes after hsr untouched`, () => {
    const brk = fabricate('5.10', 0x00a5_0001_f200_1234n, 0x1234n);
    assert.equal(brk.ret, 0);
    assert.equal(readU16(brk.run, RUN_OFF.flags, e), 0xfffe);
    assert.equal(brk.arch, toHex([...bytesOf(0xf2001234, 4, e), ...hex('aa aa aa aa aa aa aa aa aa aa aa aa')]));
    const wp = fabricate('5.10', 0xd2000062n, 0x20000000n);
    assert.equal(wp.arch, toHex([...bytesOf(0xd2000062, 4, e), ...hex('aa aa aa aa'), ...bytesOf(0x20000000n, 8, e)]));
  });
}
