/**
 * What real Linux KVM showed for each conformance row (conformance/README.md "Observation rows"),
 * recorded first on Debian 5.10.223, 6.1.192, 6.12.117 and 7.2.13 with a C program independent of this
 * suite, written as expectations on the records of the conformance scenarios. They check the
 * boot-and-record machinery against those numbers before the model is compared with anything.
 */
import { readU16, readU32, RUN_OFF } from '../../src/abi/index.ts';
import type { Plan } from '../../src/conformance/plan.ts';
import type { OpResult } from '../../src/conformance/results.ts';

interface RunExpect {
  exit: number;
  flags: number;
  /** 16 bytes of debug.arch as hex, '*' bytes unchecked. */
  arch?: string;
  rc?: number;
  errno?: number;
  pc?: number;
  pstate?: number;
}

const A8 = 'aaaaaaaaaaaaaaaa';
const P = 'aaaaaaaa';
const debugArch = (hsr: string, high: string, far: string): string => hsr + high + far;

/** Linux 5.19+ (Debian 6.1 and 6.12): "Raw results (identical on all 8 boots)" and the S1/S2 rows. */
export const EXPECT_6: Record<string, RunExpect> = {
  e1: { exit: 6, flags: 0, arch: '00000020000000007700000000000000', pc: 0x10068, pstate: 0x3c5 },
  e2: { exit: 10, flags: 0, rc: -1, errno: 4, pc: 0x1006c },
  e3: { exit: 6, flags: 0, pc: 0x10068 },
  e4: { exit: 6, flags: 0x1234, rc: -1, errno: 4, pc: 0x1006c },
  a: { exit: 4, flags: 1, arch: debugArch('341200f2', '00000000', A8), pc: 0x1000c, pstate: 0x3c5 },
  a2: { exit: 4, flags: 1, arch: debugArch('341200f2', '00000000', A8), pc: 0x1000c },
  b1: { exit: 4, flags: 1, arch: debugArch('220000cb', '00000000', A8), pc: 0x10004, pstate: 0x3c5 },
  b2: { exit: 4, flags: 1, arch: debugArch('220000cb', '00000000', A8), pc: 0x10008 },
  b3: { exit: 4, flags: 1, arch: debugArch('220000cb', '00000000', A8), pc: 0x1000c },
  b4: { exit: 4, flags: 1, arch: debugArch('341200f2', '00000000', A8), pc: 0x1000c, pstate: 0x3c5 },
  c: { exit: 4, flags: 1, arch: debugArch('220000c2', '00000000', A8), pc: 0x10048 },
  d: { exit: 4, flags: 1, arch: debugArch('620000d2', '00000000', '0008010000000000'), pc: 0x10028 },
  d2: { exit: 10, flags: 0, rc: -1, errno: 4, pc: 0x1008c },
  d3: { exit: 4, flags: 1, arch: debugArch('220000d2', '00000000', '0008010000000000'), pc: 0x10084 },
  f1: { exit: 10, flags: 0, rc: -1, errno: 4, pc: 0x1004c },
  g1: { exit: 4, flags: 1, arch: debugArch('220000cb', '00000000', A8), pc: 0x10064 },
  g2: { exit: 4, flags: 1, arch: debugArch('220000cb', '00000000', A8), pc: 0x10068 },
  g3: { exit: 6, flags: 0, pc: 0x10068, pstate: 0x3c5 },
  g4: { exit: 4, flags: 1, arch: debugArch('220000ca', '00000000', A8), pc: 0x1006c },
  g5: { exit: 4, flags: 1, arch: debugArch('220000cb', '00000000', A8), pc: 0x1006c },
  h1: { exit: 4, flags: 1, arch: debugArch('341200f2', '00000000', A8), pc: 0x1000c },
  h2: { exit: 4, flags: 1, arch: debugArch('341200f2', '00000000', A8), pc: 0x1000c, pstate: 0x3c5 },
  s1a: { exit: 6, flags: 0, arch: '0000efcdab0000008877665544332211', pc: 0x100b8 },
  s1b: { exit: 4, flags: 1, arch: '214300f2000000008877665544332211', pc: 0x100bc },
  s1c: { exit: 6, flags: 0 },
  s1d: { exit: 4, flags: 1, arch: '214300f2000000008877665544332211' },
  s2a: { exit: 4, flags: 1, arch: '620000d2000000000008010000000000', pc: 0x100e8 },
  s2b: { exit: 4, flags: 1, arch: '785600f2000000000008010000000000', pc: 0x100ec },
};

