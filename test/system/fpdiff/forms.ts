/**
 * Random FP/SIMD instructions as assembly text, covering every group of the ARMv8.0 SIMD&FP
 * data-processing encodings: registers v0..v7 and x0..x3 (what the driver loads and dumps), random
 * arrangements, immediates and indices. Combinations binutils refuses are dropped by the caller, so
 * the generator may be generous.
 */
import type { Rng } from '../cpudiff/rng.ts';

const V = (r: Rng): string => `v${r.int(8)}`;
const VL = (r: Rng): string => `v${r.int(8)}`;
const X = (r: Rng): string => `x${r.int(4)}`;
const W = (r: Rng): string => `w${r.int(4)}`;
const VEC = ['8b', '16b', '4h', '8h', '2s', '4s', '2d'];
const FVEC = ['2s', '4s', '2d'];
const SC = ['b', 'h', 's', 'd'];
const FSC = ['s', 'd'];
const n = (r: Rng, k: number): number => r.int(k);

const INT3 = ['shadd', 'uhadd', 'sqadd', 'uqadd', 'srhadd', 'urhadd', 'shsub', 'uhsub', 'sqsub', 'uqsub', 'cmgt', 'cmhi', 'cmge', 'cmhs',
  'sshl', 'ushl', 'sqshl', 'uqshl', 'srshl', 'urshl', 'sqrshl', 'uqrshl', 'smax', 'umax', 'smin', 'umin', 'sabd', 'uabd', 'saba', 'uaba',
  'add', 'sub', 'cmtst', 'cmeq', 'mla', 'mls', 'mul', 'pmul', 'smaxp', 'umaxp', 'sminp', 'uminp', 'sqdmulh', 'sqrdmulh', 'addp'];
const LOGIC3 = ['and', 'bic', 'orr', 'orn', 'eor', 'bsl', 'bit', 'bif'];
const FP3 = ['fmaxnm', 'fmla', 'fadd', 'fmulx', 'fcmeq', 'fmax', 'frecps', 'fminnm', 'fmls', 'fsub', 'fmin', 'frsqrts', 'fmaxnmp',
  'faddp', 'fmul', 'fcmge', 'facge', 'fmaxp', 'fdiv', 'fminnmp', 'fabd', 'fcmgt', 'facgt', 'fminp'];
const DIFF_L = ['saddl', 'uaddl', 'ssubl', 'usubl', 'sabal', 'uabal', 'sabdl', 'uabdl', 'smlal', 'umlal', 'sqdmlal', 'smlsl', 'umlsl',
  'sqdmlsl', 'smull', 'umull', 'sqdmull', 'pmull'];
const DIFF_W = ['saddw', 'uaddw', 'ssubw', 'usubw'];
const DIFF_N = ['addhn', 'raddhn', 'subhn', 'rsubhn'];
const MISC_SAME = ['rev64', 'rev16', 'rev32', 'suqadd', 'usqadd', 'cls', 'clz', 'cnt', 'not', 'rbit', 'sqabs', 'sqneg', 'abs', 'neg'];
const MISC_ZERO = ['cmgt', 'cmeq', 'cmlt', 'cmge', 'cmle'];
const MISC_FP = ['frintn', 'frintm', 'frintp', 'frintz', 'frinta', 'frintx', 'frinti', 'fcvtns', 'fcvtms', 'fcvtas', 'fcvtps', 'fcvtzs',
  'fcvtnu', 'fcvtmu', 'fcvtau', 'fcvtpu', 'fcvtzu', 'scvtf', 'ucvtf', 'frecpe', 'frsqrte', 'fabs', 'fneg', 'fsqrt', 'urecpe', 'ursqrte'];
const MISC_FZERO = ['fcmgt', 'fcmeq', 'fcmlt', 'fcmge', 'fcmle'];
const SHIFT_R = ['sshr', 'ushr', 'ssra', 'usra', 'srshr', 'urshr', 'srsra', 'ursra', 'sri'];
const SHIFT_L = ['shl', 'sli', 'sqshl', 'uqshl', 'sqshlu'];
const SHIFT_N = ['shrn', 'rshrn', 'sqshrn', 'uqshrn', 'sqrshrn', 'uqrshrn', 'sqshrun', 'sqrshrun'];
const COND = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'];

const bits = (t: string): number => ({ b: 8, h: 16, s: 32, d: 64 } as Record<string, number>)[t.slice(-1)];

