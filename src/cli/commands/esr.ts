/**
 * `kvmdbg esr`: decodes an ESR_ELx value (from a crash log, a trace, a debugger), or the raw 16 bytes of
 * `kvm_run.debug.arch` exactly as a VMM must read them after KVM_EXIT_DEBUG: `hsr_high` counts only when
 * KVM_DEBUG_ARCH_HSR_HIGH_VALID is set in `kvm_run.flags` (Linux 5.19+, Documentation/virt/kvm/api.rst
 * "KVM_EXIT_DEBUG"); otherwise those bytes are not ESR bits and the upper half is unknown.
 */
import { parseArgs } from 'node:util';
import { asUsage, UsageError, type CliIo, type Command } from '../io.ts';
import { decodeEsr, esrToJson, formatEsrTree, parseEsr, EsrParseError, type DecodedEsr } from '../../esr/index.ts';
import type { Endian } from '../../abi/index.ts';

const HELP = `usage: kvmdbg esr VALUE [-v] [--json]
       kvmdbg esr --debug-exit HEX --flags N [--endian le|be] [-v] [--json]

Decodes an ESR_ELx (Exception Syndrome Register) value into its fields as the Arm architecture
defines them (Arm ARM D24.2.45 ESR_EL1; same layout in ESR_EL2/ESR_EL3): EC, IL, ISS with its
sub-fields, ISS2 (bits 55:32) and RES0 bits. RES0 bits that are set and reserved encodings are
reported as warnings; the exit status stays 0.

VALUE   decimal (2516582480) or hexadecimal with 0x (0x96000050), up to 64 bits. '_' may separate
        digits (0x9600_0050, 0x0000_0001_9600_0050). Empty, negative, non-numeric or wider than
        64 bits: an error naming the problem, exit status 2.

options:
  -v, --verbose        long field names and explanations, and every RES0 range even when zero
  --json               machine-readable output:
                       {"esr":"0x…","ec":{"value":N,"name":"ESR_ELx_EC_…","description":"…"},
                        "il":0|1,"iss":N,"iss2":N,"fields":[{"name","start","width","value",
                        "description","fields":[…]}],"warnings":["…"]}
                       "esr" is a hex string (64 bits do not fit a JSON number exactly); every
                       field value is a number (no field is wider than 25 bits).
  --debug-exit HEX     the 16 bytes of kvm_run.debug.arch as 32 hex digits, spaces allowed between
                       bytes ("62 00 00 d2 00 00 00 00 00 08 01 00 00 00 00 00"): hsr (4 bytes),
                       hsr_high (4), far (8), in the kernel's byte order
  --flags N            kvm_run.flags (0..65535, decimal or 0x hex); bit 0 is
                       KVM_DEBUG_ARCH_HSR_HIGH_VALID. Required with --debug-exit.
  --endian le|be       byte order of the kernel that wrote the bytes (default le)
  -h, --help           this text

With --debug-exit and the flag clear, ESR[63:32] is unknown: the tree shows only bits 31:0 and the
JSON has "iss2": null, plus "debugExit": {"endian","flags","highValid","hsr","hsrHigh","far",
"farMeaningful","raw"} (hsrHigh null when not valid; far as a hex string).
`;

const U16_MAX = 0xffff;

/** Accepts '62 00 00 d2 …' or '620000d2…': exactly 16 bytes of hex. */
export function parseDebugArchHex(text: string): Uint8Array {
  const t = text.trim();
  if (/^0x/i.test(t)) throw new UsageError(`--debug-exit takes raw bytes, not a number: drop the 0x prefix ('${t}')`);
  const bad = t.match(/[^0-9a-fA-F\s]/);
  if (bad) throw new UsageError(`--debug-exit: '${bad[0]}' is not a hex digit (give 16 bytes as 32 hex digits, spaces allowed)`);
  const groups = t.split(/\s+/).filter((g) => g !== '');
  if (groups.some((g) => g.length % 2 !== 0)) {
    throw new UsageError(`--debug-exit: a group of hex digits has an odd length ('${groups.find((g) => g.length % 2)}'); spaces may only fall between bytes`);
  }
  const digits = groups.join('');
  if (digits.length !== 32) {
    throw new UsageError(`--debug-exit needs exactly 32 hex digits (16 bytes of kvm_run.debug.arch), got ${digits.length}`);
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function parseFlags(text: string): number {
  const t = text.trim();
  if (t.startsWith('-')) throw new UsageError(`--flags ${t} is negative: kvm_run.flags is a __u16 (0..65535)`);
  if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(t)) {
    throw new UsageError(`--flags '${text}' is not a number (decimal or 0x hex, 0..65535: kvm_run.flags is a __u16)`);
  }
  const v = Number(t);
  if (v > U16_MAX) throw new UsageError(`--flags ${t} does not fit kvm_run.flags (a __u16, 0..65535)`);
  return v;
}

function parseEndian(text: string | undefined): Endian {
  if (text === undefined || text === 'le' || text === 'be') return text ?? 'le';
  throw new UsageError(`--endian must be 'le' or 'be', got '${text}'`);
}

/**
 * util.parseArgs treats '-1' as an option; numbers that look negative are moved behind '--' so that
 * the ESR parser can say what is wrong with them, and option values starting with '-' are attached
 * with '=' so that validation (not the option parser) reports them. A long option is never taken as
 * another option's value: `--debug-exit --flags 1` lacks the bytes, it does not pass '--flags' as them.
 */
function normalize(argv: string[]): string[] {
  const opts: string[] = [];
  const pos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { pos.push(...argv.slice(i + 1)); break; }
    if (['--debug-exit', '--flags', '--endian'].includes(a) && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
      opts.push(`${a}=${argv[++i]}`);
      continue;
    }
    if (/^-\d/.test(a)) { pos.push(a); continue; }
    opts.push(a);
  }
  return pos.length ? [...opts, '--', ...pos] : opts;
}

