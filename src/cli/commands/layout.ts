/**
 * `kvmdbg layout`: C struct layouts of the arm64 KVM UAPI as kvmdbg's abi/ computes them (and the
 * system test checks against the real headers): a pahole-style table, flat JSON, or `--compare`, the
 * before/after view of kvm_debug_exit_arch around Linux 5.19 with its byte maps.
 */
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../io.ts';
import {
  byteMap, DEBUG_ARCH_MEANING, encodeDebugArch, flattenLayout, formatPahole, KVM_DEBUG_EXIT_ARCH,
  KVM_DEBUG_EXIT_ARCH_HSR_U64, KVM_DEBUG_EXIT_ARCH_PRE_5_19, movedBytes, parseKernelVersion, RUN_OFF, STRUCTS,
  structForKernel, type ByteSlot, type Endian, type KernelVersion, type StructLayout,
} from '../../abi/index.ts';

const HELP = `usage: kvmdbg layout <struct> [--endian le|be] [--kernel VERSION] [--json]
       kvmdbg layout kvm_debug_exit_arch --compare [--endian le|be] [--json]

Shows the arm64 layout of a KVM UAPI struct (Linux UAPI headers, AAPCS64 rules): every member with
its offset and size, padding holes, and a pahole-style summary. Offsets are the same in both byte
orders; byte order decides which bits sit in which byte (see --compare).

options:
  --endian le|be     byte order of the kernel (default le); used by --compare and noted in the output
  --kernel VERSION   layout as kernel VERSION declares it, MAJOR.MINOR[.PATCH]: before 5.19
                     kvm_debug_exit_arch (and kvm_run.debug.arch) has a hole where hsr_high is now
  --json             {"name","size","align","fields":[{"name","offset","size","type"}]}, nested members
                     as dotted names with absolute offsets (e.g. debug.arch.hsr_high at 36 in kvm_run)
  --compare          kvm_debug_exit_arch before and after 5.19 side by side, with LE and BE byte maps
                     and what widening hsr to __u64 would have moved (kvm_debug_exit_arch or kvm_run)
  -h, --help         this text

structs: ${Object.keys(STRUCTS).join(', ')}
`;

function knownList(): string {
  return `known structs: ${Object.keys(STRUCTS).join(', ')}`;
}

/** 'kvm_run', 'struct kvm_run' (one argument or two). */
function structName(positionals: string[]): string | null {
  const words = positionals.join(' ').trim().split(/\s+/).filter((w) => w !== '');
  if (words[0] === 'struct') words.shift();
  if (words.length > 1) throw new UsageError(`expected one struct name, got '${positionals.join(' ')}'`);
  return words[0] ?? null;
}

function layoutJson(s: StructLayout, name: string): { name: string; size: number; align: number; fields: object[] } {
  return { name, size: s.size, align: s.align, fields: flattenLayout(s) };
}

/** JSON with one field per line: valid JSON that still reads as a table. */
function layoutJsonText(s: StructLayout, name: string): string {
  const j = layoutJson(s, name);
  const head = `{"name": ${JSON.stringify(j.name)}, "size": ${j.size}, "align": ${j.align}, "fields": [`;
  return `${head}\n${j.fields.map((f) => `  ${JSON.stringify(f)}`).join(',\n')}\n]}\n`;
}

// ---- --compare ----

const CELL = 11;
const row = (head: string, cells: string[]): string => `  ${head.padEnd(12)}${cells.map((c) => c.padStart(CELL)).join('')}`;
const FIRST8 = (m: readonly ByteSlot[]): string[] => m.slice(0, 8).map((b) => b.label);

/** An example debug exit from a real 6.1 kernel: BRK #0x4321 (S1 of the real-KVM observations). */
const EXAMPLE = { esr: 0xf2004321n, far: 0x10800n };

/** '0..7' for a contiguous run, '0, 2, 5' otherwise. */
function span(offsets: number[]): string {
  const contiguous = offsets.every((o, i) => i === 0 || o === offsets[i - 1]! + 1);
  return contiguous ? `${offsets[0]}..${offsets[offsets.length - 1]}` : offsets.join(', ');
}

