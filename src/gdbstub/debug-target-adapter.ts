/**
 * Adapts the VMM's DebugTarget (src/vmm/debug-api.ts) to the stub's Target. The VMM does not model
 * FP/SIMD state, so the fpu feature reads as zeros and refuses writes, as the brief for GDB's
 * aarch64 fpu feature allows ("registers the CPU does not model read as zero").
 */
import type { DebugTarget } from '../vmm/debug-api.ts';
import type { FpRegisterOps, Target } from './target.ts';

const ZERO_V = new Uint8Array(16);

const zeroFp: FpRegisterOps = {
  readV: () => ZERO_V,
  readFpsr: () => 0,
  readFpcr: () => 0,
  write: () => false,
};

export function fromDebugTarget(dt: DebugTarget): Target {
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
  const monitor = { lastExit: () => dt.lastExit(), kernelInfo: () => dt.kernelInfo() };
  return {
    readCoreRegisters: () => dt.readCoreRegisters(),
    writeCoreRegister: (n, v) => dt.writeRegister(n, v),
    readMemory: (a, l) => dt.readMemory(a, l),
    writeMemory: (a, d) => dt.writeMemory(a, d),
    resume: (mode) => dt.resume(mode),
    interrupt: () => dt.interrupt(),
    clearDebugState: () => dt.detach(),
    kill: () => dt.kill(),
    supportSwBreakpoint: () => sw,
    supportHwBreakpoint: () => (dt.hwLimits().breakpoints > 0 ? hw : undefined),
    supportHwWatchpoint: () => (dt.hwLimits().watchpoints > 0 ? wp : undefined),
    supportFpRegisters: () => zeroFp,
    supportMonitor: () => monitor,
  };
}
