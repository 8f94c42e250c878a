/**
 * The VMM's debugging API (vmm/debug-api.ts) as the GDB stub's Target (gdbstub/target.ts): the one place
 * that knows both. vCPU i is GDB's thread i + 1, as QEMU numbers its CPUs; a stop names the vCPU that
 * stopped (all stop with it), register packets select their thread's vCPU, and a step steps the thread
 * named. Memory and software breakpoints take the thread's virtual addresses (or guest-physical ones in
 * physical mode). The fpu feature's registers are the vCPU's fp_regs, read and written through
 * KVM_{GET,SET}_ONE_REG.
 */
import { REG_ELR_EL1, REG_PSTATE, REG_SP, REG_SP_EL1, REG_SPSR_EL1, sysRegId } from '../abi/index.ts';
import type { FpRegisterOps, StopReason, SystemRegisterOps, Target, Tid } from '../gdbstub/target.ts';
import { DebugApiError, type DebugTarget, type StopReason as VmmStop } from '../vmm/debug-api.ts';
import type { ElfSymbol } from '../vmm/elf.ts';
import { monitorCommand } from '../vmm/monitor.ts';

/** The fpu feature over the debug API: v0..v31 as 16 little-endian bytes, fpsr, fpcr. */
function fpOps(dt: DebugTarget): FpRegisterOps {
  const vcpu = (t: Tid): void => select(dt, t);
  return {
    readV: (t, n) => {
      vcpu(t);
      const v = dt.readFpRegister(34 + n);
      const b = new Uint8Array(16);
      for (let i = 0; i < 16; i++) b[i] = Number((v >> BigInt(8 * i)) & 0xffn);
      return b;
    },
    readFpsr: (t) => { vcpu(t); return Number(dt.readFpRegister(66)); },
    readFpcr: (t) => { vcpu(t); return Number(dt.readFpRegister(67)); },
    write: (t, regnum, value) => {
      vcpu(t);
      let v = 0n;
      for (let i = value.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(value[i]!);
      dt.writeRegister(regnum, v);
      return true;
    },
  };
}

/**
 * The system registers a kernel developer reads, named as QEMU's gdbstub names them (its cpreg names, so
 * SCTLR and VBAR without _EL1), each with the KVM_GET_ONE_REG id real arm64 KVM gives it: ELR_EL1,
 * SPSR_EL1, SP_EL0 and SP_EL1 are core registers (struct kvm_regs), and CNTV_CVAL_EL0 is
 * KVM_REG_ARM_TIMER_CVAL, whose uapi encoding is (3, 3, 14, 0, 2), not the register's (3, 3, 14, 3, 2).
 */
export const SYSTEM_REGISTERS: readonly (readonly [string, bigint])[] = [
  ['SCTLR', sysRegId(3, 0, 1, 0, 0)],
  ['TCR_EL1', sysRegId(3, 0, 2, 0, 2)],
  ['TTBR0_EL1', sysRegId(3, 0, 2, 0, 0)],
  ['TTBR1_EL1', sysRegId(3, 0, 2, 0, 1)],
  ['MAIR_EL1', sysRegId(3, 0, 10, 2, 0)],
  ['VBAR', sysRegId(3, 0, 12, 0, 0)],
  ['ESR_EL1', sysRegId(3, 0, 5, 2, 0)],
  ['FAR_EL1', sysRegId(3, 0, 6, 0, 0)],
  ['ELR_EL1', REG_ELR_EL1],
  ['SPSR_EL1', REG_SPSR_EL1],
  ['SP_EL0', REG_SP],
  ['SP_EL1', REG_SP_EL1],
  ['TPIDR_EL0', sysRegId(3, 3, 13, 0, 2)],
  ['TPIDR_EL1', sysRegId(3, 0, 13, 0, 4)],
  ['CNTV_CTL_EL0', sysRegId(3, 3, 14, 3, 1)],
  ['CNTV_CVAL_EL0', sysRegId(3, 3, 14, 0, 2)],
];

/**
 * SYSTEM_REGISTERS of a thread's vCPU, read through KVM_GET_ONE_REG and written through KVM_SET_ONE_REG
 * (false, so an error reply, when the kernel refuses the value).
 */
function systemRegisterOps(dt: DebugTarget): SystemRegisterOps {
  const names = Object.freeze(SYSTEM_REGISTERS.map(([n]) => n));
  return {
    names: () => names,
    read: (t, i) => {
      const reg = SYSTEM_REGISTERS[i];
      if (!reg) return undefined;
      select(dt, t);
      return dt.readSystemRegister(reg[1]);
    },
    write: (t, i, value) => {
      const reg = SYSTEM_REGISTERS[i];
      if (!reg) return false;
      select(dt, t);
      return dt.writeSystemRegister(reg[1], value);
    },
  };
}

/** Make the thread's vCPU the selected one. */
function select(dt: DebugTarget, thread: Tid): void {
  const n = dt.vcpuCount();
  if (!Number.isInteger(thread) || thread < 1 || thread > n) {
    throw new DebugApiError(`no thread ${thread}: the VM has ${n} vCPU${n === 1 ? '' : 's'} (threads 1..${n})`);
  }
  dt.selectVcpu(thread - 1);
}

/** PSTATE.M as Arm names the mode: EL0t, EL1t (SP_EL0) or EL1h (SP_EL1). */
export function pstateMode(cpsr: number): string {
  const el = (cpsr >>> 2) & 3;
  return `EL${el}${el !== 0 && (cpsr & 1) === 1 ? 'h' : 't'}`;
}

/** A VMM stop in the stub's terms; `thread` is the stopped vCPU's. */
export function stubStop(s: VmmStop, thread: Tid = 1): StopReason {
  switch (s.kind) {
    case 'swbreak':
    case 'hwbreak':
    case 'step':
    case 'interrupted':
      return { kind: s.kind, thread };
    case 'watch':
      return { kind: 'watch', thread, watchKind: s.watchKind, addr: s.addr };
    case 'poweroff':
      return { kind: 'poweroff', code: s.code };
    case 'reset':
      return { kind: 'reset' };
    case 'history-begin':
      return { kind: 'history-begin', thread };
    case 'error':
    case 'limit':
      return { kind: 'error', message: s.message };
  }
}

/** `symbols`: the guest's link-time symbols, for monitor commands that need them (`monitor kaslr`). */
export function gdbTarget(dt: DebugTarget, symbols: ElfSymbol[] = []): Target {
  // a software breakpoint goes where the thread's tables map its address
  const sw = {
    insert: (addr: bigint, _kind: number, t: Tid) => { select(dt, t); return dt.insertSwBreakpoint(addr); },
    remove: (addr: bigint, _kind: number, t: Tid) => { select(dt, t); return dt.removeSwBreakpoint(addr); },
  };
  const phys = { get: () => dt.physicalMemory(), set: (on: boolean) => dt.setPhysicalMemory(on) };
  const hw = {
    insert: (addr: bigint) => dt.insertHwBreakpoint(addr),
    remove: (addr: bigint) => dt.removeHwBreakpoint(addr),
    limit: () => dt.hwLimits().breakpoints,
  };
  const wp = {
    insert: dt.insertWatchpoint.bind(dt),
    remove: dt.removeWatchpoint.bind(dt),
    limit: () => dt.hwLimits().watchpoints,
  };
  const monitor = { run: (command: string) => monitorCommand(dt, command, symbols) };
  const fp = fpOps(dt);
  const sys = systemRegisterOps(dt);
  const vcpu = (t: Tid): void => select(dt, t);
  const threadInfo = {
    extraInfo: (t: Tid): string => {
      vcpu(t);
      const power = dt.vcpuStopped(t - 1) ? 'powered off' : 'running';
      // PSTATE alone (one KVM_GET_ONE_REG): GDB asks for every thread's text at every stop
      const pstate = dt.readSystemRegister(REG_PSTATE);
      return `vCPU ${t - 1}, ${pstateMode(pstate !== undefined ? Number(pstate & 0xffffffffn) : dt.readCoreRegisters().cpsr)}, ${power}`;
    },
  };
  const reverseOps = { unavailable: (): string | undefined => undefined };
  const threads = Object.freeze(Array.from({ length: dt.vcpuCount() }, (_, i) => i + 1));
  return {
    threads: () => threads,
    readCoreRegisters: (t) => { vcpu(t); return dt.readCoreRegisters(); },
    writeCoreRegister: (t, n, v) => { vcpu(t); dt.writeRegister(n, v); },
    readMemory: (t, a, l) => { vcpu(t); return dt.readMemory(a, l); },
    writeMemory: (t, a, d) => { vcpu(t); dt.writeMemory(a, d); },
    // A step runs the stepping vCPU alone, whatever vCont lets the others do, so steps are deterministic;
    // a continue runs every vCPU (the VMM does not hold some back).
    resume: async (req) => {
      if (req.step !== undefined) vcpu(req.step);
      const h = req.reverse ? dt.historyApi?.() : undefined;
      if (req.reverse && !h) return { kind: 'error', message: 'reverse execution is off' };
      const stop = h ? await (req.step !== undefined ? h.reverseStep() : h.reverseContinue())
        : await dt.resume(req.step !== undefined ? 'step' : 'continue');
      return stubStop(stop, dt.stoppedVcpu() + 1);
    },
    interrupt: () => dt.interrupt(),
    clearDebugState: () => dt.detach(),
    kill: () => dt.kill(),
    supportSwBreakpoint: () => sw,
    supportHwBreakpoint: () => (dt.hwLimits().breakpoints > 0 ? hw : undefined),
    supportHwWatchpoint: () => (dt.hwLimits().watchpoints > 0 ? wp : undefined),
    supportFpRegisters: () => fp,
    supportMonitor: () => monitor,
    supportThreadInfo: () => threadInfo,
    supportSystemRegisters: () => sys,
    supportPhysicalMemoryMode: () => phys,
    supportReverseExecution: () => (dt.historyApi?.() ? reverseOps : undefined),
  };
}