function hexBytes(b: Uint8Array): string[] {
  return [...b.subarray(0, 8)].map((x) => x.toString(16).padStart(2, '0'));
}

function byteMapSection(e: Endian): string[] {
  const pre = byteMap(KVM_DEBUG_EXIT_ARCH_PRE_5_19, e, DEBUG_ARCH_MEANING);
  const cur = byteMap(KVM_DEBUG_EXIT_ARCH, e, DEBUG_ARCH_MEANING);
  const wide = byteMap(KVM_DEBUG_EXIT_ARCH_HSR_U64, e, DEBUG_ARCH_MEANING);
  const moved = movedBytes(cur, wide);
  const title = e === 'le' ? 'little-endian (le)' : 'big-endian (be)';
  const lines = [
    `Byte map, ${title}: the bits of ESR_EL2 each byte of debug.arch holds`,
    row('byte', ['0', '1', '2', '3', '4', '5', '6', '7']),
    row('< 5.19', FIRST8(pre)),
    row('>= 5.19', FIRST8(cur)),
    row('hsr __u64 *', FIRST8(wide)),
    `  bytes 8..15: far (FAR_EL2, ${cur[8]!.label} first) in all three`,
    `  example ESR 0x${EXAMPLE.esr.toString(16)} (BRK #0x4321) as stored:`,
    row('>= 5.19', hexBytes(encodeDebugArch(KVM_DEBUG_EXIT_ARCH, EXAMPLE.esr, EXAMPLE.far, e))),
    row('hsr __u64 *', hexBytes(encodeDebugArch(KVM_DEBUG_EXIT_ARCH_HSR_U64, EXAMPLE.esr, EXAMPLE.far, e))),
  ];
  if (moved.length === 0) {
    lines.push('  * widening hsr to __u64 would have moved nothing on LE: ESR[31:0] stays in bytes 0..3.');
  } else {
    const ex = encodeDebugArch(KVM_DEBUG_EXIT_ARCH_HSR_U64, EXAMPLE.esr, EXAMPLE.far, e);
    const oldRead = hexBytes(ex).slice(0, 4).join('');
    lines.push(
      `  * widening hsr to __u64 would have moved bytes ${span(moved)}: ESR[31:0] to bytes 4..7,`,
      '    ESR[63:32] to bytes 0..3. Existing VMMs read the __u32 hsr at offset 0 and would have got',
      `    0x${oldRead} instead of 0x${EXAMPLE.esr.toString(16)}. Hence hsr_high in the old hole, and a flag.`,
    );
  }
  return lines;
}

