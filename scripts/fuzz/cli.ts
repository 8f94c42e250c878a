/**
 * Target `cli`: command lines for every kvmdbg command (run, esr, layout, web, help, unknown names):
 * their own options with edge and random values, unknown and prototype-named options, huge values and
 * control characters. Each must end within its deadline with status 0, 2 or 3 (run also 1 or 4: the
 * guest failed or asked for a reset, which random guests and firmware do), a message on stderr with
 * status 2, and no stack trace. Cases run through kvmdbg's main() in a worker (cli-runner.ts); one in
 * `realEvery` also through the real bin/kvmdbg.js process. Files the commands write (--exit-log, --out)
 * only ever go to a temporary directory or a device; `web` always has --build-only (serving waits for
 * browsers by design), and `run` has --timeout 2 first, which a --timeout drawn later overrides.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inBudget, shown, traceIn, type Budget, type Finding, type TargetReport } from './common.ts';
import { InProcessCli, realCli, type Outcome } from './cli-runner.ts';
import { Rng } from './rng.ts';

const GUESTS = fileURLToPath(new URL('../../guests/bin/', import.meta.url));

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];
const NOISE = ['', ' ', '-', '--', '---', '-1', '0', '1', '0x0', '0xffffffffffffffff', '18446744073709551616', '99999999999999999999',
  'NaN', 'Infinity', 'true', 'null', 'undefined', '\x01', '\x1b[31m', '\0', '\n', 'a\rb', 'é', '\u{1f600}', '\ud800', '%s%n', '$(id)',
  '`id`', '../../../../etc/passwd', ...NAMES];

function noise(r: Rng): string {
  if (r.chance(0.03)) return r.pick(['z', '9', '\x01', 'é']).repeat(r.pick([1000, 100_000]));
  return r.chance(0.8) ? r.pick(NOISE) : String.fromCharCode(...Array.from({ length: r.below(12) }, () => r.below(0x250)));
}

interface Files { read: string[]; write: string[]; dir: string }

function files(): Files {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-fuzz-cli-'));
  writeFileSync(join(dir, 'text.txt'), 'not a guest\n');
  writeFileSync(join(dir, 'empty'), '');
  writeFileSync(join(dir, 'System.map'), 'ffff800008000000 T _text\nffff800008010000 T vectors\nzzzz\n');
  mkdirSync(join(dir, 'sub'));
  // copies: nothing the fuzzer runs may write into the checkout
  const g = (n: string): string => {
    copyFileSync(join(GUESTS, n), join(dir, n));
    return join(dir, n);
  };
  return {
    dir,
    read: [g('hello-gcc-O2.elf'), g('hello-clang-O2.elf'), g('brk-gcc-O2.elf'), g('debug-gcc-O2.elf'), g('smp-gcc-O2.elf'),
      '/dev/null', '/dev/zero', dir, join(dir, 'text.txt'), join(dir, 'empty'), join(dir, 'System.map'), join(dir, 'nope'),
      '/proc/nope', '/etc/hostname', '/bin/ls', ''],
    write: [join(dir, 'out.jsonl'), join(dir, 'sub'), '/dev/null', '/dev/full', join(dir, 'nope', 'x'), '', '/proc/nope', '/dev/null/x',
      join(dir, 'text.txt', 'x')],
  };
}

type Kind = 'bool' | 'value' | 'read' | 'write';
interface Opt { name: string; kind: Kind; values?: string[] }

const RUN: Opt[] = [
  { name: '--kernel', kind: 'read' }, { name: '--initrd', kind: 'read' }, { name: '--append', kind: 'value', values: ['quiet', 'nokaslr console=ttyAMA0'] },
  { name: '--dtb', kind: 'read' }, { name: '--bios', kind: 'read' }, { name: '--smp', kind: 'value', values: ['1', '2', '8', '9', '123', '124', '0'] },
  { name: '--gic', kind: 'value', values: ['v2', 'v3', 'v4'] }, { name: '--seed', kind: 'value', values: ['1', '0x10000000000000000', '18446744073709551615'] },
  { name: '--backend', kind: 'value', values: ['model', 'real', 'kvm'] }, { name: '--host-kernel', kind: 'value', values: ['5.10', '6.1', '6.2', '4.19'] },
  { name: '--host-endian', kind: 'value', values: ['le', 'be', 'middle'] }, { name: '--memory', kind: 'value', values: ['64K', '128M', '1G', '2G', '3G', '4097', '60K'] },
  { name: '--trace-exits', kind: 'bool' }, { name: '--exit-log', kind: 'write' },
  { name: '--max-insns', kind: 'value', values: ['1', '100', '100000', '9007199254740991', '9007199254740992', '0', '1e3'] },
  { name: '--timeout', kind: 'value', values: ['0', '-1', 'soon', '0.5', '1', '2', '1e9', 'Infinity', '0x10'] },
  { name: '--guest-debug', kind: 'value', values: ['0x1', '0x3', '0x5', '0x30003', '0xffffffff', '0x100000000', '1'] },
  { name: '--symbols', kind: 'read' }, { name: '--break', kind: 'value', values: ['main', '_start', 'main+4', 'main+2', '0x40080000', '0x1000', '0xffff800008000000', 'nosuch'] },
  { name: '--hbreak', kind: 'value', values: ['main', '_start+8', '0x40080000', '0xffffffffffffffff', 'x+'] },
  { name: '--watch', kind: 'value', values: ['svc_esr', 'svc_esr:8:rw', '0x40090000:4:r', 'x:0', '0x40090006:40', '0xfffffffffffffffc:8'] },
  { name: '--step', kind: 'value', values: ['1', '3', '0', 'x', '1000'] }, { name: '--gdb', kind: 'value', values: ['0', '127.0.0.1:0', 'x', '65536', '[::1]:0', '::1:0', '-1', 'tcp::0'] },
  { name: '-S', kind: 'bool' }, { name: '--wait-for-gdb', kind: 'bool' }, { name: '-v', kind: 'bool' }, { name: '--verbose', kind: 'bool' },
  { name: '-h', kind: 'bool' }, { name: '--help', kind: 'bool' },
];
const ESR: Opt[] = [
  { name: '-v', kind: 'bool' }, { name: '--verbose', kind: 'bool' }, { name: '--json', kind: 'bool' }, { name: '-h', kind: 'bool' },
  { name: '--debug-exit', kind: 'value', values: ['62 00 00 d2 00 00 00 00 00 08 01 00 00 00 00 00', '620000d2000000000008010000000000', '0x62', '6200', '62 0'] },
  { name: '--flags', kind: 'value', values: ['0', '1', '65535', '65536', '-1', '0x1', '--json'] }, { name: '--endian', kind: 'value', values: ['le', 'be', 'pdp'] },
];
const LAYOUT: Opt[] = [
  { name: '--endian', kind: 'value', values: ['le', 'be', 'x'] }, { name: '--kernel', kind: 'value', values: ['5.10', '5.18', '5.19', '6.1.192', '2.6', '99999999999999999999.1', '1000.1'] },
  { name: '--json', kind: 'bool' }, { name: '--compare', kind: 'bool' }, { name: '-h', kind: 'bool' },
];
const WEB: Opt[] = [
  { name: '--port', kind: 'value', values: ['0', '65536', 'x', '-1'] }, { name: '--host', kind: 'value', values: ['127.0.0.1', '0.0.0.0', 'no-such-host.invalid'] },
  { name: '--out', kind: 'write' }, { name: '-h', kind: 'bool' },
];
const STRUCTS = ['kvm_run', 'kvm_debug_exit_arch', 'kvm_debug_exit_arch_pre_5_19', 'user_pt_regs', 'kvm_guest_debug', 'kvm_one_reg', 'kvm_device_attr'];
const ESR_VALUES = ['0x96000050', '0', '0xf2000000', '0xd2000062', '0x1_0000_0000_0000_0000', '0x5e000000', '0xffffffffffffffff', '-1', '0x', '1_'];

function value(r: Rng, o: Opt, f: Files): string {
  if (o.kind === 'read') return r.chance(0.9) ? r.pick(f.read) : noise(r);
  if (o.kind === 'write') return r.pick(f.write);
  return r.chance(0.75) && o.values ? r.pick(o.values) : noise(r);
}

/** Options of `opts` (and some that no command has), spelled --x V, --x=V, or with the value missing. */
function options(r: Rng, opts: Opt[], f: Files, count: number): string[] {
  const argv: string[] = [];
  for (let i = 0; i < count; i++) {
    if (r.chance(0.08)) {
      argv.push(r.pick([`--${r.pick(NAMES)}`, `--${noise(r)}`, '-', '--', '-xyz', '--=', '--no-json', '---json', `-${r.pick([...'abcdeSvhqz'])}`]));
      continue;
    }
    const o = r.pick(opts);
    if (o.kind === 'bool') {
      argv.push(r.chance(0.1) ? `${o.name}=${noise(r)}` : o.name);
      continue;
    }
    const v = value(r, o, f);
    // no value: the next word is taken or missing (never for --exit-log or --out, whose next word could
    // name a guest or another file kvmdbg would then write over)
    if (r.chance(0.05) && o.kind !== 'write') argv.push(o.name);
    else if (r.chance(0.15) && o.name.startsWith('--')) argv.push(`${o.name}=${v}`);
    else argv.push(o.name, v);
  }
  return argv;
}

