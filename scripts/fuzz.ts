/**
 * npm run fuzz: a bounded, seeded fuzzer of kvmdbg's outside inputs (see HELP below and scripts/fuzz/).
 * Every case draws its random numbers from (seed, target, case number), so a reported case runs again
 * alone with `--seed S --target T --from N --count 1` (the stub's state carries over between rsp batches,
 * so an rsp finding may need the batches before it: `--from 0 --count` up to it).
 */
import { parseArgs } from 'node:util';
import { randomInt } from 'node:crypto';
import type { Budget, TargetReport } from './fuzz/common.ts';
import { fuzzCli } from './fuzz/cli.ts';
import { fuzzElf } from './fuzz/elf.ts';
import { fuzzParsers } from './fuzz/parsers.ts';
import { fuzzRsp } from './fuzz/rsp.ts';

const HELP = `usage: npm run fuzz -- [options]

Fuzzes kvmdbg's outside inputs and exits non-zero on any crash, hang, stack trace or memory overrun,
printing the seed and case that reproduce it. Targets:
  rsp      the GDB stub of a real 'kvmdbg run GUEST --gdb 127.0.0.1:0 -S' over loopback TCP: every packet
           type with edge arguments, random bytes, NAK bursts, oversized packets, connections cut
           mid-packet, reconnect storms, a client that never reads, detach and kill; after each batch a
           new connection must get a stop reply to '?', and the stub's peak RSS must stay under --rss-limit
           (unit: packets answered)
  elf      mutations of the committed guests/bin ELFs (header fields, program and section headers set to
           edge values, truncation, appended bytes, bit flips), each answered within 1 s of CPU time with status 2
           and a message or a clean run under --max-insns 5000 --timeout 0.2 (status 0 or 3; 1 or 4 when
           the mutated guest fails or resets), no stack trace; through kvmdbg's main() in a worker, one
           in --elf-real also as a real process (unit: ELFs)
  cli      every command's arguments (run, esr, layout, web, help, unknown names; their options with edge
           and random values, unknown and prototype-named options, huge values, control characters):
           status 0, 2 or 3 (run also 1 or 4, a guest that failed or reset), a message with status 2, no
           stack trace, no hang; through kvmdbg's main() in a worker, one in --cli-real also as a real
           process (unit: command lines)
  parsers  the parsers in process: ESR values, --kernel versions, addresses, symbols and watch specs,
           counts, memory sizes, ports, --gdb addresses, --debug-exit bytes and flags, System.map lines,
           RSP packets and framing: each may refuse an input only with its own error, never another
           exception, and what it accepts is decoded and formatted without one (unit: inputs)

options:
  --seed N         seed of the run, 0..4294967295 (default: random; printed either way)
  --target LIST    targets to run, comma-separated (default: all)
  --count N        cases per target, in the target's unit (default: rsp 20000, elf 500, cli 200,
                   parsers 100000)
  --time S         stop starting new cases in a target after S seconds
  --from N         number of the first case (to run a reported case again with its seed)
  --rss-limit MB   bound on the stub process's peak RSS (default 384)
  --answer-ms N    elf: the CPU time within which each ELF must be answered (default 1000)
  --elf-real N     elf: run every Nth ELF also as a real kvmdbg process (default 50)
  --cli-real N     cli: run every Nth command line also as a real kvmdbg process (default 10)
  --log FILE       append the stub processes' stderr (rsp) to FILE
  -h, --help       this text

exit status: 0 nothing found; 1 findings (each printed with its seed and case); 2 bad arguments.`;

const TARGETS = ['rsp', 'elf', 'cli', 'parsers'] as const;
type TargetName = (typeof TARGETS)[number];
const DEFAULT_COUNT: Record<TargetName, number> = { rsp: 20_000, elf: 500, cli: 200, parsers: 100_000 };

function usage(message: string): never {
  process.stderr.write(`fuzz: ${message}\n(npm run fuzz -- --help lists the options)\n`);
  process.exit(2);
}

function count(name: string, text: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > max) usage(`--${name} '${text}' is not a number from 0 to ${max}`);
  return Number(text);
}

async function main(): Promise<number> {
  let v;
  try {
    ({ values: v } = parseArgs({
      options: {
        seed: { type: 'string' }, target: { type: 'string' }, count: { type: 'string' }, time: { type: 'string' },
        from: { type: 'string' }, 'rss-limit': { type: 'string' }, log: { type: 'string' }, 'cli-real': { type: 'string' }, 'elf-real': { type: 'string' }, 'answer-ms': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    usage((e as Error).message);
  }
  if (v.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const seed = count('seed', v.seed, 0xffff_ffff) ?? randomInt(0, 2 ** 32 - 1);
  const targets = (v.target ?? TARGETS.join(',')).split(',').map((t) => t.trim());
  for (const t of targets) if (!(TARGETS as readonly string[]).includes(t)) usage(`unknown target '${t}' (${TARGETS.join(', ')})`);
  const n = count('count', v.count);
  let seconds: number | undefined;
  if (v.time !== undefined) {
    seconds = Number(v.time);
    if (!/^\d+(\.\d+)?$/.test(v.time) || !(seconds > 0)) usage(`--time '${v.time}' is not a positive number of seconds`);
  }
  const from = count('from', v.from) ?? 0;
  const rssLimitKb = (count('rss-limit', v['rss-limit']) ?? 384) * 1024;

  const cliReal = count('cli-real', v['cli-real']) ?? 10;
  const elfReal = count('elf-real', v['elf-real']) ?? 50;
  if (cliReal < 1 || elfReal < 1) usage('--cli-real and --elf-real must be at least 1');
  const progress = (line: string): void => { process.stderr.write(`fuzz: ${line}\n`); };
  process.stdout.write(`fuzz: seed ${seed}, targets ${targets.join(',')}` +
    `${n !== undefined ? `, count ${n}` : ''}${seconds !== undefined ? `, time ${seconds} s` : ''}${from ? `, from case ${from}` : ''}\n`);
  const reports: TargetReport[] = [];
  for (const t of targets as TargetName[]) {
    const budget: Budget = {
      seed, from, progress,
      count: n ?? (seconds !== undefined ? Number.MAX_SAFE_INTEGER : DEFAULT_COUNT[t]),
      deadline: seconds !== undefined ? Date.now() + seconds * 1000 : Infinity,
    };
    const report: TargetReport = t === 'rsp' ? await fuzzRsp(budget, { rssLimitKb, log: v.log })
      : t === 'elf' ? await fuzzElf(budget, { realEvery: elfReal, answerMs: count('answer-ms', v['answer-ms']) ?? 1000 })
        : t === 'cli' ? await fuzzCli(budget, { realEvery: cliReal }) : await fuzzParsers(budget);
    reports.push(report);
    process.stdout.write(`${t}: ${report.done} ${report.unit} in ${(report.ms / 1000).toFixed(1)} s, ` +
      `${report.findings.length} finding(s)\n${report.figures.map((f) => `  ${f}\n`).join('')}`);
    for (const f of report.findings) {
      process.stdout.write(`  FOUND ${f.kind} in case ${f.case} (replay: npm run fuzz -- --seed ${seed} --target ${t} --from ${f.case} --count 1)\n` +
        f.detail.split('\n').map((l) => `    ${l}\n`).join(''));
    }
  }
  const found = reports.reduce((a, r) => a + r.findings.length, 0);
  process.stdout.write(`fuzz: seed ${seed}: ${found === 0 ? 'nothing found' : `${found} finding(s)`}\n`);
  return found === 0 ? 0 : 1;
}

process.exitCode = await main();
