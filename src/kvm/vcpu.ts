/**
 * A vCPU file descriptor of the model kernel: one method per vCPU ioctl, named after it.
 * Each method validates like the kernel, acts, or throws KvmError with the kernel's errno.
 */
import { KvmError, type KvmVcpu } from '../abi/backend.ts';
import { readU32, readU64, readU8, writeU16, writeU32, writeU64 } from '../abi/codec.ts';
import {
  KVM_ARM_VCPU_EL1_32BIT, KVM_ARM_VCPU_POWER_OFF, KVM_ARM_VCPU_PSCI_0_2, KVM_EXIT_INTR, KVM_EXIT_MMIO, KVM_EXIT_UNKNOWN,
  KVM_MP_STATE_RUNNABLE,
  KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_USE_HW, KVM_GUESTDBG_VALID_MASK, KVMDBG_CAP_IDLE_EXIT, KVMDBG_CAP_INSN_BUDGET,
  KVMDBG_CAP_SEAMLESS_ENTRY, KVMDBG_EXIT_INSN_BUDGET,
} from '../abi/constants.ts';
import { decodeEnableCap } from '../abi/enable-cap.ts';
import { decodeGuestDebug } from '../abi/guest-debug.ts';
import { KVM_DEVICE_ATTR, KVM_ENABLE_CAP, KVM_GUEST_DEBUG, KVM_MP_STATE, KVM_REG_LIST, KVM_VCPU_INIT } from '../abi/kvm-structs.ts';
import { RUN_OFF } from '../abi/kvm-run.ts';
import { decodeVcpuInit } from '../abi/vcpu-init.ts';
import { RunStop, type GuestCpu } from '../cpu/api.ts';
import { ESR_ELx_EC_DABT_LOW, ESR_ELx_EC_HVC64, ESR_ELx_EC_IABT_LOW, ESR_ELx_EC_WATCHPT_LOW } from '../esr/ec.ts';
import { kvmTimerEnable, kvmTimerSyncCounter, kvmTimerUpdateIrq, kvmTimerVcpuLoad } from './arch-timer.ts';
import { debugSwitchToGuest, debugSwitchToHost, kvmArmClearDebug, kvmArmSetupDebug } from './debug.ts';
import { VCPU_RESET_PSTATE_EL1, esrEc } from './emulate.ts';
import { EINTR, errnoName } from './errno.ts';
import { KVM_ID_REGS } from './id-regs.ts';
import { ARM_EXCEPTION_IRQ, ARM_EXCEPTION_TRAP, handleExit } from './handle-exit.ts';
import { kvmArmVcpuGetAttr, kvmArmVcpuHasAttr, kvmArmVcpuSetAttr } from './vcpu-attr.ts';
import { kvmArchVcpuSetMpState, kvmArmVcpuPowerOff, kvmVcpuSleep, kvmVcpuSuspend, kvmVcpuWfi } from './power.ts';
import { kvmHandleMmioReturn } from './mmio.ts';
import { kvmArmGetReg, kvmArmSetReg } from './one-reg.ts';
import { kvmArmRegIndices } from './reg-list.ts';
import { OSLSR_EL1_OSLM_IMPLEMENTED, VcpuArch, newDebugRegs, type CarriedSleep, type VmContext } from './vcpu-arch.ts';

/** Guest instructions per entry before the model looks at the clock (a host timer interrupt's job). */
export const SLICE_INSNS = 1 << 16;
/** KVM_VCPU_MAX_FEATURES: feature bits 0..6 exist in 5.10 and 6.1. */
const KVM_VCPU_MAX_FEATURES = 7;
/** The value reset_unknown() stores in registers whose reset value is UNKNOWN. */
const RESET_UNKNOWN = 0x1de7ec7edbadc0den;
/** SCTLR_EL1's reset value in sys_reg_descs[] (RES1 bits; MMU and caches off, little-endian). */
const SCTLR_EL1_RESET = 0x00c50078n;

export class Vcpu implements KvmVcpu {
  readonly run: Uint8Array;
  /** The kernel's state for this vCPU (exposed for tests and the CLI's diagnostics). */
  readonly arch: VcpuArch;

