/**
 * Lock-step comparison of kvmdbg's GDB stub with QEMU's over a real RSP connection: the same guest ELF
 * under `qemu-system-aarch64 -M virt -cpu cortex-a57 -S -gdb` and `kvmdbg run --gdb -S`, both held at
 * reset, are driven by a plan of windows: single steps (`vCont;s`), each followed by a comparison of
 * x0..x30, SP, PC and CPSR (the `g` packet's core registers), and runs to the same hardware breakpoint
 * (`Z1` + `vCont;c`) between the windows, compared the same way when both stop.
 *
 * Where the two machines legitimately differ the comparison is aligned, never skipped:
 *  - NZCV at reset (UNKNOWN in the architecture): QEMU's TCG resets Z = 1, KVM resets PSTATE to
 *    EL1h with DAIF set and NZCV = 0; QEMU's CPSR is set to kvmdbg's before the first step;
 *  - an MRS of a register listed in `alignedSysregs` (reset values KVM and QEMU choose), or a load of a
 *    device register listed in `alignedLoads` (where KVM's vGIC and QEMU's GIC differ), may read
 *    differently in the listed bits: when a step executed one and its Rt is the only register that
 *    differs, kvmdbg's value is written into QEMU's Rt (a `P` packet) and the step counts as aligned;
 *  - exception entry: QEMU 7.2 clears PSTATE.NZCV when it takes an exception, the architecture leaves
 *    them unchanged (AArch64.TakeException); on arrival at a vector entry (`vectors`) with NZCV = 0 on
 *    QEMU as the only difference, QEMU's CPSR is set to kvmdbg's;
 *  - time (windows with `time`): QEMU runs with `-icount shift=4`, one counter tick (62.5 MHz) per
 *    instruction as kvmdbg counts, but from another origin: QEMU's count is kvmdbg's + K. Each MRS of
 *    CNTVCT/CNTPCT must read exactly K more on QEMU (K is fixed by the first read, and again after each
 *    run to a breakpoint, where QEMU's idle clock may move differently), and its Rt is then set to
 *    kvmdbg's value; each MSR of CNTV_CVAL/CNTP_CVAL writes kvmdbg's value + K on QEMU (before the first
 *    counter read, the value as it is), and an MRS of CVAL must read what was written so (the K of the
 *    write when translated or set through TVAL, else the same), then set to kvmdbg's value. TVAL, being
 *    relative, is compared as it is. A WFI that waits: kvmdbg moves its counter to the deadline, QEMU's
 *    -icount clock moves with the host's while idle, so K changes across it (the windows end before a
 *    WFI and the interrupt is compared breakpoint to breakpoint). TVAL, being relative, is compared as it is. A window with `time` ends before a WFI.
 * Anything else that differs fails with the step number, the PC before the step, the instruction there
 * and every differing register.
 */
import { startStub, freePort, type StubProcess } from '../gdb-harness.ts';
import { RspClient } from './rsp.ts';

