/**
 * Conformance scenarios: KVM-level experiments written as data (conformance/scenarios/*.json), replayed
 * both on a real Linux kernel (conformance/runner/init.c) and on kvmdbg's kernel model.
 *
 * A scenario is one fresh VM with one vCPU and one memory slot, guest code words (with their
 * disassembly beside them) and data placed in that slot, and a list of steps. Each step is one
 * userspace action (an ioctl or a write into kvm_run); what it records is fixed per kind:
 *   vcpuInit        KVM_ARM_PREFERRED_TARGET + KVM_ARM_VCPU_INIT: rc, errno, target
 *   setReg/getReg   KVM_SET_ONE_REG / KVM_GET_ONE_REG: rc, errno (and the value)
 *   setGuestDebug   KVM_SET_GUEST_DEBUG with control and breakpoint/watchpoint registers: rc, errno
 *   checkExtension  KVM_CHECK_EXTENSION on the VM fd: the value
 *   run             optional poisoning of kvm_run.flags and debug.arch, optional immediate_exit and
 *                   a timer signal, then KVM_RUN: rc, errno, kvm_run bytes 0..55 (exit_reason, flags,
 *                   debug.arch / mmio), then the registers named in `read`, and memory in `dump`
 *   dumpMemory      guest memory bytes
 *   createVcpu      KVM_CREATE_VCPU of one more vCPU (with its kvm_run mapping): rc, errno
 *   createDevice    KVM_CREATE_DEVICE (type, flags): rc, errno; later deviceAttr steps use that device
 *   deviceAttr      KVM_SET/GET/HAS_DEVICE_ATTR on the device: rc, errno (and the value read); `size` is the
 *                   value's width (4 or 8 bytes), `value` what a set writes (a get starts from it too,
 *                   for the attributes that read their argument first)
 *   irqLine         KVM_IRQ_LINE (irq, level): rc, errno
 *   vcpuAttr        KVM_SET/GET/HAS_DEVICE_ATTR on the vCPU fd, fields as deviceAttr (the timer PPIs, PMU)
 *   getMpState      KVM_GET_MP_STATE: rc, errno, the state
 *   setMpState      KVM_SET_MP_STATE (state): rc, errno
 * The vCPU steps (vcpuInit, setReg, getReg, setGuestDebug, run, vcpuAttr, getMpState, setMpState) act on vCPU
 * `vcpu`: 0 is the one the VM starts with, 1, 2, … those createVcpu added, in order (default 0).
 * Numbers are JSON numbers or "0x…" strings (64-bit values must be strings).
 */
import { KVM_RUN, fieldInfo } from '../abi/index.ts';

export interface CodeBlock {
  /** Offset from the slot's guest physical address. */
  at: string;
  /** [instruction word in hex, its disassembly] */
  words: [string, string][];
}

export interface DataBlock {
  at: string;
  /** Bytes in hex, in memory order. */
  bytes: string;
}

export interface BreakpointRegs {
  n: number;
  bcr: string;
  bvr: string;
}

export interface WatchpointRegs {
  n: number;
  wcr: string;
  wvr: string;
}

/**
 * Core registers (struct kvm_regs) and the EL1 system registers a scenario may need to see or set
 * (KVM_REG_ARM64_SYSREG, Op0/Op1/CRn/CRm/Op2 from the Arm ARM's encoding tables).
 */
export const SYSREGS: Readonly<Record<string, readonly [number, number, number, number, number]>> = Object.freeze({
  MPIDR_EL1: [3, 0, 0, 0, 5],
  SCTLR_EL1: [3, 0, 1, 0, 0],
  ESR_EL1: [3, 0, 5, 2, 0],
  FAR_EL1: [3, 0, 6, 0, 0],
  VBAR_EL1: [3, 0, 12, 0, 0],
  MDSCR_EL1: [2, 0, 0, 2, 2],
});