  constructor(vm: VmContext, id: number, readonly cpu: GuestCpu, mmapSize: number, private readonly target: number) {
    this.run = new Uint8Array(mmapSize);
    this.arch = new VcpuArch(vm, id, cpu, this.run);
    // The timer outputs are wired to the timer contexts, and from there to the vGIC (arch-timer.ts).
    cpu.onTimerOutput = (timer, level) => kvmTimerUpdateIrq(this.arch, timer, level);
    // HCR_EL2.TID3: the guest reads its ID registers as read_id_reg() answers (id-regs.ts).
    cpu.hyp.idRegs = KVM_ID_REGS;
  }

  /**
   * KVM_ARM_VCPU_INIT (api.rst 4.82; arch/arm64/kvm/arm.c kvm_arch_vcpu_ioctl_vcpu_init, kvm_vcpu_set_target;
   * reset.c kvm_reset_vcpu). The target must be the one KVM_ARM_PREFERRED_TARGET reports (EINVAL); feature
   * bits beyond the known ones are ENOENT; a second init must repeat the target and features (EINVAL).
   * Features the modelled host lacks (AArch32 EL1, PMUv3, SVE, pointer auth) are EINVAL, as kvm_reset_vcpu
   * answers on such a host. Resets the vCPU: PSTATE 0x3c5 (EL1h, DAIF masked), PC 0, registers 0.
   * Same in both profiles.
   */
  armVcpuInit(init: Uint8Array): void {
    this.alive('KVM_ARM_VCPU_INIT');
    if (init.length < KVM_VCPU_INIT.size) throw new KvmError('EFAULT', 'KVM_ARM_VCPU_INIT', 'struct kvm_vcpu_init is 32 bytes');
    const v = this.arch;
    const req = decodeVcpuInit(init, v.e);
    if (req.target !== this.target) throw new KvmError('EINVAL', 'KVM_ARM_VCPU_INIT', `target ${req.target}, this host is ${this.target}`);
    if (v.target !== -1 && v.target !== req.target) throw new KvmError('EINVAL', 'KVM_ARM_VCPU_INIT', 'target differs from the first init');
    const want = new Set(req.features);
    for (const bit of req.features) {
      if (bit >= KVM_VCPU_MAX_FEATURES) throw new KvmError('ENOENT', 'KVM_ARM_VCPU_INIT', `unknown feature bit ${bit}`);
      if (v.target !== -1 && !v.features.has(bit)) throw new KvmError('EINVAL', 'KVM_ARM_VCPU_INIT', 'features differ from the first init');
    }
    if (v.target !== -1 && [...v.features].some((b) => !want.has(b))) {
      throw new KvmError('EINVAL', 'KVM_ARM_VCPU_INIT', 'features differ from the first init');
    }
    const unsupported = req.features.filter((b) => b !== KVM_ARM_VCPU_POWER_OFF && b !== KVM_ARM_VCPU_PSCI_0_2);
    if (unsupported.length) {
      throw new KvmError('EINVAL', 'KVM_ARM_VCPU_INIT', `feature ${unsupported.join(',')} is not available on this host` +
        (unsupported.includes(KVM_ARM_VCPU_EL1_32BIT) ? ' (no AArch32 EL1)' : ''));
    }
    v.target = req.target;
    v.features = want;
    this.kvmResetVcpu();
    // "Handle the 'start in power-off' case": STOPPED until PSCI CPU_ON, else RUNNABLE.
    if (want.has(KVM_ARM_VCPU_POWER_OFF)) kvmArmVcpuPowerOff(v);
    else v.mpState = KVM_MP_STATE_RUNNABLE;
  }

  /**
   * KVM_GET_MP_STATE (api.rst 4.38; arm.c kvm_arch_vcpu_ioctl_get_mpstate): the vCPU's power state,
   * RUNNABLE (also while halted in WFI), STOPPED or, on 6.1, SUSPENDED. Allowed before KVM_ARM_VCPU_INIT
   * (RUNNABLE). Same in both profiles but for SUSPENDED.
   */
  getMpState(mp: Uint8Array): void {
    this.alive('KVM_GET_MP_STATE');
    if (mp.length < KVM_MP_STATE.size) throw new KvmError('EFAULT', 'KVM_GET_MP_STATE', 'struct kvm_mp_state is 4 bytes');
    writeU32(mp, 0, this.arch.mpState, this.arch.e);
  }