/** Linux 5.10.223: "5.10 results for the original scenarios" and the S1/S2 rows for 5.10. */
export const EXPECT_5_10: Record<string, RunExpect> = {
  e1: { exit: 6, flags: 0xfffe, pc: 0x10068 },
  e2: { exit: 10, flags: 0x5a5a, rc: -1, errno: 4 },
  e3: { exit: 6, flags: 0xffff },
  e4: { exit: 6, flags: 0x1234, rc: -1, errno: 4, pc: 0x1006c },
  a: { exit: 4, flags: 0xfffe, arch: debugArch('341200f2', P, A8), pc: 0x1000c },
  b1: { exit: 4, flags: 0xfffe, arch: debugArch('220000cb', P, A8), pc: 0x10004 },
  b4: { exit: 4, flags: 0, arch: debugArch('341200f2', P, A8), pstate: 0x2003c5 },
  c: { exit: 4, flags: 0xfffe, arch: debugArch('220000c2', P, A8), pc: 0x10048 },
  d: { exit: 4, flags: 0xfffe, arch: debugArch('620000d2', P, '0000002000000000'), pc: 0x10028 },
  d2: { exit: 10, flags: 0, rc: -1, errno: 4 },
  d3: { exit: 4, flags: 0, arch: debugArch('220000d2', P, '0000002000000000') },
  f1: { exit: 10, flags: 0xfffe, rc: -1, errno: 4 },
  g3: { exit: 6, flags: 0xfffe, pstate: 0x2003c5 },
  g4: { exit: 4, flags: 0xfffe, arch: debugArch('220000cb', P, A8) },
  h2: { exit: 4, flags: 0xfffe, arch: debugArch('341200f2', P, A8), pstate: 0x2003c5 },
  s1a: { exit: 6, flags: 0, arch: '0000efcdab0000008877665544332211', pc: 0x100b8 },
  s1b: { exit: 4, flags: 0, arch: '214300f2ab0000008877665544332211', pc: 0x100bc },
  s1d: { exit: 4, flags: 0xfffe, arch: '214300f2ab0000008877665544332211' },
  s2a: { exit: 4, flags: 0, arch: debugArch('620000d2', P, '0000efcdab000000'), pc: 0x100e8 },
  s2b: { exit: 4, flags: 0, arch: debugArch('785600f2', P, '0000efcdab000000'), pc: 0x100ec },
};

/** KVM_CHECK_EXTENSION values ("Capabilities" and the 5.10 caps column). */
export const CAPS: Record<string, Record<string, number>> = {
  '6': { KVM_CAP_SET_GUEST_DEBUG: 1, KVM_CAP_SET_GUEST_DEBUG2: 0x30003, KVM_CAP_GUEST_DEBUG_HW_BPS: 6, KVM_CAP_GUEST_DEBUG_HW_WPS: 4 },
  '5.10': { KVM_CAP_SET_GUEST_DEBUG: 1, KVM_CAP_SET_GUEST_DEBUG2: 0, KVM_CAP_GUEST_DEBUG_HW_BPS: 6, KVM_CAP_GUEST_DEBUG_HW_WPS: 4 },
};

/** Mismatches between the records and the reference expectations, as readable lines. */
export function checkAgainstReference(plan: Plan, results: Map<number, OpResult>, expect: Record<string, RunExpect>, caps: Record<string, number>): string[] {
  const problems: string[] = [];
  const find = (step: string, what: string): OpResult | undefined => {
    const all = plan.labels.flatMap((l, i) => (l.step === step && l.what === what ? [i] : []));
    if (all.length > 1) problems.push(`step id ${step} (${what}) is used by ${all.length} scenarios: the reference rows need unique ids`);
    return all.length === 0 ? undefined : results.get(all[0]!);
  };
  for (const [step, x] of Object.entries(expect)) {
    const r = find(step, 'run');
    if (!r) {
      problems.push(`${step}: no run record`);
      continue;
    }
    const b = Uint8Array.from(r.payload.match(/../g)!.map((h) => parseInt(h, 16)));
    const got = { rc: r.rc, errno: r.errno, exit: readU32(b, RUN_OFF.exitReason, 'le'), flags: readU16(b, RUN_OFF.flags, 'le') };
    const want = { rc: x.rc ?? 0, errno: x.errno ?? 0, exit: x.exit, flags: x.flags };
    for (const k of ['rc', 'errno', 'exit', 'flags'] as const) {
      if (got[k] !== want[k]) problems.push(`${step}: ${k} ${got[k]} (0x${got[k].toString(16)}), reference ${want[k]} (0x${want[k].toString(16)})`);
    }
    if (x.arch) {
      const arch = r.payload.slice(2 * RUN_OFF.debugArch, 2 * RUN_OFF.debugArch + 32);
      const ok = [...x.arch].every((c, i) => c === '*' || c === arch[i]);
      if (!ok) problems.push(`${step}: debug.arch ${arch}, reference ${x.arch}`);
    }
    for (const reg of ['pc', 'pstate'] as const) {
      if (x[reg] === undefined) continue;
      const v = find(step, `reg:${reg}`);
      if (!v || v.payload !== x[reg].toString(16)) problems.push(`${step}: ${reg} ${v?.payload ?? 'not read'}, reference ${x[reg].toString(16)}`);
    }
  }
  for (const [name, value] of Object.entries(caps)) {
    const r = find(plan.labels.find((l) => l.what === `checkExtension:${name}`)?.step ?? '?', `checkExtension:${name}`);
    if (!r || r.rc !== value) problems.push(`${name}: ${r?.rc}, reference ${value}`);
  }
  for (const [step, control] of [['f.5', 0x5], ['f.40001', 0x40001]] as const) {
    const r = find(step, 'setGuestDebug');
    if (!r || r.rc !== -1 || r.errno !== 22) problems.push(`KVM_SET_GUEST_DEBUG(0x${control.toString(16)}): rc ${r?.rc} errno ${r?.errno}, reference EINVAL`);
  }
  const data = find('d', 'dump');
  if (data?.payload !== '0000000000000000') problems.push(`d: data word ${data?.payload}, reference 0 (the watched store is not executed)`);
  return problems;
}