const wider = (t: string): string => ({ '8b': '8h', '16b': '8h', '4h': '4s', '8h': '4s', '2s': '2d', '4s': '2d' } as Record<string, string>)[t] ?? '2d';
const halfOf = (t: string): string => ({ '8h': '8b', '4s': '4h', '2d': '2s' } as Record<string, string>)[t] ?? '8b';
const fullOf = (t: string): string => ({ '8h': '16b', '4s': '8h', '2d': '4s' } as Record<string, string>)[t] ?? '16b';
const fimm = (r: Rng): string => r.pick(['1.0', '-1.5', '0.125', '31.0', '-0.25', '2.0', '0.5', '-17.0', '1.9375']);

/** One random instruction of one of the groups. */
export function randomForm(r: Rng): string {
  switch (r.int(24)) {
    case 0: { const t = r.pick(VEC); return `${r.pick(INT3)} ${V(r)}.${t}, ${V(r)}.${t}, ${V(r)}.${t}`; }
    case 1: { const t = r.pick(['8b', '16b']); return `${r.pick(LOGIC3)} ${V(r)}.${t}, ${V(r)}.${t}, ${V(r)}.${t}`; }
    case 2: case 3: { const t = r.pick(FVEC); return `${r.pick(FP3)} ${V(r)}.${t}, ${V(r)}.${t}, ${V(r)}.${t}`; }
    case 4: { const t = r.pick(SC); return `${r.pick(INT3)} ${t}${n(r, 8)}, ${t}${n(r, 8)}, ${t}${n(r, 8)}`; }
    case 5: { const t = r.pick(FSC); return `${r.pick(FP3)} ${t}${n(r, 8)}, ${t}${n(r, 8)}, ${t}${n(r, 8)}`; }
    case 6: { // widening / narrowing three different
      const w = r.pick(['8h', '4s', '2d']), two = r.bool();
      const src = two ? fullOf(w) : halfOf(w);
      switch (r.int(4)) {
        case 0: return `${r.pick(DIFF_L)}${two ? '2' : ''} ${V(r)}.${w}, ${V(r)}.${src}, ${V(r)}.${src}`;
        case 1: return `${r.pick(DIFF_W)}${two ? '2' : ''} ${V(r)}.${w}, ${V(r)}.${w}, ${V(r)}.${src}`;
        case 2: return `${r.pick(DIFF_N)}${two ? '2' : ''} ${V(r)}.${src}, ${V(r)}.${w}, ${V(r)}.${w}`;
        default: return r.bool() ? `pmull${two ? '2' : ''} ${V(r)}.1q, ${V(r)}.${two ? '2d' : '1d'}, ${V(r)}.${two ? '2d' : '1d'}`
          : `${r.pick(['sqdmlal', 'sqdmlsl', 'sqdmull'])} ${r.pick(['s', 'd'])}${n(r, 8)}, ${r.pick(['h', 's'])}${n(r, 8)}, ${r.pick(['h', 's'])}${n(r, 8)}`;
      }
    }
    case 7: { const t = r.pick(VEC); return `${r.pick(MISC_SAME)} ${V(r)}.${t}, ${V(r)}.${t}`; }
    case 8: {
      const t = r.pick(VEC);
      switch (r.int(5)) {
        case 0: return `${r.pick(MISC_ZERO)} ${V(r)}.${t}, ${V(r)}.${t}, #0`;
        case 1: { const w = r.pick(['8h', '4s', '2d']); return `${r.pick(['saddlp', 'uaddlp', 'sadalp', 'uadalp'])} ${V(r)}.${r.bool() ? w : halfOf(wider(w))}, ${V(r)}.${r.bool() ? fullOf(w) : halfOf(w)}`; }
        case 2: { const w = r.pick(['8h', '4s', '2d']), two = r.bool(); return `${r.pick(['xtn', 'sqxtn', 'uqxtn', 'sqxtun'])}${two ? '2' : ''} ${V(r)}.${two ? fullOf(w) : halfOf(w)}, ${V(r)}.${w}`; }
        case 3: { const w = r.pick(['8h', '4s', '2d']), two = r.bool(); return `shll${two ? '2' : ''} ${V(r)}.${w}, ${V(r)}.${two ? fullOf(w) : halfOf(w)}, #${bits(halfOf(w))}`; }
        default: { const t2 = r.pick(SC); return `${r.pick([...MISC_SAME, 'sqxtn', 'uqxtn', 'sqxtun'])} ${t2}${n(r, 8)}, ${t2 === 'd' || !r.bool() ? t2 : r.pick(SC)}${n(r, 8)}`; }
      }
    }
    case 9: case 10: {
      const t = r.pick(FVEC);
      switch (r.int(6)) {
        case 0: return `${r.pick(MISC_FZERO)} ${V(r)}.${t}, ${V(r)}.${t}, #0.0`;
        case 1: return r.pick([`fcvtn ${V(r)}.4h, ${V(r)}.4s`, `fcvtn2 ${V(r)}.8h, ${V(r)}.4s`, `fcvtn ${V(r)}.2s, ${V(r)}.2d`, `fcvtn2 ${V(r)}.4s, ${V(r)}.2d`,
          `fcvtl ${V(r)}.4s, ${V(r)}.4h`, `fcvtl2 ${V(r)}.4s, ${V(r)}.8h`, `fcvtl ${V(r)}.2d, ${V(r)}.2s`, `fcvtl2 ${V(r)}.2d, ${V(r)}.4s`,
          `fcvtxn ${V(r)}.2s, ${V(r)}.2d`, `fcvtxn2 ${V(r)}.4s, ${V(r)}.2d`, `fcvtxn s${n(r, 8)}, d${n(r, 8)}`]);
        case 2: { const s = r.pick(FSC); return `${r.pick([...MISC_FP, 'frecpx'])} ${s}${n(r, 8)}, ${s}${n(r, 8)}`; }
        case 3: { const s = r.pick(FSC); return `${r.pick(MISC_FZERO)} ${s}${n(r, 8)}, ${s}${n(r, 8)}, #0.0`; }
        default: return `${r.pick(MISC_FP)} ${V(r)}.${t}, ${V(r)}.${t}`;
      }
    }
    case 11: { // across lanes and scalar pairwise
      const t = r.pick(VEC);
      const dst = (k: string): string => `${k}${n(r, 8)}`;
      switch (r.int(4)) {
        case 0: return `${r.pick(['addv', 'smaxv', 'umaxv', 'sminv', 'uminv'])} ${dst(t.slice(-1))}, ${V(r)}.${t}`;
        case 1: return `${r.pick(['saddlv', 'uaddlv'])} ${dst(({ b: 'h', h: 's', s: 'd' } as Record<string, string>)[t.slice(-1)] ?? 'd')}, ${V(r)}.${t}`;
        case 2: return `${r.pick(['fmaxv', 'fminv', 'fmaxnmv', 'fminnmv'])} s${n(r, 8)}, ${V(r)}.4s`;
        default: { const f = r.pick(['s', 'd']); return r.bool() ? `addp d${n(r, 8)}, ${V(r)}.2d` : `${r.pick(['faddp', 'fmaxp', 'fminp', 'fmaxnmp', 'fminnmp'])} ${f}${n(r, 8)}, ${V(r)}.${f === 's' ? '2s' : '2d'}`; }
      }
    }
    case 12: { // copy
      const t = r.pick(['b', 'h', 's', 'd']), lanes = 128 / bits(t), idx = n(r, lanes);
      switch (r.int(7)) {
        case 0: return `dup ${V(r)}.${r.pick(VEC.filter((a) => a.endsWith(t)))}, ${V(r)}.${t}[${idx}]`;
        case 1: return `dup ${V(r)}.${r.pick(VEC.filter((a) => a.endsWith(t)))}, ${t === 'd' ? X(r) : W(r)}`;
        case 2: return `ins ${V(r)}.${t}[${idx}], ${t === 'd' ? X(r) : W(r)}`;
        case 3: return `ins ${V(r)}.${t}[${idx}], ${V(r)}.${t}[${n(r, lanes)}]`;
        case 4: return `smov ${r.bool() ? X(r) : W(r)}, ${V(r)}.${t}[${idx}]`;
        case 5: return `umov ${t === 'd' ? X(r) : W(r)}, ${V(r)}.${t}[${idx}]`;
        default: return `dup ${t}${n(r, 8)}, ${V(r)}.${t}[${idx}]`;
      }
    }
    case 13: { // indexed
      const t = r.pick(['h', 's', 'd']), lanes = 128 / bits(t), idx = n(r, lanes), m = t === 'h' ? `v${n(r, 8)}` : VL(r);
      const vt = r.pick(VEC.filter((a) => a.endsWith(t)));
      switch (r.int(4)) {
        case 0: return `${r.pick(['mul', 'mla', 'mls', 'sqdmulh', 'sqrdmulh', 'fmul', 'fmla', 'fmls', 'fmulx'])} ${V(r)}.${vt}, ${V(r)}.${vt}, ${m}.${t}[${idx}]`;
        case 1: { const two = r.bool(); const src = two ? (t === 'h' ? '8h' : '4s') : (t === 'h' ? '4h' : '2s'); return `${r.pick(['smull', 'umull', 'smlal', 'umlal', 'smlsl', 'umlsl', 'sqdmull', 'sqdmlal', 'sqdmlsl'])}${two ? '2' : ''} ${V(r)}.${t === 'h' ? '4s' : '2d'}, ${V(r)}.${src}, ${m}.${t}[${idx}]`; }
        case 2: return `${r.pick(['fmul', 'fmla', 'fmls', 'fmulx', 'sqdmulh', 'sqrdmulh'])} ${t}${n(r, 8)}, ${t}${n(r, 8)}, ${m}.${t}[${idx}]`;
        default: return `${r.pick(['sqdmull', 'sqdmlal', 'sqdmlsl'])} ${t === 'h' ? 's' : 'd'}${n(r, 8)}, ${t}${n(r, 8)}, ${m}.${t}[${idx}]`;
      }
    }
    case 14: { // modified immediate
      const imm = n(r, 256);
      switch (r.int(7)) {
        case 0: return `movi ${V(r)}.${r.pick(['8b', '16b'])}, #${imm}`;
        case 1: return `${r.pick(['movi', 'mvni', 'orr', 'bic'])} ${V(r)}.${r.pick(['2s', '4s'])}, #${imm}, lsl #${r.pick([0, 8, 16, 24])}`;
        case 2: return `${r.pick(['movi', 'mvni', 'orr', 'bic'])} ${V(r)}.${r.pick(['4h', '8h'])}, #${imm}, lsl #${r.pick([0, 8])}`;
        case 3: return `${r.pick(['movi', 'mvni'])} ${V(r)}.${r.pick(['2s', '4s'])}, #${imm}, msl #${r.pick([8, 16])}`;
        case 4: { const b = Array.from({ length: 8 }, () => (r.bool() ? 'ff' : '00')).join(''); return r.bool() ? `movi d${n(r, 8)}, #0x${b}` : `movi ${V(r)}.2d, #0x${b}`; }
        default: return `fmov ${V(r)}.${r.pick(FVEC)}, #${fimm(r)}`;
      }
    }
    case 15: case 16: { // shift by immediate
      const t = r.pick(VEC), e = bits(t);
      switch (r.int(6)) {
        case 0: return `${r.pick(SHIFT_R)} ${V(r)}.${t}, ${V(r)}.${t}, #${1 + n(r, e)}`;
        case 1: return `${r.pick(SHIFT_L)} ${V(r)}.${t}, ${V(r)}.${t}, #${n(r, e)}`;
        case 2: { const w = r.pick(['8h', '4s', '2d']), two = r.bool(); return `${r.pick(SHIFT_N)}${two ? '2' : ''} ${V(r)}.${two ? fullOf(w) : halfOf(w)}, ${V(r)}.${w}, #${1 + n(r, bits(halfOf(w)))}`; }
        case 3: { const w = r.pick(['8h', '4s', '2d']), two = r.bool(); return `${r.pick(['sshll', 'ushll'])}${two ? '2' : ''} ${V(r)}.${w}, ${V(r)}.${two ? fullOf(w) : halfOf(w)}, #${n(r, bits(halfOf(w)))}`; }
        case 4: { const f = r.pick(FVEC); return `${r.pick(['scvtf', 'ucvtf', 'fcvtzs', 'fcvtzu'])} ${V(r)}.${f}, ${V(r)}.${f}, #${1 + n(r, bits(f))}`; }
        default: {
          const s = r.pick(SC), eb = bits(s);
          return r.pick([`${r.pick(SHIFT_R)} d${n(r, 8)}, d${n(r, 8)}, #${1 + n(r, 64)}`, `${r.pick(SHIFT_L)} ${s}${n(r, 8)}, ${s}${n(r, 8)}, #${n(r, eb)}`,
            `${r.pick(SHIFT_N)} ${r.pick(['b', 'h', 's'])}${n(r, 8)}, ${r.pick(['h', 's', 'd'])}${n(r, 8)}, #${1 + n(r, 8)}`,
            `${r.pick(['scvtf', 'ucvtf', 'fcvtzs', 'fcvtzu'])} ${r.pick(FSC)}${n(r, 8)}, ${r.pick(FSC)}${n(r, 8)}, #${1 + n(r, 32)}`]);
        }
      }
    }
    case 17: { // permutes
      const t = r.pick(VEC), q = r.pick(['8b', '16b']);
      switch (r.int(3)) {
        case 0: { const len = 1 + n(r, 4), first = n(r, 8); const regs = Array.from({ length: len }, (_, k) => `v${(first + k) % 8}.16b`); return `${r.pick(['tbl', 'tbx'])} ${V(r)}.${q}, {${regs.join(', ')}}, ${V(r)}.${q}`; }
        case 1: return `${r.pick(['zip1', 'zip2', 'uzp1', 'uzp2', 'trn1', 'trn2'])} ${V(r)}.${t}, ${V(r)}.${t}, ${V(r)}.${t}`;
        default: return `ext ${V(r)}.${q}, ${V(r)}.${q}, ${V(r)}.${q}, #${n(r, q === '8b' ? 8 : 16)}`;
      }
    }
    case 18: { // crypto
      return r.pick([`${r.pick(['aese', 'aesd', 'aesmc', 'aesimc'])} ${V(r)}.16b, ${V(r)}.16b`,
        `${r.pick(['sha1c', 'sha1p', 'sha1m'])} q${n(r, 8)}, s${n(r, 8)}, ${V(r)}.4s`, `${r.pick(['sha1su0', 'sha256su1'])} ${V(r)}.4s, ${V(r)}.4s, ${V(r)}.4s`,
        `${r.pick(['sha256h', 'sha256h2'])} q${n(r, 8)}, q${n(r, 8)}, ${V(r)}.4s`, `sha1h s${n(r, 8)}, s${n(r, 8)}`,
        `${r.pick(['sha1su1', 'sha256su0'])} ${V(r)}.4s, ${V(r)}.4s`]);
    }
    default: { // scalar FP, moves, conditional
      const f = r.pick(FSC);
      return r.pick([
        `${r.pick(['fadd', 'fsub', 'fmul', 'fdiv', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'fnmul'])} ${f}${n(r, 8)}, ${f}${n(r, 8)}, ${f}${n(r, 8)}`,
        `${r.pick(['fmadd', 'fmsub', 'fnmadd', 'fnmsub'])} ${f}${n(r, 8)}, ${f}${n(r, 8)}, ${f}${n(r, 8)}, ${f}${n(r, 8)}`,
        `${r.pick(['fmov', 'fabs', 'fneg', 'fsqrt', 'frintn', 'frintp', 'frintm', 'frintz', 'frinta', 'frintx', 'frinti'])} ${f}${n(r, 8)}, ${f}${n(r, 8)}`,
        `fcvt ${r.pick(['s', 'd', 'h'])}${n(r, 8)}, ${r.pick(['s', 'd', 'h'])}${n(r, 8)}`,
        `${r.pick(['fcmp', 'fcmpe'])} ${f}${n(r, 8)}, ${r.bool() ? `${f}${n(r, 8)}` : '#0.0'}`,
        `${r.pick(['fccmp', 'fccmpe'])} ${f}${n(r, 8)}, ${f}${n(r, 8)}, #${n(r, 16)}, ${r.pick(COND)}`,
        `fcsel ${f}${n(r, 8)}, ${f}${n(r, 8)}, ${f}${n(r, 8)}, ${r.pick(COND)}`,
        `fmov ${f}${n(r, 8)}, #${fimm(r)}`,
        r.pick([`fmov d${n(r, 8)}, ${X(r)}`, `fmov ${X(r)}, d${n(r, 8)}`, `fmov s${n(r, 8)}, ${W(r)}`, `fmov ${W(r)}, s${n(r, 8)}`,
          `fmov ${V(r)}.d[1], ${X(r)}`, `fmov ${X(r)}, ${V(r)}.d[1]`]),
        `${r.pick(['fcvtns', 'fcvtnu', 'fcvtps', 'fcvtpu', 'fcvtms', 'fcvtmu', 'fcvtzs', 'fcvtzu', 'fcvtas', 'fcvtau'])} ${r.bool() ? X(r) : W(r)}, ${f}${n(r, 8)}`,
        `${r.pick(['scvtf', 'ucvtf'])} ${f}${n(r, 8)}, ${r.bool() ? X(r) : W(r)}`,
        r.bool() ? `${r.pick(['scvtf', 'ucvtf'])} ${f}${n(r, 8)}, ${X(r)}, #${1 + n(r, 64)}` : `${r.pick(['fcvtzs', 'fcvtzu'])} ${W(r)}, ${f}${n(r, 8)}, #${1 + n(r, 32)}`,
      ]);
    }
  }
}