/**
 * The tree, without the ESR[63:32] part when those bits are unknown (they are not zero, just not
 * reported), so nobody reads ISS2 = 0 into a debug exit from a pre-5.19 kernel.
 */
function renderTree(d: DecodedEsr, verbose: boolean, highKnown: boolean): string {
  const tree = formatEsrTree(d, verbose);
  if (highKnown) return tree;
  const out: string[] = [];
  let skipping = false;
  for (const l of tree.split('\n')) {
    if (/^(63\.\.56|55\.\.32) /.test(l)) { skipping = true; continue; }
    if (skipping && /^\s/.test(l)) continue;
    skipping = false;
    out.push(l);
  }
  return out.join('\n').replace(/^ESR 0x([0-9a-f]+)/, 'ESR[31:0] 0x$1 (ESR[63:32] unknown)');
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = asUsage(() => parseArgs({
    args: normalize(argv), allowPositionals: true, strict: true,
    options: {
      verbose: { type: 'boolean', short: 'v' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      'debug-exit': { type: 'string' }, flags: { type: 'string' }, endian: { type: 'string' },
    },
  }));
  if (values.help) { io.out(HELP); return 0; }
  const endian = parseEndian(values.endian);

  if (values['debug-exit'] !== undefined) {
    if (positionals.length) throw new UsageError(`give either VALUE or --debug-exit, not both (got '${positionals.join(' ')}')`);
    if (values.flags === undefined) {
      throw new UsageError('--debug-exit needs --flags N (kvm_run.flags): without it nobody knows whether hsr_high is valid');
    }
    const bytes = parseDebugArchHex(values['debug-exit']);
    const flags = parseFlags(values.flags);
    // abi/ computes its struct layouts as it loads: only --debug-exit needs them.
    const { decodeDebugArch, describeDebugExit, formatDebugExit } = await import('../../abi/index.ts');
    const x = decodeDebugArch(bytes, flags, endian);
    const view = describeDebugExit(x, flags, endian);
    const d = decodeEsr(x.esr);
    if (!x.highValid) d.warnings.unshift('ESR[63:32] unknown: KVM_DEBUG_ARCH_HSR_HIGH_VALID is not set in kvm_run.flags; only hsr (ESR[31:0]) was decoded');
    if (values.json) {
      const j = esrToJson(d);
      const out = {
        ...j,
        iss2: x.highValid ? j.iss2 : null,
        fields: x.highValid ? j.fields : j.fields.filter((f) => f.start < 32),
        debugExit: {
          endian, flags, highValid: x.highValid, hsr: x.hsr, hsrHigh: x.hsrHigh, far: `0x${x.far.toString(16)}`,
          farMeaningful: view.farWritten, raw: view.raw,
        },
      };
      io.out(JSON.stringify(out, null, 2) + '\n');
    } else {
      io.out(formatDebugExit(view) + renderTree(d, values.verbose === true, x.highValid));
    }
    return 0;
  }

  if (values.flags !== undefined) throw new UsageError('--flags only applies with --debug-exit');
  if (values.endian !== undefined) throw new UsageError('--endian only applies with --debug-exit');
  if (positionals.length === 0) throw new UsageError(`missing VALUE (an ESR such as 0x96000050); see 'kvmdbg esr --help'`);
  if (positionals.length > 1) throw new UsageError(`expected one VALUE, got ${positionals.length}: '${positionals.join(' ')}'`);
  let value: bigint;
  try {
    value = parseEsr(positionals[0]!);
  } catch (e) {
    if (e instanceof EsrParseError) throw new UsageError(e.message);
    throw e;
  }
  const d = decodeEsr(value);
  io.out(values.json ? JSON.stringify(esrToJson(d), null, 2) + '\n' : renderTree(d, values.verbose === true, true));
  return 0;
}

export const command: Command = {
  run,
};
