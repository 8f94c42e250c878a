/**
 * Target `parsers`: the parsers of outside text and bytes, in process. Each may refuse its input only
 * with its own documented error (the class the CLI turns into a message and status 2); any other
 * exception (a TypeError, a RangeError from BigInt, a SyntaxError...) is a finding, and so is an error
 * without a message. What a parser accepts must go through the code that uses it without throwing
 * (an accepted ESR is decoded and formatted both ways, an accepted debug-exit is described).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeDebugArch, describeDebugExit, formatDebugExit } from '../../src/abi/index.ts';
import { parseKernelVersion } from '../../src/abi/kernel-version.ts';
import { parseDebugArchHex, parseFlags } from '../../src/cli/commands/esr.ts';
import { parsePort } from '../../src/cli/commands/web.ts';
import { UsageError } from '../../src/cli/io.ts';
import { decodeEsr, EsrParseError, esrToJson, formatEsrTree, parseEsr } from '../../src/esr/index.ts';
import { parseGdbAddress } from '../../src/gdbstub/address.ts';
import { FrameDecoder } from '../../src/gdbstub/protocol/framing.ts';
import { parsePacket } from '../../src/gdbstub/protocol/parse.ts';
import { parseElf } from '../../src/vmm/elf.ts';
import { parseCount, parseLocation, parseWatchSpec } from '../../src/vmm/specs.ts';
import { parseSymbolFile, SymbolFileError } from '../../src/vmm/symbol-file.ts';
import { parseMemorySize } from '../../src/vmm/virt.ts';
import { inBudget, shown, type Budget, type Finding, type TargetReport } from './common.ts';
import { Rng } from './rng.ts';
import { packetBody } from './rsp-packets.ts';

const HELLO = fileURLToPath(new URL('../../guests/bin/hello-gcc-O2.elf', import.meta.url));

/** Seeds for text: numbers at the edges of 32, 53 and 64 bits, versions, addresses, names, separators. */
const WORDS = ['0', '1', '0x0', '0x96000050', '2516582480', '0xffffffffffffffff', '0x10000000000000000', '18446744073709551615',
  '18446744073709551616', '9007199254740993', '4294967295', '4294967296', '65535', '65536', '-1', '+1', '0x', '0X1F', '1e3', '1_000',
  '0x9600_0050', '0x_1', '1__2', '5.10', '6.1', '6.1.192', '99999999999999999999.1', '3.11', '2.6', '5.19.0', '1.2.3.4', 'v6.1',
  '127.0.0.1:1234', '[::1]:1234', '::1:80', 'tcp::1234', 'tcp:localhost:0', 'host:', ':1', 'main', 'main+8', '_start+0x10',
  'svc_esr:8:rw', 'x:0', 'x:2147483649', 'a:b:c:d', '128M', '1G', '2G', '64K', '3G', '512KiB', '4097', '62 00 00 d2 00 00 00 00 00 08 01 00 00 00 00 00',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'NaN', 'Infinity', ' ', '\t', '\n', '\0', '\x01', '\x7f', 'é', '€',
  '\u{1f600}', '\ud800', ''];

function text(r: Rng): string {
  if (r.chance(0.02)) return r.pick(['9', 'f', '_', '1.', ' 0x1 ', 'z']).repeat(r.pick([1000, 100_000]));
  let s = '';
  for (let i = r.int(1, 3); i > 0; i--) s += (s && r.chance(0.3) ? r.pick([' ', ':', '.', '+', '_', ',']) : '') + r.pick(WORDS);
  for (let i = r.below(4); i > 0; i--) {
    const at = r.below(s.length + 1);
    const ch = r.chance(0.7) ? r.pick([...'0123456789abcdefxX_.:+- \t\0\x03#$}']) : String.fromCharCode(r.below(0x10000));
    switch (r.below(3)) {
      case 0: s = s.slice(0, at) + ch + s.slice(at); break;
      case 1: s = s.slice(0, at) + s.slice(at + 1); break;
      default: s = s.slice(0, at) + ch + s.slice(at + 1);
    }
  }
  return s;
}

type Check = (r: Rng) => { input: string; run: () => void; ok: (e: unknown) => boolean };

const exactly = (cls: abstract new (...a: never[]) => Error) => (e: unknown): boolean =>
  e instanceof Error && e.constructor === cls && e.message.length > 0;