  /**
   * KVM_SET_MP_STATE (api.rst 4.39; arm.c kvm_arch_vcpu_ioctl_set_mpstate): RUNNABLE (stored as is: the vCPU
   * resumes where it stopped, no reset), STOPPED (powered off, as PSCI CPU_OFF), SUSPENDED (6.1: KVM_RUN
   * waits for an interrupt and exits with KVM_SYSTEM_EVENT_WAKEUP); any other value is EINVAL (5.10 also
   * refuses SUSPENDED).
   */
  setMpState(mp: Uint8Array): void {
    this.alive('KVM_SET_MP_STATE');
    if (mp.length < KVM_MP_STATE.size) throw new KvmError('EFAULT', 'KVM_SET_MP_STATE', 'struct kvm_mp_state is 4 bytes');
    const state = readU32(mp, 0, this.arch.e);
    if (!kvmArchVcpuSetMpState(this.arch, state)) throw new KvmError('EINVAL', 'KVM_SET_MP_STATE', `mp_state ${state}`);
    this.arch.carriedSleep = null; // KVMDBG_CAP_IDLE_EXIT: userspace set the state the vCPU goes on from
  }

  /** kvm_reset_vcpu(): the architectural reset state KVM gives a vCPU (reset.c, sys_regs.c reset values). */
  private kvmResetVcpu(): void {
    const v = this.arch;
    const { cpu } = v;
    for (let n = 0; n < 31; n++) cpu.setX(n, 0n);
    // reset.c also clears fp_regs (V0..V31, FPSR, FPCR)
    for (let n = 0; n < 32; n++) cpu.setVReg(n, 0n);
    cpu.setSysReg('FPSR', 0n);
    cpu.setSysReg('FPCR', 0n);
    for (const r of ['SP_EL0', 'SP_EL1', 'ELR_EL1', 'SPSR_EL1', 'MDSCR_EL1', 'VBAR_EL1', 'CONTEXTIDR_EL1', 'OSDLR_EL1'] as const) {
      cpu.setSysReg(r, 0n);
    }
    for (const r of ['ESR_EL1', 'FAR_EL1', 'TPIDR_EL1', 'TPIDR_EL0'] as const) cpu.setSysReg(r, RESET_UNKNOWN);
    cpu.setSysReg('SCTLR_EL1', SCTLR_EL1_RESET);
    // reset_mpidr(): RES1 bit 31 and the affinity from the vCPU id, loaded into VMPIDR_EL2 for the guest.
    cpu.hyp.vmpidr = (1n << 31n) | v.mpidrAff;
    // The hardware OS Lock belongs to the host and is unlocked; the guest's is emulated in v.oslsr.
    cpu.setSysReg('OSLSR_EL1', OSLSR_EL1_OSLM_IMPLEMENTED);
    v.oslsr = OSLSR_EL1_OSLM_IMPLEMENTED;
    v.spsrAa32.fill(0n);
    v.mdccint = 0n;
    const fresh = newDebugRegs();
    for (const k of ['bcr', 'bvr', 'wcr', 'wvr'] as const) v.vcpuDebugState[k].splice(0, 16, ...fresh[k]);
    v.pendingIncrPc = false;
    v.pendingException = null;
    v.carriedSleep = null;
    // kvm_timer_vcpu_reset(): both timers' CTL to 0 (architecturally UNKNOWN), so no output is left up.
    cpu.setSysReg('CNTV_CTL_EL0', 0n);
    cpu.setSysReg('CNTP_CTL_EL0', 0n);
    cpu.setPstate(VCPU_RESET_PSTATE_EL1);
    cpu.setPc(0n);
    const rs = v.resetState;
    if (rs) {
      // PSCI CPU_ON: start at the requested entry point with the context id in x0.
      v.resetState = null;
      cpu.setPc(rs.pc);
      cpu.setX(0, rs.r0);
    }
  }

