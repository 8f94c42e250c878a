/**
 * Lowers scenarios to a flat list of primitive operations, the same list for both sides: the real-kernel
 * runner gets it as the line program of conformance/runner/init.c (`toProgramText`), the kernel model
 * executes it through KvmSystem (model-side.ts). Every recorded operation has an index; a result is
 * `{ index, rc, errno, payload }` on both sides, so the comparison is on identical terms.
 */
import { KVM_RUN, REG_ELR_EL1, REG_PC, REG_PSTATE, REG_SP, REG_SPSR_EL1, REG_X, RUN_OFF, fieldInfo, sysRegId, writeU16 } from '../abi/index.ts';
import { SYSREGS, VCPU_STEPS, parseHexBytes, parseNum, type RegName, type Scenario } from './scenario.ts';

export type PlanOp =
  | { k: 'vm' }
  | { k: 'mem'; gpa: bigint; size: number }
  | { k: 'write'; off: number; bytes: Uint8Array }
  | { k: 'poke'; off: number; bytes: Uint8Array }
  | { k: 'init'; idx: number; features0: number }
  | { k: 'debug'; idx: number; control: number; regs: [number, bigint][] }
  | { k: 'set'; idx: number; id: bigint; value: bigint }
  | { k: 'get'; idx: number; id: bigint }
  | { k: 'run'; idx: number; ms: number }
  | { k: 'cap'; idx: number; cap: number }
  | { k: 'dump'; idx: number; off: number; len: number }
  | { k: 'vcpu'; idx: number; id: number }
  | { k: 'device'; idx: number; type: number; flags: number }
  | { k: 'attr'; idx: number; kind: 's' | 'g' | 'h'; size: number; group: number; attr: bigint; value: bigint }
  /** The same on the selected vCPU's fd. */
  | { k: 'vattr'; idx: number; kind: 's' | 'g' | 'h'; size: number; group: number; attr: bigint; value: bigint }
  | { k: 'irq'; idx: number; irq: number; level: number }
  /** Later vCPU operations (init, debug, set, get, poke, run, mp) act on the vCPU with this index. */
  | { k: 'sel'; n: number }
  | { k: 'mpget'; idx: number }
  | { k: 'mpset'; idx: number; state: number };

/** What a recorded operation was: scenario, step id, and which part of the step. */
export interface OpLabel {
  scenario: string;
  step: string;
  /** 'vcpuInit' | 'setReg' | 'getReg:pc' | 'setGuestDebug' | 'checkExtension' | 'run' | 'reg:pc' | 'dump' … */
  what: string;
}

export interface Plan {
  ops: PlanOp[];
  labels: OpLabel[];
}

/** kvm_run bytes 0..55 are recorded after every KVM_RUN: header, exit_reason, flags and the first 24 union bytes. */
export const RUN_RECORD_BYTES = 56;

export function regId(r: RegName): bigint {
  if (r === 'pc') return REG_PC;
  if (r === 'pstate') return REG_PSTATE;
  if (r === 'sp') return REG_SP;
  if (r === 'elr_el1') return REG_ELR_EL1;
  if (r === 'spsr_el1') return REG_SPSR_EL1;
  const sys = SYSREGS[r];
  if (sys) return sysRegId(...sys);
  return REG_X(Number(r.slice(1)));
}

/** Index of a debug register in the 64 u64s of kvm_guest_debug_arch (bcr[16], bvr[16], wcr[16], wvr[16]). */
const ARCH_INDEX = { bcr: 0, bvr: 16, wcr: 32, wvr: 48 } as const;

const DEBUG_ARCH_OFF = RUN_OFF.debugArch;
const DEBUG_ARCH_SIZE = fieldInfo(KVM_RUN, 'debug.arch').size;

