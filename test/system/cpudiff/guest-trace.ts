/**
 * Lock-step comparison of kvmdbg's CPU with QEMU on a compiled guest program: QEMU's system emulator
 * (virt, cortex-a57, one instruction per block, `-d cpu,nochain`) logs the registers before every
 * instruction; kvmdbg's CPU runs the same ELF one instruction at a time and x0..x30, SP, PC and NZCV
 * must agree at every step.
 *
 * The CPU alone has no devices: an access outside RAM stops it with a stage-2 data abort (EC 0x24,
 * ISV=1, as the hardware reports MMIO to the hypervisor). The harness completes it as the VMM would:
 * a store to the PL011 data register is collected as console output, a load takes the value QEMU's
 * device returned (read from QEMU's next state), and the PC moves on. HVC (PSCI SYSTEM_OFF) ends the run.
 * Identification registers (MIDR, MPIDR, REVIDR, the ID_* space) and SCTLR_EL1's reset value are
 * model choices, not CPU semantics: where they differ QEMU's value is adopted and the difference noted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GuestCpu } from '../../../src/cpu/api.ts';
import { parseCpuLog, disassemble, type CpuState } from './qemu-trace.ts';
import { differences } from './harness.ts';

const RAM_BASE = 0x40000000;
const RAM_SIZE = 16 << 20;
const UART_DR = 0x09000000n;

/** Loads the PT_LOAD segments of a little-endian ELF64 into `ram` (based at RAM_BASE); returns the entry point. */
export function loadElf(elf: Uint8Array, ram: Uint8Array): bigint {
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  if (dv.getUint32(0, false) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) throw new Error('not a little-endian ELF64 file');
  const phoff = Number(dv.getBigUint64(32, true));
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  for (let i = 0; i < phnum; i++) {
    const b = phoff + i * phentsize;
    if (dv.getUint32(b, true) !== 1) continue;
    const off = Number(dv.getBigUint64(b + 8, true));
    const paddr = Number(dv.getBigUint64(b + 24, true));
    const filesz = Number(dv.getBigUint64(b + 32, true));
    if (paddr < RAM_BASE || paddr + filesz > RAM_BASE + RAM_SIZE) throw new Error(`segment at 0x${paddr.toString(16)} is outside RAM`);
    ram.set(elf.subarray(off, off + filesz), paddr - RAM_BASE);
  }
  return dv.getBigUint64(24, true);
}