  /**
   * KVM_GET_ONE_REG (api.rst 4.69; arch/arm64/kvm/guest.c kvm_arm_get_reg): core registers by their
   * kvm_regs offset, the PSCI version firmware register, and the system registers the model keeps
   * (debug registers as the guest sees them, MDSCR_EL1, OSLSR_EL1, ESR/FAR/ELR/SPSR/VBAR/SCTLR_EL1, ...).
   * ENOEXEC before KVM_ARM_VCPU_INIT. Same in both profiles.
   */
  getOneReg(id: bigint): bigint {
    this.alive('KVM_GET_ONE_REG');
    if (!this.arch.initialized) throw new KvmError('ENOEXEC', 'KVM_GET_ONE_REG', 'KVM_ARM_VCPU_INIT first');
    const r = kvmArmGetReg(this.arch, id);
    if (r.errno) throw new KvmError(errnoName(r.errno), 'KVM_GET_ONE_REG', r.detail ?? `id 0x${id.toString(16)}`);
    return r.value;
  }

  /** KVM_SET_ONE_REG (api.rst 4.68; guest.c kvm_arm_set_reg): as getOneReg; PSTATE must be EL0t/EL1t/EL1h. */
  setOneReg(id: bigint, value: bigint): void {
    this.alive('KVM_SET_ONE_REG');
    if (!this.arch.initialized) throw new KvmError('ENOEXEC', 'KVM_SET_ONE_REG', 'KVM_ARM_VCPU_INIT first');
    const r = kvmArmSetReg(this.arch, id, value);
    if (r.errno) throw new KvmError(errnoName(r.errno), 'KVM_SET_ONE_REG', r.detail ?? `id 0x${id.toString(16)}`);
    this.arch.carriedSleep = null; // KVMDBG_CAP_IDLE_EXIT: userspace set the state the vCPU goes on from
  }

  /**
   * KVM_GET_REG_LIST (api.rst 4.84; arch/arm64/kvm/arm.c kvm_arch_vcpu_ioctl, guest.c
   * kvm_arm_copy_reg_indices): ENOEXEC before KVM_ARM_VCPU_INIT; EFAULT when the buffer has no room for
   * `n`. The kernel reads `n` (the room the caller made), writes back the vCPU's count, and fails with
   * E2BIG when that is more than the room, the count written all the same so the caller can retry;
   * otherwise it writes the ids after `n` (EFAULT if they run past the buffer). The ids and their order:
   * reg-list.ts. Same in both profiles.
   */
  getRegList(list: Uint8Array): void {
    this.alive('KVM_GET_REG_LIST');
    if (!this.arch.initialized) throw new KvmError('ENOEXEC', 'KVM_GET_REG_LIST', 'KVM_ARM_VCPU_INIT first');
    if (list.length < KVM_REG_LIST.size) throw new KvmError('EFAULT', 'KVM_GET_REG_LIST', 'struct kvm_reg_list is 8 bytes');
    const { e } = this.arch;
    const ids = kvmArmRegIndices();
    const room = readU64(list, 0, e);
    writeU64(list, 0, BigInt(ids.length), e);
    if (room < BigInt(ids.length)) throw new KvmError('E2BIG', 'KVM_GET_REG_LIST', `n = ${room}, the vCPU has ${ids.length} registers`);
    if (list.length < KVM_REG_LIST.size + 8 * ids.length) throw new KvmError('EFAULT', 'KVM_GET_REG_LIST', 'reg[] runs past the buffer');
    ids.forEach((id, i) => writeU64(list, KVM_REG_LIST.size + 8 * i, id, e));
  }

  /**
   * KVM_SET_GUEST_DEBUG (api.rst 4.87; arch/arm64/kvm/guest.c kvm_arch_vcpu_ioctl_set_guest_debug).
   * Any control bit outside KVM_GUESTDBG_VALID_MASK (0x30003) is EINVAL, checked first. Without ENABLE,
   * guest debugging is off (the other bits are ignored). With ENABLE the control word is kept as given
   * (so every guest BRK exits, USE_SW_BP or not) and, with USE_HW, all 16 of each dbg_* array are
   * copied unchecked; only the first 6 breakpoints and 4 watchpoints reach the hardware.
   * Profile 6.1 also forgets a pending step when debugging is turned off.
   */
  setGuestDebug(dbg: Uint8Array): void {
    this.alive('KVM_SET_GUEST_DEBUG');
    if (dbg.length < KVM_GUEST_DEBUG.size) throw new KvmError('EFAULT', 'KVM_SET_GUEST_DEBUG', 'struct kvm_guest_debug is 520 bytes');
    const v = this.arch;
    const d = decodeGuestDebug(dbg, v.e);
    if ((d.control & ~KVM_GUESTDBG_VALID_MASK) !== 0) {
      throw new KvmError('EINVAL', 'KVM_SET_GUEST_DEBUG', `control 0x${(d.control >>> 0).toString(16)} has bits outside 0x30003`);
    }
    if (!(d.control & KVM_GUESTDBG_ENABLE)) {
      v.guestDebug = 0;
      if (v.profile.tracksStepActivePending) v.ssActivePending = false;
      return;
    }
    v.guestDebug = d.control;
    if (d.control & KVM_GUESTDBG_USE_HW) v.externalDebugState = { bcr: d.bcr, bvr: d.bvr, wcr: d.wcr, wvr: d.wvr };
  }

