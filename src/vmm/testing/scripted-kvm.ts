/**
 * A KvmSystem whose KVM_RUN plays a script: each step is a function that fills kvm_run (in the chosen
 * byte order, at Linux's offsets) and may change registers, as a kernel would. Every ioctl is recorded,
 * so tests can assert the exact sequence a VMM issues. Only for unit tests of vmm/.
 */
import { KvmError, decodeEnableCap, KVMDBG_EXIT_INSN_BUDGET, KVMDBG_REG_INSN_COUNT, KVM_CAP_GUEST_DEBUG_HW_BPS, KVM_CAP_GUEST_DEBUG_HW_WPS, decodeGuestDebug, encodeVcpuInit, type Endian, type GuestDebug, type KvmSystem, type KvmVcpu, type KvmVm, type UserMemoryRegion } from '../../abi/index.ts';

export type Step = (k: ScriptedKvm) => void;

export class ScriptedKvm implements KvmSystem, KvmVm, KvmVcpu {
  readonly backendName = 'scripted';
  readonly kernelDescription = 'test script';
  readonly run = new Uint8Array(2352);
  readonly regs = new Map<bigint, bigint>();
  readonly calls: string[] = [];
  readonly debugs: GuestDebug[] = [];
  memory: Uint8Array | undefined;
  /** What KVM_GET_MP_STATE answers (KVM_MP_STATE_RUNNABLE unless a test changes it). */
  mpState = 0;
  /** KVM_CHECK_EXTENSION answers beyond the breakpoint and watchpoint counts. */
  readonly caps = new Map<number, number>();
  /** The instruction budget armed last (KVMDBG_CAP_INSN_BUDGET): a budget exit adds it to the count. */
  budget = 0n;
  private readonly script: Step[] = [];
  readonly view = new DataView(this.run.buffer);

  constructor(readonly hostEndian: Endian = 'le', readonly hwBps = 6, readonly hwWps = 4) {}

  then(...steps: Step[]): this {
    this.script.push(...steps);
    return this;
  }

  get le(): boolean {
    return this.hostEndian === 'le';
  }

  // KvmSystem
  getApiVersion(): number { return 12; }
  checkExtension(cap: number): number {
    return cap === KVM_CAP_GUEST_DEBUG_HW_BPS ? this.hwBps : cap === KVM_CAP_GUEST_DEBUG_HW_WPS ? this.hwWps : this.caps.get(cap) ?? 0;
  }
  getVcpuMmapSize(): number { return 2352; }
  createVm(): KvmVm { this.calls.push('KVM_CREATE_VM'); return this; }
  allocGuestMemory(size: number): Uint8Array { return new Uint8Array(size); }
  setTimerSignal(ms: number): void { this.calls.push(`timer ${ms}`); }
  // KvmVm
  setUserMemoryRegion(r: UserMemoryRegion): void { this.memory = r.memory; this.calls.push('KVM_SET_USER_MEMORY_REGION'); }
  armPreferredTarget(): Uint8Array { return encodeVcpuInit({ target: 5, features: [] }, this.hostEndian); }
  createVcpu(): KvmVcpu { this.calls.push('KVM_CREATE_VCPU'); return this; }
  // KvmVcpu
  armVcpuInit(): void { this.calls.push('KVM_ARM_VCPU_INIT'); }
  getOneReg(id: bigint): bigint { return this.regs.get(id) ?? 0n; }
  setOneReg(id: bigint, v: bigint): void { this.regs.set(id, v); }
  setGuestDebug(dbg: Uint8Array): void {
    const d = decodeGuestDebug(dbg, this.hostEndian);
    if (d.control & ~0x30003) throw new KvmError('EINVAL', 'KVM_SET_GUEST_DEBUG');
    this.debugs.push(d);
    this.calls.push(`KVM_SET_GUEST_DEBUG 0x${d.control.toString(16)}`);
  }
  enableCap(cap: Uint8Array): void {
    const c = decodeEnableCap(cap, this.hostEndian);
    this.calls.push(`KVM_ENABLE_CAP 0x${c.cap.toString(16)} ${c.args[0]}`);
    this.budget = c.args[0]!;
  }
  getMpState(mp: Uint8Array): void {
    this.calls.push('KVM_GET_MP_STATE');
    new DataView(mp.buffer, mp.byteOffset).setUint32(0, this.mpState, this.le);
  }
  setMpState(mp: Uint8Array): void {
    this.mpState = new DataView(mp.buffer, mp.byteOffset).getUint32(0, this.le);
    this.calls.push(`KVM_SET_MP_STATE ${this.mpState}`);
  }
  runVcpu(): void {
    if (this.run[1] !== 0) {
      // immediate_exit: EINTR before entering the guest; exit_reason and flags stay as they were
      this.calls.push('KVM_RUN immediate_exit');
      throw new KvmError('EINTR', 'KVM_RUN');
    }
    this.calls.push('KVM_RUN');
    const step = this.script.shift();
    if (!step) throw new Error('script exhausted: the VMM ran the vCPU more often than the test expected');
    step(this);
  }
}

/** A debug exit as a 5.19+ kernel writes it (hsr, hsr_high, flag; far only for watchpoints). */
export function debugExit(esr: number, far?: bigint): Step {
  return (k) => {
    k.view.setUint32(8, 4, k.le);
    k.view.setUint16(14, 1, k.le);
    k.view.setUint32(32, esr >>> 0, k.le);
    k.view.setUint32(36, 0, k.le);
    if (far !== undefined) k.view.setBigUint64(40, far, k.le);
  };
}

export function shutdownExit(): Step {
  return (k) => {
    k.view.setUint32(8, 24, k.le);
    k.view.setUint16(14, 0, k.le);
    k.view.setUint32(32, 1, k.le);
  };
}

export function mmioWriteExit(addr: bigint, byte: number): Step {
  return (k) => {
    k.view.setUint32(8, 6, k.le);
    k.view.setUint16(14, 0, k.le);
    k.view.setBigUint64(32, addr, k.le);
    k.run.fill(0, 40, 48);
    k.run[40] = byte;
    k.view.setUint32(48, 1, k.le);
    k.run[52] = 1;
  };
}

/**
 * The model's KVMDBG_EXIT_INSN_BUDGET: the armed instruction budget is used up, so the vCPU's
 * KVMDBG_REG_INSN_COUNT has moved on by it (the script's other exits complete no instructions).
 */
export function budgetExit(): Step {
  return (k) => {
    k.regs.set(KVMDBG_REG_INSN_COUNT, (k.regs.get(KVMDBG_REG_INSN_COUNT) ?? 0n) + k.budget);
    k.budget = 0n;
    k.view.setUint32(8, KVMDBG_EXIT_INSN_BUDGET, k.le);
    k.view.setUint16(14, 0, k.le);
  };
}

export function eintr(): Step {
  return (k) => {
    k.view.setUint32(8, 10, k.le);
    throw new KvmError('EINTR', 'KVM_RUN');
  };
}
