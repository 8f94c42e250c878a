/**
 * How KVM routes and borrows the debug hardware around each guest entry: arch/arm64/kvm/debug.c
 * (kvm_arm_setup_debug, kvm_arm_clear_debug, kvm_arm_setup_mdcr_el2) and the world-switch half in
 * arch/arm64/kvm/hyp/include/hyp/debug-sr.h (__debug_switch_to_guest/_host).
 *
 *  - Any guest_debug makes MDCR_EL2.TDE route every debug exception of the guest (BRK, breakpoint,
 *    watchpoint, software step) to the hypervisor, i.e. to kvm_handle_guest_debug.
 *  - SINGLESTEP borrows the guest's MDSCR_EL1.SS and PSTATE.SS; USE_HW sets MDSCR_EL1.MDE and loads
 *    userspace's registers instead of the guest's. The guest's MDSCR_EL1 is saved before entry and put
 *    back after exit, so trapped guest accesses (MDCR_EL2.TDA) see and change only its own copy.
 *  - Profiles: 6.1 also saves/restores the guest's PSTATE.SS and remembers an active-pending step
 *    (DBG_SS_ACTIVE_PENDING); 5.10 sets PSTATE.SS on every entry and never gives it back.
 */
import { KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_HW } from '../abi/constants.ts';
import type { SysRegName } from '../cpu/api.ts';
import { ID_AA64DFR0_EL1_VALUE } from '../cpu/index.ts';
import { DBG_MDSCR_KDE, DBG_MDSCR_MDE, DBG_MDSCR_SS, DBG_SPSR_SS } from './emulate.ts';
import type { DebugRegs, VcpuArch } from './vcpu-arch.ts';

/**
 * Breakpoints and watchpoints the host implements, read from its ID_AA64DFR0_EL1 as get_num_brps() and
 * get_num_wrps() do (arch/arm64/include/asm/hw_breakpoint.h): BRPs + 1 and WRPs + 1.
 */
export const NUM_BRPS = 1 + Number((ID_AA64DFR0_EL1_VALUE >> 12n) & 0xfn);
export const NUM_WRPS = 1 + Number((ID_AA64DFR0_EL1_VALUE >> 20n) & 0xfn);

/** kvm_arm_setup_debug(): called before every guest entry. */
export function kvmArmSetupDebug(v: VcpuArch): void {
  const { cpu, profile } = v;
  const useHw = (v.guestDebug & KVM_GUESTDBG_USE_HW) !== 0;
  const osLock = v.osLockEnabled();
  // kvm_arm_setup_mdcr_el2(): trap the debug registers unless the guest is actively using them.
  let trapDebug = !v.debugDirty || osLock;
  const hyp = cpu.hyp;
  hyp.tde = v.guestDebug !== 0;
  hyp.tdosa = true;
  hyp.twi = true;

  // MDSCR_EL1 as the guest enters with it (the value written below, else the guest's own)
  let mdscr: bigint;
  if (v.guestDebug !== 0 || osLock) {
    // save_guest_debug_regs()
    mdscr = cpu.getSysReg('MDSCR_EL1');
    v.preservedMdscr = mdscr;
    const pstate = cpu.getPstate();
    v.preservedPstateSs = (pstate & DBG_SPSR_SS) !== 0;
    if (v.guestDebug & KVM_GUESTDBG_SINGLESTEP) {
      // Re-arm the step unless the last exit left it active-pending (6.1: DBG_SS_ACTIVE_PENDING).
      const keepPending = profile.tracksStepActivePending && v.ssActivePending;
      cpu.setPstate(keepPending ? pstate & ~DBG_SPSR_SS : pstate | DBG_SPSR_SS);
      mdscr |= DBG_MDSCR_SS;
    } else {
      mdscr &= ~DBG_MDSCR_SS;
    }
    if (useHw) {
      mdscr |= DBG_MDSCR_MDE;
      v.debugPtrExternal = true;
      v.debugDirty = true;
      trapDebug = true;
    } else if (osLock) {
      // The guest's OS Lock blocks only its own debug events: emulate it by clearing MDE.
      mdscr &= ~DBG_MDSCR_MDE;
    }
    cpu.setSysReg('MDSCR_EL1', mdscr);
  } else {
    mdscr = cpu.getSysReg('MDSCR_EL1');
  }
  hyp.tda = trapDebug;
  if (mdscr & (DBG_MDSCR_KDE | DBG_MDSCR_MDE)) v.debugDirty = true;
}