  /**
   * KVM_ENABLE_CAP on the vCPU fd (api.rst 4.37). arm64 Linux has no capability to enable on a vCPU
   * (kvm_arch_vcpu_ioctl answers EINVAL); the model has two of its own (abi/constants.ts):
   * KVMDBG_CAP_INSN_BUDGET, args[0] = N arms an exact budget of N guest instructions, 0 disarms it;
   * KVMDBG_CAP_SEAMLESS_ENTRY, args[0] = 1: the next KVM_RUN's entry keeps the exclusive monitor;
   * KVMDBG_CAP_IDLE_EXIT, args[0] = 1 makes KVM_RUN return where an idle VM's count would skip, 0 not.
   * EINVAL for any other capability, flags other than 0, N beyond 2^53 - 1, or an args[0] other than 0
   * or 1 for the last two. Same in both profiles.
   */
  enableCap(bytes: Uint8Array): void {
    this.alive('KVM_ENABLE_CAP');
    if (bytes.length < KVM_ENABLE_CAP.size) throw new KvmError('EFAULT', 'KVM_ENABLE_CAP', 'struct kvm_enable_cap is 104 bytes');
    const c = decodeEnableCap(bytes, this.arch.e);
    if (c.cap === KVMDBG_CAP_SEAMLESS_ENTRY) {
      if (c.flags !== 0 || c.args[0]! > 1n) throw new KvmError('EINVAL', 'KVM_ENABLE_CAP', `flags 0x${c.flags.toString(16)}, args[0] ${c.args[0]}`);
      this.arch.seamlessEntry = c.args[0] === 1n;
      return;
    }
    if (c.cap === KVMDBG_CAP_IDLE_EXIT) {
      const on = c.args[0]!;
      if (c.flags !== 0 || on > 1n) throw new KvmError('EINVAL', 'KVM_ENABLE_CAP', `flags 0x${c.flags.toString(16)}, args[0] ${on} (0 or 1)`);
      this.arch.idleExit = on === 1n;
      return;
    }
    if (c.cap !== KVMDBG_CAP_INSN_BUDGET) throw new KvmError('EINVAL', 'KVM_ENABLE_CAP', `cap ${c.cap} cannot be enabled on a vCPU`);
    const n = c.args[0]!;
    if (c.flags !== 0 || n > BigInt(Number.MAX_SAFE_INTEGER)) throw new KvmError('EINVAL', 'KVM_ENABLE_CAP', `flags 0x${c.flags.toString(16)}, budget ${n}`);
    this.arch.insnBudget.arm(Number(n));
  }

  /**
   * KVM_SET_DEVICE_ATTR on the vCPU fd (api.rst 4.81; guest.c kvm_arm_vcpu_set_attr): the timer PPIs
   * (vcpu-attr.ts). EFAULT for a short struct kvm_device_attr; the attribute's errno otherwise.
   */
  setDeviceAttr(attr: Uint8Array, data: Uint8Array): void {
    this.attrIoctl('KVM_SET_DEVICE_ATTR', attr, () => kvmArmVcpuSetAttr(this.arch, attr, data));
  }

  /** KVM_GET_DEVICE_ATTR on the vCPU fd (kvm_arm_vcpu_get_attr). */
  getDeviceAttr(attr: Uint8Array, data: Uint8Array): void {
    this.attrIoctl('KVM_GET_DEVICE_ATTR', attr, () => kvmArmVcpuGetAttr(this.arch, attr, data));
  }

