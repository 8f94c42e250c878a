/**
 * The VMM's debugging API (vmm/debug-api.ts) as the GDB stub's Target (gdbstub/target.ts): the one place
 * that knows both. The VMM runs one vCPU, GDB's thread 1. The fpu feature's registers are the vCPU's
 * fp_regs, read and written through KVM_{GET,SET}_ONE_REG.
 */
import type { FpRegisterOps, StopReason, Target, Tid } from '../gdbstub/target.ts';
import { DebugApiError, type DebugTarget, type StopReason as VmmStop } from '../vmm/debug-api.ts';
import { monitorCommand } from '../vmm/monitor.ts';

/** The vCPU's thread id. */
const VCPU0: Tid = 1;
const THREADS: readonly Tid[] = Object.freeze([VCPU0]);

/** The fpu feature over the debug API: v0..v31 as 16 little-endian bytes, fpsr, fpcr. */
function fpOps(dt: DebugTarget): FpRegisterOps {
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

function vcpu(thread: Tid): void {
  if (thread !== VCPU0) throw new DebugApiError(`no thread ${thread}: the VM has one vCPU (thread ${VCPU0})`);
}

/** A VMM stop in the stub's terms. */
export function stubStop(s: VmmStop): StopReason {
  switch (s.kind) {
    case 'swbreak':
    case 'hwbreak':
    case 'step':
    case 'interrupted':
      return { kind: s.kind, thread: VCPU0 };
    case 'watch':
      return { kind: 'watch', thread: VCPU0, watchKind: s.watchKind, addr: s.addr };
    case 'poweroff':
      return { kind: 'poweroff', code: s.code };
    case 'reset':
      return { kind: 'reset' };
    case 'error':
    case 'limit':
      return { kind: 'error', message: s.message };
  }
}

export function gdbTarget(dt: DebugTarget): Target {
  const sw = {
    insert: (addr: bigint) => dt.insertSwBreakpoint(addr),
    remove: (addr: bigint) => dt.removeSwBreakpoint(addr),
  };
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
  const monitor = { run: (command: string) => monitorCommand(dt, command) };
  const fp = fpOps(dt);
  return {
    threads: () => THREADS,
    readCoreRegisters: (t) => { vcpu(t); return dt.readCoreRegisters(); },
    writeCoreRegister: (t, n, v) => { vcpu(t); dt.writeRegister(n, v); },
    readMemory: (a, l) => dt.readMemory(a, l),
    writeMemory: (a, d) => dt.writeMemory(a, d),
    resume: async (mode, t) => { vcpu(t); return stubStop(await dt.resume(mode)); },
    interrupt: () => dt.interrupt(),
    clearDebugState: () => dt.detach(),
    kill: () => dt.kill(),
    supportSwBreakpoint: () => sw,
    supportHwBreakpoint: () => (dt.hwLimits().breakpoints > 0 ? hw : undefined),
    supportHwWatchpoint: () => (dt.hwLimits().watchpoints > 0 ? wp : undefined),
    supportFpRegisters: () => fp,
    supportMonitor: () => monitor,
  };
}