/** A command line; `write`-kind values only ever name the temporary directory or devices. */
export function commandLine(r: Rng, f: Files): string[] {
  const n = r.int(0, 5);
  switch (r.below(12)) {
    case 0: case 1: case 2: case 3: {
      const guest = r.chance(0.85) ? [r.chance(0.9) ? r.pick(f.read.slice(0, 5)) : r.pick(f.read)] : r.chance(0.5) ? [] : [noise(r)];
      const opts = options(r, RUN, f, n);
      // guests that never end on their own (firmware from random files, -S with no debugger) need a limit
      return ['run', '--timeout', '2', ...(r.chance(0.5) ? [...guest, ...opts] : [...opts, ...guest])];
    }
    case 4: case 5: {
      const v = r.chance(0.8) ? [r.chance(0.7) ? r.pick(ESR_VALUES) : noise(r)] : r.chance(0.5) ? [] : [r.pick(ESR_VALUES), noise(r)];
      return ['esr', ...(r.chance(0.5) ? [...v, ...options(r, ESR, f, n)] : [...options(r, ESR, f, n), ...v])];
    }
    case 6: case 7: {
      const s = r.chance(0.8) ? [r.chance(0.8) ? r.pick(STRUCTS) : r.chance(0.5) ? r.pick(NAMES) : noise(r)] : [];
      return ['layout', ...s, ...options(r, LAYOUT, f, n)];
    }
    case 8: return ['web', '--build-only', ...options(r, WEB, f, Math.min(n, 2))];
    case 9: return r.pick([[], ['--help'], ['-h'], ['help'], ['help', 'run'], ['run', '--help'], ['esr', '-h'], ['layout', '--help'], ['web', '-h']]);
    default: return [r.chance(0.5) ? r.pick(NAMES) : noise(r), ...options(r, RUN, f, r.below(2))];
  }
}