  /** KVM_HAS_DEVICE_ATTR on the vCPU fd (kvm_arm_vcpu_has_attr): returns, or ENXIO. */
  hasDeviceAttr(attr: Uint8Array): void {
    this.attrIoctl('KVM_HAS_DEVICE_ATTR', attr, () => kvmArmVcpuHasAttr(this.arch, attr));
  }

  private attrIoctl(name: string, attr: Uint8Array, f: () => number): void {
    this.alive(name);
    if (attr.length < KVM_DEVICE_ATTR.size) throw new KvmError('EFAULT', name, 'struct kvm_device_attr is 24 bytes');
    const r = f();
    if (r) throw new KvmError(errnoName(r), name);
  }

  /**
   * KVM_RUN (api.rst 4.10; arch/arm64/kvm/arm.c kvm_arch_vcpu_ioctl_run). In order:
   *  0. EIO on a dead VM (kvm_vcpu_ioctl);
   *  1. ENOEXEC before KVM_ARM_VCPU_INIT; the first run maps the vGIC (kvm_arch_vcpu_run_pid_change,
   *     kvm_vgic_map_resources: ENXIO, EINVAL or EBUSY, which kill the VM) and enables the timer
   *     (kvm_timer_enable: EINVAL for PPIs that clash or differ between vCPUs);
   *  2. if the last exit was KVM_EXIT_MMIO, complete it (a load gets kvm_run.mmio.data; PC steps over);
   *  3. immediate_exit set: EINTR at once, exit_reason and flags untouched (the MMIO was still completed);
   *  4. exit_reason = KVM_EXIT_UNKNOWN and, profile 6.1, flags = 0  <-- THE PATCH, part 1;
   *  5. loop: a pending signal ends it with EINTR/KVM_EXIT_INTR; then the vCPU's requests
   *     (check_vcpu_requests: a stopped vCPU sleeps, a CPU_ON reset is applied, a suspended vCPU waits for
   *     a wakeup; power.ts) and, if one is still pending, round again; a used-up instruction budget
   *     (KVMDBG_CAP_INSN_BUDGET, the model's own) ends it with KVMDBG_EXIT_INSN_BUDGET; otherwise set up
   *     debug, enter the guest (for at most the budget left), put the debug state back, handle the exit
   *     (handle-exit.ts) until a handler returns 0 (exit to userspace) or an error.
   * The first guest entry of a KVM_RUN is an ERET from EL2 (__guest_enter), which leaves the guest's
   * local exclusive monitor open (AArch64.ExceptionReturn: ClearExclusiveLocal): a store-exclusive after
   * a return to userspace fails unless the guest loads exclusively again, as on hardware, where the
   * host's own code between the exit and the next entry would clear it anyway. So no exit to userspace
   * ends with a monitor that matters, and a VMM saving a vCPU between KVM_RUNs loses nothing by having no
   * interface to it. The re-entries inside one KVM_RUN (after an exit the kernel handled itself, or the
   * model's time slice) clear it on hardware too, but there they follow the host (its interrupts, what
   * stage 2 maps, dirty logging), so the model leaves the monitor as it was: a guest's LDXR/STXR depends
   * only on the guest and on where userspace stopped it. KVMDBG_CAP_SEAMLESS_ENTRY (the model's own) makes
   * the next first entry keep the monitor: a VMM re-executing a recorded run through a point where it
   * stopped and the recorded run did not.
   * A wait in the kernel (a stopped vCPU, a WFI with nothing pending) ends only by a signal in this
   * single-threaded model: see signal-timer.ts. With KVMDBG_CAP_IDLE_EXIT, a wait that would skip the
   * VM's count ahead returns EINTR too, carrying the wait into the next KVM_RUN, which goes on with it
   * first (abi/constants.ts).
   */
  runVcpu(): void {
    const v = this.arch;
    const { run, e, profile } = v;
    this.alive('KVM_RUN');
    if (!v.initialized) throw new KvmError('ENOEXEC', 'KVM_RUN', 'KVM_ARM_VCPU_INIT first');
    if (!v.hasRunOnce) {
      // 6.1 marks the vCPU as run once the mapping succeeded (kvm_vcpu_ioctl sets vcpu->pid after
      // kvm_arch_vcpu_run_pid_change); 5.10's kvm_vcpu_first_run_init sets has_run_once before mapping.
      if (!profile.vgicMapFailureKillsVm) v.hasRunOnce = true;
      const r = v.vm.vgicMapResources();
      if (r) throw new KvmError(errnoName(r), 'KVM_RUN', profile.vgicMapFailureKillsVm ? 'mapping the vGIC failed; the VM is dead' : 'mapping the vGIC failed');
      const t = kvmTimerEnable(v);
      if (t) throw new KvmError(errnoName(t), 'KVM_RUN', `the timer PPIs ${v.archTimer.vtimerIrq} and ${v.archTimer.ptimerIrq} are not valid for every vCPU (kvm_timer_enable)`);
      v.hasRunOnce = true;
    }
    if (readU32(run, RUN_OFF.exitReason, e) === KVM_EXIT_MMIO) kvmHandleMmioReturn(v);
    v.vm.timer.enterKernel();
    if (readU8(run, RUN_OFF.immediateExit) !== 0) return this.out(-EINTR, 'immediate_exit');

    writeU32(run, RUN_OFF.exitReason, KVM_EXIT_UNKNOWN, e);
    if (profile.clearsFlagsOnRun) writeU16(run, RUN_OFF.flags, 0, e); // run->flags = 0 (5.19+)

    // KVMDBG_CAP_IDLE_EXIT: the sleep the last KVM_RUN carried goes on in this one
    let resume = v.carriedSleep;
    v.carriedSleep = null;
    let ret = 1;
    // a carried sleep goes on inside the kernel: its KVM_RUN enters the guest as the KVM_RUN that began the
    // sleep would have, without a first entry's ERET clearing the exclusive monitor
    let first = resume === null;
    while (ret > 0) {
      if (v.vm.timer.pending()) { // xfer_to_guest_mode_handle_work
        v.carriedSleep = resume;
        ret = this.signalExit();
        break;
      }
      if (resume) {
        this.resumeSleep(resume);
        resume = null;
        if (v.carriedSleep) { ret = this.idleExit(); break; }
        continue; // a signal may have ended the sleep
      }
      ret = this.checkVcpuRequests();
      if (ret <= 0) break;
      if (v.carriedSleep) { ret = this.idleExit(); break; }
      if (v.reqSleep || v.reqSuspend || v.resetState) continue; // kvm_vcpu_exit_request
      if (v.insnBudget.exhausted) {
        writeU32(this.run, RUN_OFF.exitReason, KVMDBG_EXIT_INSN_BUDGET, v.e);
        ret = 0;
        break;
      }
      kvmArmSetupDebug(v);
      if (first && !v.seamlessEntry) v.cpu.exceptionReturnFromEl2();
      if (first) v.seamlessEntry = false;
      first = false;
      const exceptionIndex = this.enterGuest();
      kvmArmClearDebug(v);
      ret = handleExit(v, exceptionIndex);
      if (ret > 0 && v.carriedSleep) ret = this.idleExit();
    }
    this.out(ret, 'KVM_RUN');
  }