export function buildPlan(scenarios: Scenario[]): Plan {
  const ops: PlanOp[] = [];
  const labels: OpLabel[] = [];
  const rec = (scenario: string, step: string, what: string): number => labels.push({ scenario, step, what }) - 1;
  for (const sc of scenarios) {
    ops.push({ k: 'vm' });
    ops.push({ k: 'mem', gpa: parseNum(sc.memory.guestPhysAddr, 'gpa'), size: Number(parseNum(sc.memory.size, 'size')) });
    for (const c of sc.code) {
      const bytes = new Uint8Array(4 * c.words.length);
      const dv = new DataView(bytes.buffer);
      c.words.forEach(([w], i) => dv.setUint32(4 * i, parseInt(w, 16), true)); // guests are little-endian
      ops.push({ k: 'write', off: Number(parseNum(c.at, 'at')), bytes });
    }
    for (const d of sc.data ?? []) ops.push({ k: 'write', off: Number(parseNum(d.at, 'at')), bytes: parseHexBytes(d.bytes, 'bytes') });
    let selected = 0;
    for (const s of sc.steps) {
      const n = VCPU_STEPS.has(s.op) ? ('vcpu' in s ? s.vcpu ?? 0 : 0) : selected;
      if (n !== selected) {
        ops.push({ k: 'sel', n });
        selected = n;
      }
      switch (s.op) {
        case 'vcpuInit':
          ops.push({ k: 'init', idx: rec(sc.name, s.id, 'vcpuInit'), features0: (s.features ?? []).reduce((a, b) => (a | (1 << b)) >>> 0, 0) });
          break;
        case 'setReg':
          ops.push({ k: 'set', idx: rec(sc.name, s.id, `setReg:${s.reg}`), id: regId(s.reg), value: parseNum(s.value, 'value') });
          break;
        case 'getReg':
          ops.push({ k: 'get', idx: rec(sc.name, s.id, `getReg:${s.reg}`), id: regId(s.reg) });
          break;
        case 'setGuestDebug': {
          const regs: [number, bigint][] = [];
          for (const b of s.breakpoints ?? []) {
            regs.push([ARCH_INDEX.bcr + b.n, parseNum(b.bcr, 'bcr')], [ARCH_INDEX.bvr + b.n, parseNum(b.bvr, 'bvr')]);
          }
          for (const w of s.watchpoints ?? []) {
            regs.push([ARCH_INDEX.wcr + w.n, parseNum(w.wcr, 'wcr')], [ARCH_INDEX.wvr + w.n, parseNum(w.wvr, 'wvr')]);
          }
          ops.push({ k: 'debug', idx: rec(sc.name, s.id, 'setGuestDebug'), control: Number(parseNum(s.control, 'control')), regs });
          break;
        }
        case 'checkExtension':
          ops.push({ k: 'cap', idx: rec(sc.name, s.id, `checkExtension:${s.name ?? s.cap}`), cap: Number(parseNum(s.cap, 'cap')) });
          break;
        case 'run': {
          if (s.poison?.flags !== undefined) {
            const b = new Uint8Array(2);
            writeU16(b, 0, Number(parseNum(s.poison.flags, 'flags')), 'le');
            ops.push({ k: 'poke', off: RUN_OFF.flags, bytes: b });
          }
          if (s.poison?.debugArch !== undefined) {
            ops.push({ k: 'poke', off: DEBUG_ARCH_OFF, bytes: new Uint8Array(DEBUG_ARCH_SIZE).fill(Number(parseNum(s.poison.debugArch, 'fill'))) });
          }
          if (s.immediateExit !== undefined) ops.push({ k: 'poke', off: RUN_OFF.immediateExit, bytes: Uint8Array.of(s.immediateExit) });
          for (const x of s.runWrites ?? []) ops.push({ k: 'poke', off: fieldInfo(KVM_RUN, x.field).offset, bytes: parseHexBytes(x.bytes, x.field) });
          ops.push({ k: 'run', idx: rec(sc.name, s.id, 'run'), ms: s.timerMs ?? 0 });
          for (const r of s.read ?? []) ops.push({ k: 'get', idx: rec(sc.name, s.id, `reg:${r}`), id: regId(r) });
          if (s.dump) ops.push({ k: 'dump', idx: rec(sc.name, s.id, 'dump'), off: Number(parseNum(s.dump.at, 'at')), len: s.dump.len });
          break;
        }
        case 'dumpMemory':
          ops.push({ k: 'dump', idx: rec(sc.name, s.id, 'dump'), off: Number(parseNum(s.at, 'at')), len: s.len });
          break;
        case 'createVcpu':
          ops.push({ k: 'vcpu', idx: rec(sc.name, s.id, 'createVcpu'), id: s.vcpuId });
          break;
        case 'createDevice':
          ops.push({ k: 'device', idx: rec(sc.name, s.id, 'createDevice'), type: Number(parseNum(s.type, 'type')), flags: Number(parseNum(s.flags ?? 0, 'flags')) });
          break;
        case 'deviceAttr':
        case 'vcpuAttr':
          ops.push({
            k: s.op === 'deviceAttr' ? 'attr' : 'vattr', idx: rec(sc.name, s.id, `${s.op}:${s.kind}`), kind: s.kind === 'set' ? 's' : s.kind === 'get' ? 'g' : 'h',
            size: s.size ?? 4, group: Number(parseNum(s.group, 'group')), attr: parseNum(s.attr, 'attr'), value: parseNum(s.value ?? 0, 'value'),
          });
          break;
        case 'irqLine':
          ops.push({ k: 'irq', idx: rec(sc.name, s.id, 'irqLine'), irq: Number(parseNum(s.irq, 'irq')), level: s.level });
          break;
        case 'getMpState':
          ops.push({ k: 'mpget', idx: rec(sc.name, s.id, 'getMpState') });
          break;
        case 'setMpState':
          ops.push({ k: 'mpset', idx: rec(sc.name, s.id, 'setMpState'), state: Number(parseNum(s.state, 'state')) });
          break;
      }
    }
  }
  return { ops, labels };
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const h = (v: number | bigint): string => v.toString(16);

/** The line program read by conformance/runner/init.c (format documented at the top of that file). */
export function toProgramText(plan: Plan): string {
  const lines = plan.ops.map((o): string => {
    switch (o.k) {
      case 'vm': return 'v';
      case 'mem': return `m ${h(o.gpa)} ${h(o.size)}`;
      case 'write': return `w ${h(o.off)} ${hex(o.bytes)}`;
      case 'poke': return `p ${h(o.off)} ${hex(o.bytes)}`;
      case 'init': return `i ${h(o.idx)} ${h(o.features0)}`;
      case 'debug': return `g ${h(o.idx)} ${h(o.control)} ${h(o.regs.length)}${o.regs.map(([k, v]) => ` ${h(k)} ${h(v)}`).join('')}`;
      case 'set': return `s ${h(o.idx)} ${h(o.id)} ${h(o.value)}`;
      case 'get': return `r ${h(o.idx)} ${h(o.id)}`;
      case 'run': return `x ${h(o.idx)} ${h(o.ms)}`;
      case 'cap': return `c ${h(o.idx)} ${h(o.cap)}`;
      case 'dump': return `d ${h(o.idx)} ${h(o.off)} ${h(o.len)}`;
      case 'vcpu': return `C ${h(o.idx)} ${h(o.id)}`;
      case 'device': return `D ${h(o.idx)} ${h(o.type)} ${h(o.flags)}`;
      case 'attr': return `A ${h(o.idx)} ${o.kind} ${h(o.size)} ${h(o.group)} ${h(o.attr)} ${h(o.value)}`;
      case 'vattr': return `B ${h(o.idx)} ${o.kind} ${h(o.size)} ${h(o.group)} ${h(o.attr)} ${h(o.value)}`;
      case 'irq': return `L ${h(o.idx)} ${h(o.irq)} ${h(o.level)}`;
      case 'sel': return `V ${h(o.n)}`;
      case 'mpget': return `M ${h(o.idx)}`;
      case 'mpset': return `N ${h(o.idx)} ${h(o.state)}`;
    }
  });
  return lines.join('\n') + '\n';
}

/** Reads the line program back into operations (the inverse of toProgramText), for runners written in TypeScript. */
export function parseProgramText(text: string): PlanOp[] {
  const unhex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i): PlanOp => {
      const [op, ...a] = line.trim().split(/\s+/);
      const n = (k: number): number => parseInt(a[k] ?? 'x', 16);
      const b = (k: number): bigint => BigInt(`0x${a[k] ?? 'x'}`);
      switch (op) {
        case 'v': return { k: 'vm' };
        case 'm': return { k: 'mem', gpa: b(0), size: n(1) };
        case 'w': return { k: 'write', off: n(0), bytes: unhex(a[1] ?? '') };
        case 'p': return { k: 'poke', off: n(0), bytes: unhex(a[1] ?? '') };
        case 'i': return { k: 'init', idx: n(0), features0: n(1) };
        case 'g': {
          const regs: [number, bigint][] = [];
          for (let j = 0; j < n(2); j++) regs.push([n(3 + 2 * j), b(4 + 2 * j)]);
          return { k: 'debug', idx: n(0), control: n(1), regs };
        }
        case 's': return { k: 'set', idx: n(0), id: b(1), value: b(2) };
        case 'r': return { k: 'get', idx: n(0), id: b(1) };
        case 'x': return { k: 'run', idx: n(0), ms: n(1) };
        case 'c': return { k: 'cap', idx: n(0), cap: n(1) };
        case 'd': return { k: 'dump', idx: n(0), off: n(1), len: n(2) };
        case 'C': return { k: 'vcpu', idx: n(0), id: n(1) };
        case 'D': return { k: 'device', idx: n(0), type: n(1), flags: n(2) };
        case 'A': return { k: 'attr', idx: n(0), kind: a[1] as 's' | 'g' | 'h', size: n(2), group: n(3), attr: b(4), value: b(5) };
        case 'B': return { k: 'vattr', idx: n(0), kind: a[1] as 's' | 'g' | 'h', size: n(2), group: n(3), attr: b(4), value: b(5) };
        case 'L': return { k: 'irq', idx: n(0), irq: n(1), level: n(2) };
        case 'V': return { k: 'sel', n: n(0) };
        case 'M': return { k: 'mpget', idx: n(0) };
        case 'N': return { k: 'mpset', idx: n(0), state: n(1) };
        default: throw new Error(`program line ${i + 1}: unknown operation ${JSON.stringify(op)}`);
      }
    });
}