function compareText(endians: Endian[]): string {
  const side = (l: string, r: string): string => `  ${l.padEnd(44)}| ${r}`;
  const lines = [
    'struct kvm_debug_exit_arch (kvm_run.debug.arch, at offset ' +
      `${RUN_OFF.debugArch} of kvm_run), before and after Linux 5.19`,
    'arch/arm64/include/uapi/asm/kvm.h; "KVM: arm64: uapi: Add kvm_debug_exit_arch.hsr_high"',
    '',
    side('off size  Linux < 5.19 (e.g. 5.10)', 'Linux >= 5.19 (e.g. 6.1)'),
    side('--- ----  ' + '-'.repeat(32), '-'.repeat(44)),
    side('  0    4  __u32 hsr;      ESR_EL2[31:0]', '__u32 hsr;       ESR_EL2[31:0]'),
    side('  4    4  /* XXX 4 bytes hole */', '__u32 hsr_high;  ESR_EL2[63:32], valid only if'),
    side('          never written: stale bytes of', '                 kvm_run.flags & KVM_DEBUG_ARCH_'),
    side('          an earlier exit (e.g. mmio)', '                 HSR_HIGH_VALID (1 << 0)'),
    side('  8    8  __u64 far;      FAR_EL2', '__u64 far;       FAR_EL2'),
    side(`size ${KVM_DEBUG_EXIT_ARCH_PRE_5_19.size}, align ${KVM_DEBUG_EXIT_ARCH_PRE_5_19.align}`,
      `size ${KVM_DEBUG_EXIT_ARCH.size}, align ${KVM_DEBUG_EXIT_ARCH.align}`),
    '',
    `kvm_run.flags (__u16 at offset ${RUN_OFF.flags}):`,
    '  < 5.19   never written by KVM: whatever userspace left there survives every exit',
    '  >= 5.19  zeroed by KVM_RUN; KVM_DEBUG_ARCH_HSR_HIGH_VALID on every KVM_EXIT_DEBUG',
    'far is meaningful for watchpoint exits only (5.10 reports a stale FAR even there).',
    'Rule for userspace: ESR = hsr_high:hsr if flags has KVM_DEBUG_ARCH_HSR_HIGH_VALID, else hsr alone.',
    '',
    "In the byte maps, 'hsr __u64 *' is the layout the patch rejected: hsr widened in place of hsr + hole.",
    '',
  ];
  for (const e of endians) lines.push(...byteMapSection(e), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

function compareJson(endians: Endian[]): object {
  const maps = (e: Endian) => ({
    before_5_19: byteMap(KVM_DEBUG_EXIT_ARCH_PRE_5_19, e, DEBUG_ARCH_MEANING),
    since_5_19: byteMap(KVM_DEBUG_EXIT_ARCH, e, DEBUG_ARCH_MEANING),
    hsr_u64: byteMap(KVM_DEBUG_EXIT_ARCH_HSR_U64, e, DEBUG_ARCH_MEANING),
    moved_by_hsr_u64: movedBytes(byteMap(KVM_DEBUG_EXIT_ARCH, e, DEBUG_ARCH_MEANING), byteMap(KVM_DEBUG_EXIT_ARCH_HSR_U64, e, DEBUG_ARCH_MEANING)),
  });
  return {
    before_5_19: layoutJson(KVM_DEBUG_EXIT_ARCH_PRE_5_19, 'kvm_debug_exit_arch'),
    since_5_19: layoutJson(KVM_DEBUG_EXIT_ARCH, 'kvm_debug_exit_arch'),
    byte_maps: Object.fromEntries(endians.map((e) => [e, maps(e)])),
  };
}

// ---- the command ----

export const command: Command = {
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          endian: { type: 'string' },
          kernel: { type: 'string' },
          json: { type: 'boolean' },
          compare: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const endian = values.endian ?? 'le';
    if (endian !== 'le' && endian !== 'be') throw new UsageError(`--endian must be le or be, not '${endian}'`);
    let kernel: KernelVersion | null = null;
    if (values.kernel !== undefined) {
      try {
        kernel = parseKernelVersion(values.kernel);
      } catch (err) {
        throw new UsageError(`--kernel: ${(err as Error).message}`);
      }
    }
    const name = structName(positionals) ?? (values.compare ? 'kvm_debug_exit_arch' : null);
    if (name === null) throw new UsageError(`missing struct name\n${knownList()}`);
    const s = structForKernel(name, kernel);
    if (!s) throw new UsageError(`unknown struct '${name}'\n${knownList()}`);

    if (values.compare) {
      if (!['kvm_debug_exit_arch', 'kvm_debug_exit_arch_pre_5_19', 'kvm_run'].includes(name)) {
        throw new UsageError(`--compare shows kvm_debug_exit_arch (alone or inside kvm_run), not ${name}`);
      }
      if (kernel) throw new UsageError('--compare already shows both kernels: drop --kernel');
      const endians: Endian[] = values.endian === undefined ? ['le', 'be'] : [endian];
      io.out(values.json ? `${JSON.stringify(compareJson(endians), null, 2)}\n` : compareText(endians));
      return 0;
    }
    if (values.json) {
      io.out(layoutJsonText(s, name));
      return 0;
    }
    const which = kernel ? `Linux ${values.kernel!.trim()}` : 'Linux 6.1 UAPI headers';
    // the whole table is built before anything is written, so a failure leaves no half of it on stdout;
    // a kernel's own headers call the pre-5.19 struct kvm_debug_exit_arch
    const table = formatPahole(s, { displayName: name, tags: kernel ? { [KVM_DEBUG_EXIT_ARCH_PRE_5_19.name]: 'kvm_debug_exit_arch' } : {} });
    io.out(`/* arm64, ${which}, ${endian === 'le' ? 'little' : 'big'}-endian (offsets are the same in both); align ${s.align} */\n${table}`);
    return 0;
  },
};