/** A system register as MRS encodes it: bits [19:5] of the instruction (o0, op1, CRn, CRm, op2). */
export function sysregKey(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return ((op0 - 2) << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

/**
 * A register whose MRS may read differently on the two machines: only in the bits of `mask`, or only
 * when kvmdbg reads `kvmdbg` and QEMU `qemu`.
 */
export interface AlignedSysreg { name: string; key: number; mask?: bigint; kvmdbg?: bigint; qemu?: bigint; reason: string }

export const alignedSysregs: AlignedSysreg[] = [
  {
    name: 'SCTLR_EL1', key: sysregKey(3, 0, 1, 0, 0), mask: 0x840n,
    reason: 'Reset value: several SCTLR_EL1 bits are architecturally UNKNOWN at reset; KVM resets it to ' +
      '0x00c50078 (arch/arm64/kvm/sys_regs.c), QEMU to its Cortex-A57 reset_sctlr 0x00c50838.',
  },
  {
    name: 'ID_AA64PFR0_EL1', key: sysregKey(3, 0, 0, 4, 0), mask: 0xff00n,
    reason: 'EL2 and EL3 fields: KVM shows the host core\'s (AArch64 at EL2 and EL3: 0x2222), QEMU\'s virt ' +
      'machine without virtualization=on/secure=on clears them (0x22).',
  },
  {
    name: 'SPSR_EL1', key: sysregKey(3, 0, 4, 0, 0), mask: 0x200000n,
    reason: 'SPSR_EL1.SS of an exception taken by a stepped instruction: KVM steps the guest with the ' +
      'architecture\'s software step (MDSCR_EL1.SS, PSTATE.SS = 1), and exception entry saves PSTATE.SS in ' +
      'SPSR_EL1.SS (Arm ARM D2.12, AArch64.TakeException); QEMU\'s gdbstub steps outside the architecture.',
  },
  {
    name: 'FAR_EL1', key: sysregKey(3, 0, 6, 0, 0), kvmdbg: 0x1de7ec7edbadc0den, qemu: 0n,
    reason: 'Reset value: FAR_EL1 is UNKNOWN at reset (and stays so until an exception reports an address); ' +
      'KVM fills it with 0x1de7ec7edbadc0de (reset_unknown in arch/arm64/kvm/sys_regs.c), QEMU with 0.',
  },
  {
    name: 'ESR_EL1', key: sysregKey(3, 0, 5, 2, 0), kvmdbg: 0x1de7ec7edbadc0den, qemu: 0n,
    reason: 'Reset value: ESR_EL1 is UNKNOWN at reset, and an interrupt does not write it; KVM fills it with ' +
      '0x1de7ec7edbadc0de (reset_unknown), QEMU with 0.',
  },
];

/** A 32-bit load (LDR Wt, [Xn, #imm]) of a device register that may read differently, in the bits of `mask`. */
export interface AlignedLoad { name: string; addr: bigint; mask: bigint; reason: string }

export const alignedLoads: AlignedLoad[] = [
  {
    name: 'GICD_CTLR (GICv3)', addr: 0x08000000n, mask: 0x1n,
    reason: 'EnableGrp0 with DS = 1: KVM\'s vGICv3 keeps only EnableGrp1 (vgic-mmio-v3.c: ARE_NS | DS | ' +
      'EnableGrp1A when enabled), QEMU\'s GICv3 keeps the Group 0 enable the guest writes.',
  },
  {
    name: 'GICR_WAKER (GICv3, CPU 0)', addr: 0x080a0014n, mask: 0x6n,
    reason: 'KVM\'s vGICv3 makes GICR_WAKER RAZ/WI (vgic-mmio-v3.c), QEMU\'s GICv3 resets it with ' +
      'ProcessorSleep and ChildrenAsleep set.',
  },
];

/**
 * One window of a plan: `steps` single steps, after running to the first of the hardware breakpoints
 * `at` (VAs) when given. `time`: translate the counter (see above) and end the window before a WFI.
 */
export interface Window { label: string; at?: bigint[]; steps: number; time?: boolean }

const MRS = 0xd5300000, MSR = 0xd5100000, WFI = 0xd503207f;
const COUNTERS = new Set([sysregKey(3, 3, 14, 0, 2), sysregKey(3, 3, 14, 0, 1)]);
/** CVAL and TVAL of the virtual and the physical timer, by timer. */
const CVALS = new Map([[sysregKey(3, 3, 14, 3, 2), 'v'], [sysregKey(3, 3, 14, 2, 2), 'p']]);
const TVALS = new Map([[sysregKey(3, 3, 14, 3, 0), 'v'], [sysregKey(3, 3, 14, 2, 0), 'p']]);

export interface LockstepResult {
  steps: number;
  /** Steps whose only difference was an aligned MRS, by register name. */
  aligned: Map<string, number>;
  /** PCs at the start of each window (after the run to its breakpoint). */
  windowPcs: bigint[];
  /** Per window: each PC visited and the step (from 0) of its first visit, to check what the window covered. */
  visited: Map<bigint, number>[];
  /** True when the guest powered off (both stubs) before the plan ended. */
  exited: boolean;
  /** Counter reads and CVAL writes translated by K, and the Ks seen (one per stretch of stepping). */
  counterReads: number;
  cvalWrites: number;
  ks: bigint[];
  /** Arrivals at a vector entry where QEMU had cleared NZCV. */
  nzcvAtEntry: number;
  /** Windows that ended before a WFI. */
  endedAtWfi: number;
}

const CORE_HEX = 34 * 16 - 8;   // x0..x30, sp, pc (8 bytes each), cpsr (4 bytes)
const REG_NAMES = [...Array.from({ length: 31 }, (_, i) => `x${i}`), 'sp', 'pc', 'cpsr'];

function le(hex: string): bigint {
  return BigInt(`0x${hex.match(/../g)!.reverse().join('')}`);
}
function regHex(g: string, r: number): string {
  return r === 33 ? g.slice(33 * 16, 33 * 16 + 8) : g.slice(r * 16, r * 16 + 16);
}
function hexOf(g: string, r: number): string {
  return `0x${le(regHex(g, r)).toString(16)}`;
}

export class LockstepError extends Error {}

/** Both stubs of one guest, connected. */
export class Pair {
  private constructor(
    readonly q: RspClient, readonly k: RspClient,
    private readonly qs: StubProcess, private readonly ks: StubProcess,
  ) {}

  /** Vector entry addresses (VBAR_EL1 + 0x000..0x780 of every vector table the guest uses). */
  vectors = new Set<bigint>();

  static async start(elf: string, machine: string, kvmdbgArgs: string[], qemuArgs: string[] = []): Promise<Pair> {
    const [pq, pk] = [await freePort(), await freePort()];
    const qs = await startStub('qemu', elf, pq, 1, { machine, qemuArgs });
    let ks: StubProcess;
    try {
      ks = await startStub('kvmdbg', elf, pk, 1, { kvmdbgArgs: [...kvmdbgArgs, '--history-size', '0'] });
    } catch (e) {
      qs.child.kill('SIGKILL');
      throw e;
    }
    const pair = new Pair(await RspClient.open(pq, 'qemu'), await RspClient.open(pk, 'kvmdbg'), qs, ks);
    for (const c of [pair.q, pair.k]) {
      await c.request('qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+');
      // QEMU accepts register writes only once the debugger has read the target description
      await c.request('qXfer:features:read:target.xml:0,ffb');
      await c.request('?');
    }
    return pair;
  }

  async both(packet: string): Promise<[string, string]> {
    return Promise.all([this.q.request(packet), this.k.request(packet)]);
  }

  async stop(): Promise<void> {
    for (const c of [this.q, this.k]) c.close();
    for (const s of [this.qs, this.ks]) {
      if (s.child.exitCode === null) s.child.kill('SIGKILL');
      await s.exited;
    }
  }

  /** Runs the plan; throws a LockstepError naming the step, PC, instruction and registers on a mismatch. */
  async run(plan: Window[]): Promise<LockstepResult> {
    const res: LockstepResult = {
      steps: 0, aligned: new Map(), windowPcs: [], visited: [], exited: false, counterReads: 0, cvalWrites: 0, ks: [],
      nzcvAtEntry: 0, endedAtWfi: 0,
    };
    let k: bigint | undefined;
    // how far QEMU's CVAL of each timer is from kvmdbg's: the K of the write that set it (0 before K was
    // known), or 'pending' when set through TVAL before K was known (then the next K)
    const shift = new Map<string, bigint | 'pending'>();
    let [gq, gk] = await this.both('g');
    // NZCV at reset is UNKNOWN: start QEMU from KVM's reset PSTATE
    const cpsr = regHex(gk, 33);
    if (regHex(gq, 33) !== cpsr) {
      const ok = await this.q.request(`P21=${cpsr}`);
      if (ok !== 'OK') throw new Error(`QEMU refused the CPSR write: ${ok}`);
      gq = await this.q.request('g');
    }
    this.compare(gq, gk, 'at reset', undefined);
    for (const w of plan) {
      if (w.at !== undefined) {
        for (const a of w.at) {
          const z = `Z1,${a.toString(16)},4`;
          const [zq, zk] = await this.both(z);
          if (zq !== 'OK' || zk !== 'OK') throw new Error(`${w.label}: ${z} answered ${zq} (QEMU) and ${zk} (kvmdbg)`);
        }
        const [sq, sk] = await this.both('vCont;c');
        const where = w.at.map((a) => `0x${a.toString(16)}`).join(' or ');
        if (sq.startsWith('W') || sk.startsWith('W')) {
          throw new LockstepError(`${w.label}: the guest ended before reaching ${where} (QEMU ${sq}, kvmdbg ${sk})`);
        }
        for (const a of w.at) await this.both(`z1,${a.toString(16)},4`);
        [gq, gk] = await this.both('g');
        gq = await this.alignEntry(gq, gk, res);
        this.compare(gq, gk, `${w.label}: at the breakpoint on ${where}`, undefined);
        // QEMU's idle clock (a WFI meanwhile) moves with the host's: K is measured again; the timers keep
        // the K they were written with
        k = undefined;
      }
      res.windowPcs.push(le(regHex(gk, 32)));
      const seen = new Map<bigint, number>();
      res.visited.push(seen);
      for (let i = 0; i < w.steps; i++) {
        const pc = le(regHex(gk, 32));
        const before = gk;
        if (!seen.has(pc)) seen.set(pc, i);
        let insn: number | undefined;
        let restore: string | undefined;
        if (w.time) {
          insn = Number(le(await this.k.request(`m${pc.toString(16)},4`)));
          if (insn === WFI) {
            res.endedAtWfi++;
            break;
          }
          const key = (insn >>> 5) & 0x7fff, rt = insn & 31;
          if ((insn & 0xfff00000) >>> 0 === MSR && CVALS.has(key)) {
            // before the first counter read K is unknown: the value goes as it is (a wrong guess could only
            // make QEMU's timer fire elsewhere, which the comparison would catch, never hide a difference)
            if (k !== undefined && rt !== 31) {
              restore = `P${rt.toString(16)}=${regHex(gk, rt)}`;
              await this.setQ(rt, BigInt.asUintN(64, le(regHex(gk, rt)) + k));
              res.cvalWrites++;
            }
            shift.set(CVALS.get(key)!, k !== undefined && rt !== 31 ? k : 0n);
          }
          if ((insn & 0xfff00000) >>> 0 === MSR && TVALS.has(key)) shift.set(TVALS.get(key)!, k ?? 'pending');
        }
        const [sq, sk] = await this.both('vCont;s:1');
        if (sq.startsWith('W') || sk.startsWith('W')) {
          if (sq.startsWith('W') && sk.startsWith('W')) {
            res.exited = true;
            return res;
          }
          throw new LockstepError(`${w.label}, step ${i + 1} from 0x${pc.toString(16)}: only one guest ended (QEMU ${sq}, kvmdbg ${sk})`);
        }
        res.steps++;
        if (restore !== undefined && (await this.q.request(restore)) !== 'OK') throw new Error('QEMU refused a register write');
        [gq, gk] = await this.both('g');
        const key = insn === undefined ? -1 : (insn >>> 5) & 0x7fff;
        if (insn !== undefined && (insn & 0xfff00000) >>> 0 === MRS && (COUNTERS.has(key) || CVALS.has(key)) && (insn & 31) !== 31) {
          const rt = insn & 31;
          const d = BigInt.asUintN(64, le(regHex(gq, rt)) - le(regHex(gk, rt)));
          if (COUNTERS.has(key) && k === undefined) {
            k = d;
            res.ks.push(k);
            for (const [t, v] of shift) if (v === 'pending') shift.set(t, k);
          }
          const sh = CVALS.has(key) ? shift.get(CVALS.get(key)!) ?? 0n : k!;
          if (sh === 'pending') throw new LockstepError(`${w.label}: CVAL read at 0x${pc.toString(16)} after a TVAL write, before any counter read`);
          const want = sh;
          if (d !== want) {
            throw new LockstepError(`${w.label}, step ${i + 1} (${res.steps} in all) at pc 0x${pc.toString(16)}: ${COUNTERS.has(key) ? 'the counter' : 'CVAL'} read ` +
              `${hexOf(gq, rt)} on QEMU and ${hexOf(gk, rt)} on kvmdbg, ${BigInt.asIntN(64, d - want)} ticks off the expected difference ${want}`);
          }
          gq = await this.setQ(rt, le(regHex(gk, rt)));
          res.counterReads++;
        }
        if (gq.slice(0, CORE_HEX) === gk.slice(0, CORE_HEX)) continue;
        gq = await this.align(gq, gk, pc, res, before);
        gq = await this.alignEntry(gq, gk, res);
        if (gq.slice(0, CORE_HEX) === gk.slice(0, CORE_HEX)) continue;
        const word = le(await this.k.request(`m${pc.toString(16)},4`));
        this.compare(gq, gk, `${w.label}, step ${i + 1} (${res.steps} in all) of the instruction 0x${word.toString(16).padStart(8, '0')}`, pc);
      }
    }
    return res;
  }

  /** Writes QEMU's Xn and returns its registers. */
  private async setQ(r: number, v: bigint): Promise<string> {
    const hex = v.toString(16).padStart(16, '0').match(/../g)!.reverse().join('');
    const ok = await this.q.request(`P${r.toString(16)}=${hex}`);
    if (ok !== 'OK') throw new Error(`QEMU refused the x${r} write: ${ok}`);
    return this.q.request('g');
  }

  /** At a vector entry: QEMU's NZCV cleared by the exception entry as the only difference. */
  private async alignEntry(gq: string, gk: string, res: LockstepResult): Promise<string> {
    const diff = this.differing(gq, gk);
    if (diff.length !== 1 || diff[0] !== 33 || !this.vectors.has(le(regHex(gk, 32)))) return gq;
    const cq = Number(le(regHex(gq, 33))), ck = Number(le(regHex(gk, 33)));
    if ((cq >>> 28) !== 0 || (cq & 0x0fffffff) !== (ck & 0x0fffffff)) return gq;
    const ok = await this.q.request(`P21=${regHex(gk, 33)}`);
    if (ok !== 'OK') throw new Error(`QEMU refused the CPSR write: ${ok}`);
    res.nzcvAtEntry++;
    return this.q.request('g');
  }

  /** After a step from `pc`: align an MRS of a listed register, or a listed device load, whose Rt is the only difference. */
  private async align(gq: string, gk: string, pc: bigint, res: LockstepResult, before: string): Promise<string> {
    const diff = this.differing(gq, gk);
    if (diff.length !== 1) return gq;
    const w = Number(le(await this.k.request(`m${pc.toString(16)},4`)));
    const rt = w & 31;
    if (diff[0] !== rt) return gq;
    const q = le(regHex(gq, rt)), k = le(regHex(gk, rt));
    let name: string | undefined;
    if ((w & 0xfff00000) >>> 0 === MRS) {
      const reg = alignedSysregs.find((a) => a.key === ((w >>> 5) & 0x7fff));
      if (reg && (reg.mask === undefined || ((q ^ k) & ~reg.mask) === 0n) &&
        (reg.kvmdbg === undefined || (reg.kvmdbg === k && reg.qemu === q))) name = reg.name;
    } else if ((w & 0xffc00000) >>> 0 === 0xb9400000) {
      const rn = (w >>> 5) & 31;
      const addr = le(regHex(before, rn)) + BigInt(((w >>> 10) & 0xfff) * 4);
      const load = rn === 31 ? undefined : alignedLoads.find((a) => a.addr === addr);
      if (load && ((q ^ k) & ~load.mask) === 0n) name = load.name;
    }
    if (name === undefined) return gq;
    res.aligned.set(name, (res.aligned.get(name) ?? 0) + 1);
    return this.setQ(rt, k);
  }

  private differing(gq: string, gk: string): number[] {
    return REG_NAMES.flatMap((_, r) => (regHex(gq, r) === regHex(gk, r) ? [] : [r]));
  }

  private compare(gq: string, gk: string, where: string, pc: bigint | undefined): void {
    const diff = this.differing(gq, gk);
    if (diff.length === 0) return;
    const lines = diff.map((r) => `  ${REG_NAMES[r]}: QEMU ${hexOf(gq, r)}, kvmdbg ${hexOf(gk, r)}`);
    const from = pc === undefined ? '' : ` at pc 0x${pc.toString(16)}`;
    throw new LockstepError(`${where}${from}, now at pc ${hexOf(gk, 32)} (QEMU ${hexOf(gq, 32)}): registers differ\n${lines.join('\n')}`);
  }
}