const shownArgv = (argv: string[]): string => argv.map((a) => `'${shown(a, 60)}'`).join(' ');

/** What is wrong with how a command line ended, if anything. */
function judge(argv: string[], o: Outcome, deadlineMs: number): { kind: string; detail: string } | undefined {
  if (o.hung) return { kind: 'hang', detail: `no end within ${deadlineMs / 1000} s` };
  if (o.thrown) return { kind: 'trace', detail: `main() threw (bin/kvmdbg.js prints it as a stack trace):\n${o.thrown.split('\n').slice(0, 6).join('\n')}` };
  if (o.signal) return { kind: 'crash', detail: `ended by ${o.signal}; stderr ${shown(o.err.slice(-500), 500)}` };
  const trace = traceIn(o.err);
  if (trace) return { kind: 'trace', detail: `a stack trace on stderr:\n${trace}` };
  const allowed = argv[0] === 'run' ? [0, 1, 2, 3, 4] : [0, 2, 3];
  if (o.status === undefined || !allowed.includes(o.status)) return { kind: 'status', detail: `status ${o.status}; stderr ${shown(o.err.slice(-500), 500)}` };
  // `kvmdbg` alone prints its usage (on stdout, as --help does) with status 2
  if (o.status === 2 && !/^kvmdbg\b/m.test(o.err) && !(argv.length === 0 && o.out.startsWith('usage: kvmdbg'))) return { kind: 'message', detail: `status 2 without a message naming the problem; stderr ${shown(o.err.slice(-300))}` };
  return undefined;
}

export async function fuzzCli(b: Budget, o: { realEvery: number }): Promise<TargetReport> {
  const f = files();
  const cli = new InProcessCli();
  const findings: Finding[] = [];
  const statuses = new Map<string, number>();
  const t0 = Date.now();
  let done = 0;
  let real = 0;
  let slowest = 0;
  const IN_DEADLINE = 15_000;
  const REAL_DEADLINE = 30_000;
  for (let n = b.from; inBudget(b, done); n++) {
    const r = new Rng(b.seed, 'cli', n);
    const argv = commandLine(r, f);
    const runs: [string, Outcome, number][] = [['in process', await cli.run(argv, IN_DEADLINE), IN_DEADLINE]];
    if (n % o.realEvery === 0) {
      runs.push(['as a process', await realCli(argv, f.dir, REAL_DEADLINE), REAL_DEADLINE]);
      real++;
    }
    for (const [how, out, deadline] of runs) {
      slowest = Math.max(slowest, out.ms);
      const key = `${argv[0] === 'run' || argv[0] === 'esr' || argv[0] === 'layout' || argv[0] === 'web' ? argv[0] : 'other'} ${out.status ?? '-'}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      const bad = judge(argv, out, deadline);
      if (bad) {
        findings.push({ case: n, kind: bad.kind, detail: `kvmdbg ${shownArgv(argv)} (${how}): ${bad.detail}` });
        b.progress(`cli: case ${n}: ${bad.kind} (${how})`);
      }
    }
    done++;
  }
  await cli.close();
  const ms = Date.now() - t0;
  return {
    target: 'cli', done, unit: 'command lines', ms,
    figures: [`${done} in process (one worker running kvmdbg's main()), ${real} of them also as a process; slowest ${(slowest / 1000).toFixed(2)} s`,
      `statuses: ${[...statuses].sort().map(([k, v]) => `${k}: ${v}`).join(', ')}`],
    findings,
  };
}