export type RegName = `x${number}` | 'sp' | 'pc' | 'pstate' | 'elr_el1' | 'spsr_el1' | keyof typeof SYSREGS;

export type Step =
  | { id: string; op: 'vcpuInit'; vcpu?: number; features?: number[]; note?: string }
  | { id: string; op: 'setReg'; vcpu?: number; reg: RegName; value: string; note?: string }
  | { id: string; op: 'getReg'; vcpu?: number; reg: RegName; note?: string }
  | {
      id: string;
      op: 'setGuestDebug';
      vcpu?: number;
      control: string;
      breakpoints?: BreakpointRegs[];
      watchpoints?: WatchpointRegs[];
      note?: string;
    }
  | { id: string; op: 'checkExtension'; cap: number; name?: string; note?: string }
  | {
      id: string;
      op: 'run';
      vcpu?: number;
      /** Written into kvm_run before KVM_RUN: flags (u16) and a fill byte for the 16 bytes of debug.arch. */
      poison?: { flags?: string; debugArch?: string };
      /** Written into kvm_run.immediate_exit before KVM_RUN. */
      immediateExit?: number;
      /** Bytes written into named kvm_run fields before KVM_RUN (e.g. "mmio.data" to complete an MMIO load). */
      runWrites?: { field: string; bytes: string }[];
      /** A one-shot timer signal this many ms after KVM_RUN starts (for runs that are not expected to exit). */
      timerMs?: number;
      /** Registers read after the run. */
      read?: RegName[];
      /** Guest memory read after the run. */
      dump?: { at: string; len: number };
      note?: string;
    }
  | { id: string; op: 'dumpMemory'; at: string; len: number; note?: string }
  | { id: string; op: 'createVcpu'; vcpuId: number; note?: string }
  | { id: string; op: 'createDevice'; type: number; flags?: number; note?: string }
  | { id: string; op: 'deviceAttr'; kind: 'set' | 'get' | 'has'; group: number; attr: string; size?: 4 | 8; value?: string; note?: string }
  | { id: string; op: 'irqLine'; irq: string; level: number; note?: string }
  | { id: string; op: 'vcpuAttr'; vcpu?: number; kind: 'set' | 'get' | 'has'; group: number; attr: string; size?: 4 | 8; value?: string; note?: string }
  | { id: string; op: 'getMpState'; vcpu?: number; note?: string }
  | { id: string; op: 'setMpState'; vcpu?: number; state: number; note?: string };

/** The steps that act on a vCPU file descriptor (and so take `vcpu`). */
export const VCPU_STEPS: ReadonlySet<Step['op']> = new Set(['vcpuInit', 'setReg', 'getReg', 'setGuestDebug', 'run', 'vcpuAttr', 'getMpState', 'setMpState']);
/** The highest vCPU index a scenario may name. */
export const MAX_SCENARIO_VCPUS = 8;

export interface Scenario {
  name: string;
  /** The rows of the reference observation tables this scenario reproduces (e.g. "e1 e2 e3 e4"). */
  rows: string;
  description: string;
  memory: { guestPhysAddr: string; size: string };
  code: CodeBlock[];
  data?: DataBlock[];
  steps: Step[];
}

/** A scenario file failed validation: the message names the file, the place and the problem. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

const STEP_KEYS: Record<Step['op'], string[]> = {
  vcpuInit: ['features'],
  setReg: ['reg', 'value'],
  getReg: ['reg'],
  setGuestDebug: ['control', 'breakpoints', 'watchpoints'],
  checkExtension: ['cap', 'name'],
  run: ['poison', 'immediateExit', 'runWrites', 'timerMs', 'read', 'dump'],
  dumpMemory: ['at', 'len'],
  createVcpu: ['vcpuId'],
  createDevice: ['type', 'flags'],
  deviceAttr: ['kind', 'group', 'attr', 'size', 'value'],
  irqLine: ['irq', 'level'],
  vcpuAttr: ['kind', 'group', 'attr', 'size', 'value'],
  getMpState: [],
  setMpState: ['state'],
};

/** Parses a number written as a JSON number or a "0x…"/decimal string. */
export function parseNum(v: unknown, where: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^(0x[0-9a-fA-F_]+|[0-9]+)$/.test(v)) return BigInt(v.replaceAll('_', ''));
  throw new ScenarioError(`${where}: expected a non-negative number or "0x…" string, got ${JSON.stringify(v)}`);
}