export async function fuzzParsers(b: Budget): Promise<TargetReport> {
  const image = parseElf(new Uint8Array(readFileSync(HELLO)), { base: 0x4000_0000n, size: 128n << 20n });
  const checks: [string, Check][] = [
    ['parseEsr', (r) => {
      const t = r.chance(0.2) ? '0x' + r.u64().toString(16) : text(r);
      return { input: t, ok: exactly(EsrParseError), run: () => {
        const d = decodeEsr(parseEsr(t));
        formatEsrTree(d);
        formatEsrTree(d, true);
        JSON.stringify(esrToJson(d));
      } };
    }],
    ['parseKernelVersion', (r) => { const t = text(r); return { input: t, ok: exactly(Error), run: () => parseKernelVersion(t) }; }],
    ['parseGdbAddress', (r) => { const t = text(r); return { input: t, ok: exactly(RangeError), run: () => parseGdbAddress(t) }; }],
    ['parseLocation', (r) => { const t = text(r); return { input: t, ok: exactly(Error), run: () => parseLocation(t, r.chance(0.8) ? image : undefined) }; }],
    ['parseWatchSpec', (r) => { const t = text(r); return { input: t, ok: exactly(Error), run: () => parseWatchSpec(t, image) }; }],
    ['parseCount', (r) => { const t = text(r); return { input: t, ok: exactly(Error), run: () => parseCount('--max-insns', t, 1, Number.MAX_SAFE_INTEGER) }; }],
    ['parseMemorySize', (r) => { const t = text(r); return { input: t, ok: exactly(Error), run: () => parseMemorySize(t) }; }],
    ['parsePort', (r) => { const t = text(r); return { input: t, ok: exactly(UsageError), run: () => parsePort(t) }; }],
    ['parseFlags', (r) => { const t = text(r); return { input: t, ok: exactly(UsageError), run: () => parseFlags(t) }; }],
    ['parseDebugArchHex', (r) => {
      const t = r.chance(0.5) ? Array.from(r.bytes(r.pick([16, 16, 15, 17])), (x) => x.toString(16).padStart(2, '0')).join(r.pick(['', ' ', '  '])) : text(r);
      const flags = r.pick([0, 1, 0xffff, r.below(0x10000)]);
      return { input: t, ok: exactly(UsageError), run: () => {
        for (const e of ['le', 'be'] as const) formatDebugExit(describeDebugExit(decodeDebugArch(parseDebugArchHex(t), flags, e), flags, e));
      } };
    }],
    ['parseSymbolFile', (r) => {
      const lines = Array.from({ length: r.below(6) }, () => `${r.chance(0.7) ? r.u64().toString(16).padStart(16, '0') : text(r)} ${r.pick(['T', 't', 'D', 'A', '?', ''])} ${r.chance(0.8) ? r.pick(['_text', 'vectors', 'linux_banner', 'x']) : text(r)}`);
      const t = lines.join(r.pick(['\n', '\r\n', '']));
      return { input: t, ok: exactly(SymbolFileError), run: () => parseSymbolFile(new TextEncoder().encode(t)) };
    }],
    ['parsePacket', (r) => {
      const body = r.chance(0.5) ? packetBody(r) : String.fromCharCode(...r.bytes(r.below(80)));
      return { input: body, ok: () => false, run: () => { parsePacket(Uint8Array.from(body, (c) => c.charCodeAt(0) & 0xff)); } };
    }],
    ['FrameDecoder', (r) => {
      const bytes = r.bytes(r.below(600));
      for (let i = 0; i < bytes.length; i++) if (r.chance(0.2)) bytes[i] = r.pick([0x24, 0x23, 0x7d, 0x2d, 0x2b, 0x03, 0x30, 0x61]);
      return { input: String.fromCharCode(...bytes), ok: () => false, run: () => {
        const d = new FrameDecoder(64);
        d.push(bytes, (e) => {
          if (e.kind === 'packet' && e.body.length > 64) throw new Error(`a packet of ${e.body.length} bytes from a decoder of 64`);
        });
      } };
    }],
  ];
  const findings: Finding[] = [];
  const perParser = new Map<string, { tried: number; refused: number }>();
  const t0 = Date.now();
  let done = 0;
  for (let n = b.from; inBudget(b, done); n++) {
    const r = new Rng(b.seed, 'parsers', n);
    const [name, check] = checks[n % checks.length]!;
    const c = check(r);
    const stat = perParser.get(name) ?? { tried: 0, refused: 0 };
    perParser.set(name, stat);
    stat.tried++;
    try {
      c.run();
    } catch (e) {
      if (c.ok(e)) stat.refused++;
      else {
        const err = e as Error;
        findings.push({ case: n, kind: 'throw', detail: `${name}(${shown(c.input, 200)}) threw ${err?.constructor?.name ?? typeof e}: ${shown(String(err?.message ?? e), 300)}` +
          `\n${(err?.stack ?? '').split('\n').slice(1, 4).join('\n')}` });
        b.progress(`parsers: case ${n}: ${name} threw ${err?.constructor?.name}`);
      }
    }
    done++;
  }
  const ms = Date.now() - t0;
  return {
    target: 'parsers', done, unit: 'inputs', ms,
    figures: [`${Math.round(done / (ms / 1000))} inputs/s over ${checks.length} parsers; refused/tried: ` +
      [...perParser].map(([k, v]) => `${k} ${v.refused}/${v.tried}`).join(', ')],
    findings,
  };
}