/** kvm_arm_clear_debug(): called after every guest exit, before the exit is handled. */
export function kvmArmClearDebug(v: VcpuArch): void {
  const { cpu, profile } = v;
  if (v.guestDebug === 0 && !v.osLockEnabled()) return;
  if (profile.tracksStepActivePending && (v.guestDebug & KVM_GUESTDBG_SINGLESTEP) && !(cpu.getPstate() & DBG_SPSR_SS)) {
    v.ssActivePending = true;
  }
  // restore_guest_debug_regs()
  cpu.setSysReg('MDSCR_EL1', v.preservedMdscr);
  if (profile.preservesPstateSs) {
    const pstate = cpu.getPstate();
    cpu.setPstate(v.preservedPstateSs ? pstate | DBG_SPSR_SS : pstate & ~DBG_SPSR_SS);
  }
  if (v.guestDebug & KVM_GUESTDBG_USE_HW) v.debugPtrExternal = false;
}

const debugPtr = (v: VcpuArch): DebugRegs => (v.debugPtrExternal ? v.externalDebugState : v.vcpuDebugState);

/**
 * __debug_switch_to_guest(): load the registers debug_ptr points at (only the implemented ones).
 * `v.hwDebug` remembers what the hardware holds, so unchanged registers are not written again.
 */
export function debugSwitchToGuest(v: VcpuArch): void {
  if (!v.debugDirty) return;
  const d = debugPtr(v);
  const hw = v.hwDebug;
  for (const [kind, count] of KINDS) {
    for (let n = 0; n < count; n++) {
      const val = d[kind][n]!;
      if (hw[kind][n] !== val) {
        v.cpu.setSysReg(REG_NAMES[kind][n]!, val);
        hw[kind][n] = val;
      }
    }
  }
}

/**
 * __debug_switch_to_host(): save what the guest may have written directly, then stop tracking.
 * While userspace's registers are loaded every guest access traps (TDA), so the hardware still holds
 * exactly them and there is nothing to read back.
 */
export function debugSwitchToHost(v: VcpuArch): void {
  if (!v.debugDirty) return;
  v.debugDirty = false;
  if (v.debugPtrExternal || v.cpu.hyp.tda) return;
  const d = debugPtr(v);
  const hw = v.hwDebug;
  for (const [kind, count] of KINDS) {
    for (let n = 0; n < count; n++) {
      const val = v.cpu.getSysReg(REG_NAMES[kind][n]!);
      d[kind][n] = val;
      hw[kind][n] = val;
    }
  }
}

type Kind = 'bcr' | 'bvr' | 'wcr' | 'wvr';
const KINDS: ReadonlyArray<readonly [Kind, number]> = [['bcr', NUM_BRPS], ['bvr', NUM_BRPS], ['wcr', NUM_WRPS], ['wvr', NUM_WRPS]];
const REG_NAMES: Readonly<Record<Kind, readonly SysRegName[]>> = {
  bcr: Array.from({ length: NUM_BRPS }, (_, n) => `DBGBCR${n}_EL1` as SysRegName),
  bvr: Array.from({ length: NUM_BRPS }, (_, n) => `DBGBVR${n}_EL1` as SysRegName),
  wcr: Array.from({ length: NUM_WRPS }, (_, n) => `DBGWCR${n}_EL1` as SysRegName),
  wvr: Array.from({ length: NUM_WRPS }, (_, n) => `DBGWVR${n}_EL1` as SysRegName),
};