  /**
   * KVMDBG_CAP_IDLE_EXIT: go on with the sleep the last KVM_RUN carried, the count free to skip to the
   * deadline (power.ts kvmVcpuBlock); a WFI completes once it ends. A SUSPENDED vCPU's request waits again
   * by itself. If the sleep has to be carried again, carriedSleep says so.
   */
  private resumeSleep(kind: CarriedSleep): void {
    const v = this.arch;
    v.skipAllowed = true;
    if (kind === 'request') return;
    if (kvmVcpuWfi(v)) v.carriedSleep = kind;
    else if (kind === 'wfi') v.incrPc();
  }

  /** KVMDBG_CAP_IDLE_EXIT: KVM_RUN returns EINTR as a signal would end the sleep, which it carries instead. */
  private idleExit(): number {
    writeU32(this.run, RUN_OFF.exitReason, KVM_EXIT_INTR, this.arch.e);
    return -EINTR;
  }

  /**
   * check_vcpu_requests(): KVM_REQ_SLEEP (a stopped vCPU sleeps; in the model until a signal), then
   * KVM_REQ_VCPU_RESET (the reset PSCI CPU_ON asked for), then KVM_REQ_SUSPEND (6.1).
   */
  private checkVcpuRequests(): number {
    const v = this.arch;
    if (v.reqSleep) {
      v.reqSleep = false;
      kvmVcpuSleep(v);
    }
    if (v.resetState) this.kvmResetVcpu();
    if (v.reqSuspend) {
      v.reqSuspend = false;
      return kvmVcpuSuspend(v);
    }
    return 1;
  }