export function parseHexBytes(v: unknown, where: string): Uint8Array {
  if (typeof v !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(v.replaceAll(' ', ''))) {
    throw new ScenarioError(`${where}: expected a hex byte string, got ${JSON.stringify(v)}`);
  }
  const s = v.replaceAll(' ', '');
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Size of a kvm_run field by its dotted C name, or undefined when there is no such field. */
function runFieldSize(path: string): number | undefined {
  try {
    return fieldInfo(KVM_RUN, path).size;
  } catch {
    return undefined;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkReg(v: unknown, where: string): RegName {
  if (v === 'sp' || v === 'pc' || v === 'pstate' || v === 'elr_el1' || v === 'spsr_el1') return v;
  if (typeof v === 'string' && Object.hasOwn(SYSREGS, v)) return v as RegName;
  if (typeof v === 'string' && /^x([0-9]|[12][0-9]|30)$/.test(v)) return v as RegName;
  throw new ScenarioError(`${where}: unknown register ${JSON.stringify(v)} (x0..x30, sp, pc, pstate, elr_el1, spsr_el1, ${Object.keys(SYSREGS).join(', ')})`);
}

/** Validates a parsed JSON value as a Scenario; throws ScenarioError naming the file and place. */
export function validateScenario(json: unknown, file: string): Scenario {
  const at = (p: string): string => `${file}: ${p}`;
  if (!isObj(json)) throw new ScenarioError(at('the top level must be an object'));
  for (const k of ['name', 'rows', 'description'] as const) {
    if (typeof json[k] !== 'string') throw new ScenarioError(at(`"${k}" must be a string`));
  }
  const mem = json.memory;
  if (!isObj(mem)) throw new ScenarioError(at('"memory" must be an object'));
  const size = parseNum(mem.size, at('memory.size'));
  if (size === 0n || size % 4096n !== 0n || size > 0x100000n) {
    throw new ScenarioError(at('memory.size must be a multiple of 4096, at most 1 MiB'));
  }
  parseNum(mem.guestPhysAddr, at('memory.guestPhysAddr'));
  const inSlot = (off: bigint, len: number, where: string): void => {
    if (off + BigInt(len) > size) throw new ScenarioError(at(`${where}: ${len} bytes at ${off} overrun the ${size}-byte slot`));
  };
  if (!Array.isArray(json.code)) throw new ScenarioError(at('"code" must be an array'));
  json.code.forEach((c: unknown, i: number) => {
    if (!isObj(c) || !Array.isArray(c.words)) throw new ScenarioError(at(`code[${i}] needs "at" and "words"`));
    const off = parseNum(c.at, at(`code[${i}].at`));
    c.words.forEach((w: unknown, j: number) => {
      if (!Array.isArray(w) || w.length !== 2 || typeof w[0] !== 'string' || !/^[0-9a-f]{8}$/.test(w[0]) || typeof w[1] !== 'string') {
        throw new ScenarioError(at(`code[${i}].words[${j}] must be ["8 hex digits", "disassembly"]`));
      }
    });
    inSlot(off, 4 * c.words.length, `code[${i}]`);
  });
  if (json.data !== undefined) {
    if (!Array.isArray(json.data)) throw new ScenarioError(at('"data" must be an array'));
    json.data.forEach((d: unknown, i: number) => {
      if (!isObj(d)) throw new ScenarioError(at(`data[${i}] must be an object`));
      inSlot(parseNum(d.at, at(`data[${i}].at`)), parseHexBytes(d.bytes, at(`data[${i}].bytes`)).length, `data[${i}]`);
    });
  }
  if (!Array.isArray(json.steps) || json.steps.length === 0) throw new ScenarioError(at('"steps" must be a non-empty array'));
  const ids = new Set<string>();
  let vcpusCreated = 1;
  json.steps.forEach((s: unknown, i: number) => {
    const w = (p: string): string => at(`steps[${i}]${p}`);
    if (!isObj(s) || typeof s.id !== 'string' || typeof s.op !== 'string') throw new ScenarioError(w(' needs "id" and "op"'));
    if (ids.has(s.id)) throw new ScenarioError(w(`: duplicate id "${s.id}"`));
    ids.add(s.id);
    const allowed = STEP_KEYS[s.op as Step['op']];
    if (!allowed) throw new ScenarioError(w(`: unknown op "${s.op}" (${Object.keys(STEP_KEYS).join(', ')})`));
    const vcpuStep = VCPU_STEPS.has(s.op as Step['op']);
    for (const k of Object.keys(s)) {
      if (k === 'vcpu' && vcpuStep) continue;
      if (k !== 'id' && k !== 'op' && k !== 'note' && !allowed.includes(k)) throw new ScenarioError(w(`: "${k}" is not a field of ${s.op}`));
    }
    if (s.vcpu !== undefined && (!Number.isInteger(s.vcpu) || (s.vcpu as number) < 0 || (s.vcpu as number) >= vcpusCreated)) {
      throw new ScenarioError(w(`.vcpu must be the index of a vCPU created before (0..${vcpusCreated - 1})`));
    }
    if (s.op === 'createVcpu') {
      if (++vcpusCreated > MAX_SCENARIO_VCPUS) throw new ScenarioError(w(`: at most ${MAX_SCENARIO_VCPUS} vCPUs per scenario`));
    }
    switch (s.op) {
      case 'vcpuInit':
        if (s.features !== undefined && (!Array.isArray(s.features) || s.features.some((f) => !Number.isInteger(f) || f < 0 || f > 31))) {
          throw new ScenarioError(w('.features must be bit numbers 0..31'));
        }
        break;
      case 'setReg':
        checkReg(s.reg, w('.reg'));
        parseNum(s.value, w('.value'));
        break;
      case 'getReg':
        checkReg(s.reg, w('.reg'));
        break;
      case 'setGuestDebug': {
        if (parseNum(s.control, w('.control')) > 0xffffffffn) throw new ScenarioError(w('.control is a 32-bit word'));
        for (const [k, a, b] of [['breakpoints', 'bcr', 'bvr'], ['watchpoints', 'wcr', 'wvr']] as const) {
          const list = s[k];
          if (list === undefined) continue;
          if (!Array.isArray(list)) throw new ScenarioError(w(`.${k} must be an array`));
          list.forEach((r: unknown, j: number) => {
            if (!isObj(r) || !Number.isInteger(r.n) || (r.n as number) < 0 || (r.n as number) > 15) {
              throw new ScenarioError(w(`.${k}[${j}].n must be 0..15`));
            }
            parseNum(r[a], w(`.${k}[${j}].${a}`));
            parseNum(r[b], w(`.${k}[${j}].${b}`));
          });
        }
        break;
      }
      case 'checkExtension':
        parseNum(s.cap, w('.cap'));
        break;
      case 'run':
        if (s.poison !== undefined) {
          if (!isObj(s.poison)) throw new ScenarioError(w('.poison must be an object'));
          if (s.poison.flags !== undefined && parseNum(s.poison.flags, w('.poison.flags')) > 0xffffn) throw new ScenarioError(w('.poison.flags is 16 bits'));
          if (s.poison.debugArch !== undefined && parseNum(s.poison.debugArch, w('.poison.debugArch')) > 0xffn) throw new ScenarioError(w('.poison.debugArch is a fill byte'));
        }
        if (s.immediateExit !== undefined && s.immediateExit !== 0 && s.immediateExit !== 1) throw new ScenarioError(w('.immediateExit must be 0 or 1'));
        if (s.runWrites !== undefined) {
          if (!Array.isArray(s.runWrites)) throw new ScenarioError(w('.runWrites must be an array'));
          s.runWrites.forEach((x: unknown, j: number) => {
            if (!isObj(x) || typeof x.field !== 'string') throw new ScenarioError(w(`.runWrites[${j}] needs "field" and "bytes"`));
            const size = runFieldSize(x.field);
            if (size === undefined) throw new ScenarioError(w(`.runWrites[${j}].field: kvm_run has no field "${x.field}"`));
            const n = parseHexBytes(x.bytes, w(`.runWrites[${j}].bytes`)).length;
            if (n === 0 || n > size) throw new ScenarioError(w(`.runWrites[${j}]: ${n} bytes for the ${size}-byte field ${x.field}`));
          });
        }
        if (s.timerMs !== undefined && (!Number.isInteger(s.timerMs) || (s.timerMs as number) < 1 || (s.timerMs as number) > 10000)) {
          throw new ScenarioError(w('.timerMs must be 1..10000'));
        }
        if (s.read !== undefined) {
          if (!Array.isArray(s.read)) throw new ScenarioError(w('.read must be an array of register names'));
          s.read.forEach((r: unknown, j: number) => checkReg(r, w(`.read[${j}]`)));
        }
        if (s.dump !== undefined) {
          if (!isObj(s.dump) || !Number.isInteger(s.dump.len)) throw new ScenarioError(w('.dump needs "at" and "len"'));
          inSlot(parseNum(s.dump.at, w('.dump.at')), s.dump.len as number, w('.dump'));
        }
        break;
      case 'dumpMemory':
        if (!Number.isInteger(s.len)) throw new ScenarioError(w('.len must be an integer'));
        inSlot(parseNum(s.at, w('.at')), s.len as number, w(''));
        break;
      case 'createVcpu':
        if (!Number.isInteger(s.vcpuId) || (s.vcpuId as number) < 0 || (s.vcpuId as number) > 0xffff) throw new ScenarioError(w('.vcpuId must be 0..65535'));
        break;
      case 'createDevice':
        if (parseNum(s.type, w('.type')) > 0xffffffffn) throw new ScenarioError(w('.type is 32-bit'));
        if (s.flags !== undefined && parseNum(s.flags, w('.flags')) > 0xffffffffn) throw new ScenarioError(w('.flags is 32-bit'));
        break;
      case 'deviceAttr':
      case 'vcpuAttr':
        if (s.kind !== 'set' && s.kind !== 'get' && s.kind !== 'has') throw new ScenarioError(w('.kind must be set, get or has'));
        if (parseNum(s.group, w('.group')) > 0xffffffffn) throw new ScenarioError(w('.group is 32-bit'));
        if (parseNum(s.attr, w('.attr')) > 0xffffffffffffffffn) throw new ScenarioError(w('.attr is 64-bit'));
        if (s.size !== undefined && s.size !== 4 && s.size !== 8) throw new ScenarioError(w('.size must be 4 or 8'));
        if (s.value !== undefined && parseNum(s.value, w('.value')) >= 1n << BigInt(8 * ((s.size as number | undefined) ?? 4))) {
          throw new ScenarioError(w('.value does not fit in .size bytes'));
        }
        break;
      case 'irqLine':
        if (parseNum(s.irq, w('.irq')) > 0xffffffffn) throw new ScenarioError(w('.irq is 32-bit'));
        if (s.level !== 0 && s.level !== 1) throw new ScenarioError(w('.level must be 0 or 1'));
        break;
      case 'setMpState':
        if (parseNum(s.state, w('.state')) > 0xffffffffn) throw new ScenarioError(w('.state is 32-bit'));
        break;
    }
  });
  return json as unknown as Scenario;
}