export function qemuSystemTrace(elfPath: string): CpuState[] {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-guesttrace-'));
  try {
    const log = join(dir, 'cpu.log');
    const r = spawnSync('qemu-system-aarch64', ['-M', 'virt', '-cpu', 'cortex-a57', '-nographic', '-nic', 'none',
      '-kernel', elfPath, '-singlestep', '-d', 'cpu,nochain', '-D', log], { timeout: 120_000, maxBuffer: 16 << 20 });
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('qemu-system-aarch64 is missing: install the Debian package qemu-system-arm');
    }
    if (r.status !== 0) throw new Error(`qemu-system-aarch64 exited with ${r.status} (signal ${r.signal})`);
    return parseCpuLog(readFileSync(log, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** MRS of an identification register or SCTLR_EL1 (op0=3, op1=0, CRn=0 or CRn=1/CRm=0/op2=0). */
function isModelChoiceMrs(word: number): boolean {
  if ((word & 0xfff00000) !== 0xd5300000) return false;
  const op1 = (word >>> 16) & 7, crn = (word >>> 12) & 15, crm = (word >>> 8) & 15, op2 = (word >>> 5) & 7;
  if (((word >>> 19) & 3) !== 3 || op1 !== 0) return false;
  return crn === 0 || (crn === 1 && crm === 0 && op2 === 0);
}

/** Did the step from `from` end at an exception vector (VBAR_EL1 + 0x000..0x780) instead of in sequence? */
function tookException(cpu: GuestCpu, from: bigint, to: bigint): boolean {
  const vbar = cpu.getSysReg('VBAR_EL1');
  return to !== from + 4n && to >= vbar && to < vbar + 0x800n && (to - vbar) % 0x80n === 0n;
}

export interface GuestDiff {
  steps: number;
  console: string;
  notes: string[];
  mismatch?: string;
}

const hex = (v: bigint): string => `0x${v.toString(16).padStart(16, '0')}`;

function stateOf(cpu: GuestCpu): CpuState {
  return { pc: cpu.getPc(), x: Array.from({ length: 31 }, (_, i) => cpu.getX(i)), sp: cpu.getSp(), nzcv: cpu.getPstate() >>> 28 };
}

export function compareGuest(createCpu: () => GuestCpu, elf: Uint8Array, states: CpuState[]): GuestDiff {
  const cpu = createCpu();
  const ram = new Uint8Array(RAM_SIZE);
  const entry = loadElf(elf, ram);
  cpu.mapRam(BigInt(RAM_BASE), ram);
  const s0 = states[0];
  if (s0.pc !== entry) throw new Error(`QEMU's first state is at ${hex(s0.pc)}, not the ELF entry ${hex(entry)}`);
  cpu.setPstate(((s0.nzcv << 28) | 0x3c5) >>> 0);
  for (let i = 0; i < 31; i++) cpu.setX(i, s0.x[i]);
  cpu.setSp(s0.sp);
  cpu.setPc(entry);
  const word = (pc: bigint): number => {
    const o = Number(pc) - RAM_BASE;
    return o >= 0 && o + 4 <= RAM_SIZE ? new DataView(ram.buffer).getUint32(o, true) : 0;
  };
  let consoleOut = '';
  const notes: string[] = [];
  for (let k = 1; k < states.length; k++) {
    const pc = cpu.getPc();
    const w = word(pc);
    const stop = cpu.run(1);
    if (stop === 1 /* RunStop.TrapToEl2 */) {
      const esr = cpu.el2.esr;
      const ec = Number((esr >> 26n) & 0x3fn);
      if (ec === 0x16) return { steps: k - 1, console: consoleOut, notes }; // HVC: PSCI, the end
      if (ec !== 0x24 || ((esr >> 24n) & 1n) === 0n) {
        return { steps: k - 1, console: consoleOut, notes, mismatch: `at ${hex(pc)} ${w.toString(16).padStart(8, '0')} ${disassemble([w], Number(pc))[0]}: unexpected trap to EL2, ESR_EL2=${hex(esr)}` };
      }
      const srt = Number((esr >> 16n) & 0x1fn);
      const write = ((esr >> 6n) & 1n) === 1n;
      if (write) {
        if (cpu.el2.faultIpa === UART_DR) consoleOut += String.fromCharCode(Number(srt === 31 ? 0n : cpu.getX(srt) & 0xffn));
      } else if (srt !== 31) {
        cpu.setX(srt, states[k].x[srt]);
      }
      cpu.setPc(pc + 4n);
    }
    const now = stateOf(cpu);
    let diffs = differences(states[k], now);
    if (diffs.length && isModelChoiceMrs(w)) {
      const rt = w & 31;
      if (diffs.every((d) => d.startsWith(`X${rt} `))) {
        notes.push(`${disassemble([w], Number(pc))[0]}: QEMU ${hex(states[k].x[rt])}, kvmdbg ${hex(now.x[rt])} (QEMU's value used)`);
        cpu.setX(rt, states[k].x[rt]);
        diffs = [];
      }
    }
    if (diffs.length === 1 && diffs[0].startsWith('NZCV ') && states[k].nzcv === 0 && tookException(cpu, pc, now.pc)) {
      // QEMU writes PSTATE as DAIF|mode on exception entry, clearing NZCV; the architecture leaves NZCV as it
      // was (AArch64.TakeException changes EL, SP, SS, DAIF, IL only). Follow QEMU from here and note it.
      notes.push('on exception entry QEMU clears NZCV; kvmdbg keeps it, as the architecture does');
      cpu.setPstate(((cpu.getPstate() & 0x0fffffff) | (states[k].nzcv << 28)) >>> 0);
      diffs = [];
    }
    if (diffs.length) {
      return {
        steps: k - 1, console: consoleOut, notes,
        mismatch: `step ${k} at ${hex(pc)} ${w.toString(16).padStart(8, '0')}  ${disassemble([w], Number(pc))[0]}\n  ${diffs.join('\n  ')}`,
      };
    }
  }
  // QEMU's last state is the HVC that powered the machine off; the CPU must stop there with EC 0x16.
  const pc = cpu.getPc();
  const stop = cpu.run(1);
  const ec = Number((cpu.el2.esr >> 26n) & 0x3fn);
  if (stop === 1 && ec === 0x16) return { steps: states.length, console: consoleOut, notes };
  return { steps: states.length - 1, console: consoleOut, notes, mismatch: `QEMU's trace ends at ${hex(pc)} (PSCI SYSTEM_OFF), where kvmdbg's CPU did not take an HVC to EL2` };
}