  private signalExit(): number {
    this.arch.vm.timer.consume();
    writeU32(this.run, RUN_OFF.exitReason, KVM_EXIT_INTR, this.arch.e);
    return -EINTR;
  }

  /**
   * The world switch (__kvm_vcpu_run and fixup_guest_exit): apply a deferred PC increment or exception,
   * load the debug registers, run the guest for a time slice, record the syndrome of a trap, save the
   * debug registers. vcpu->arch.fault.far_el2 is refreshed for stage-2 aborts and, where the profile
   * has the fix, for watchpoints.
   */
  private enterGuest(): number {
    const v = this.arch;
    const { cpu, profile } = v;
    if (profile.incrPcAtEntry) v.adjustPc();
    debugSwitchToGuest(v);
    kvmTimerVcpuLoad(v);
    v.blocked = false;
    const retired = cpu.retired;
    const stop = cpu.run(v.insnBudget.slice(SLICE_INSNS));
    // The CPU counts a trap as an instruction; only an HVC has completed when it traps. Time (the
    // physical count) follows completed instructions, so a stage-2 or dirty-logging fault, which
    // depends on what the host has mapped, does not move the guest's clock.
    if (stop === RunStop.TrapToEl2 && esrEc(Number(cpu.el2.esr & 0xffffffffn)) !== ESR_ELx_EC_HVC64) {
      cpu.setPhysicalCount(cpu.getSysReg('CNTPCT_EL0') - 1n);
    }
    kvmTimerSyncCounter(v); // kvm_timer_sync_user: the VM's count moves on by what this vCPU ran
    let exceptionIndex = ARM_EXCEPTION_IRQ;
    if (stop !== RunStop.TrapToEl2) v.insnBudget.ran(cpu.retired - retired, false);
    else {
      exceptionIndex = ARM_EXCEPTION_TRAP;
      const { esr, far, faultIpa } = cpu.el2;
      v.esr = esr;
      v.esrLo = Number(esr & 0xffffffffn);
      const ec = esrEc(v.esrLo);
      v.insnBudget.ran(cpu.retired - retired, ec !== ESR_ELx_EC_HVC64);
      if (ec === ESR_ELx_EC_DABT_LOW || ec === ESR_ELx_EC_IABT_LOW || (profile.watchpointFarFromFault && ec === ESR_ELx_EC_WATCHPT_LOW)) {
        v.farEl2 = far;
        v.faultIpa = faultIpa;
      }
    }
    debugSwitchToHost(v);
    return exceptionIndex;
  }

  /**
   * The `out:` path: commit a pending PC adjustment so userspace sees a consistent PC, put the vGIC's CPU
   * interface state back (vgic_v2/v3_put), then return.
   */
  private out(ret: number, what: string): void {
    this.arch.skipAllowed = false;
    if (this.arch.profile.incrPcAtEntry) this.arch.adjustPc();
    // vcpu_put -> kvm_vgic_put: the CPU interface state comes back as the hardware kept it.
    const vgic = this.arch.vm.vgic;
    const c = vgic?.cpus[this.arch.vcpuIdx];
    if (vgic?.initialized && c) vgic.vmcrSync(c);
    if (ret < 0) {
      const detail = what === 'KVM_RUN' ? undefined : what;
      throw ret === -EINTR ? KvmError.routine('EINTR', 'KVM_RUN', detail) : new KvmError(errnoName(-ret), 'KVM_RUN', detail);
    }
  }

  /** kvm_vcpu_ioctl(): EIO once the VM is dead. */
  private alive(ioctl: string): void {
    if (this.arch.vm.vmDead) throw new KvmError('EIO', ioctl, 'the VM is dead (a failed vGIC mapping)');
  }
}
