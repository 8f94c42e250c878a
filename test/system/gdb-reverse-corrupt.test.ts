/**
 * docs/gdb.md's time-travel walkthrough ("who wrote this value?") on the corrupt guest (guests/corrupt.c:
 * copy_name writes the NUL of an 8-character name one byte past `sensor.name`, into `sensor.limit`):
 * gdb-multiarch runs exactly the session's `(gdb)` commands against `kvmdbg run --gdb`, and every line the
 * doc shows under a command must be what gdb printed, in order (gdb's own output on stdout, what `monitor`
 * prints on stderr). The doc's plain run must be what `kvmdbg run` prints.
 *
 * Where gdb stops is then checked against independent truths:
 *  - the ELF: the stop's PC is a store that GNU objdump lists in copy_name, at the address GNU addr2line
 *    maps to the source line of `s->name[i] = 0;`, the line gdb shows;
 *  - a forward run with the same watchpoint: its history exit log (monitor history) has that store's
 *    watchpoint exit at the instruction count the reverse session says it is at, and gdb reports that
 *    write going forward as 300 -> 256;
 *  - QEMU's own record/replay under the same commands: its stop for the reverse-continue is just after
 *    the same store (the next instruction, per objdump), where kvmdbg's stop reply is too (read from gdb's
 *    remote log); QEMU 7.2's reply lacks `watch:`, so gdb stays there, where on kvmdbg's it steps back
 *    onto the store (gdb-reverse-qemu.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, bcStops, requireTool, runCaptured, runGdb, runGdbQemuReplay } from './gdb-harness.ts';

requireTool('gdb-multiarch', 'gdb-multiarch');
requireTool('qemu-system-aarch64', 'qemu-system-arm');
requireTool('aarch64-linux-gnu-objdump', 'binutils-aarch64-linux-gnu');

const GUESTS = join(ROOT, 'guests');
const ELF_REL = 'bin/corrupt-gcc-O2.elf';
const ELF = join(GUESTS, ELF_REL);
const MARKER = '<!-- session: test/system/gdb-reverse-corrupt.test.ts -->';

const doc = readFileSync(join(ROOT, 'docs/gdb.md'), 'utf8');

/** The text of the first fenced block at or after `from` in the doc. */
function blockAt(from: number): string {
  const start = doc.indexOf('```\n', from);
  const end = doc.indexOf('\n```', start + 4);
  assert.ok(start >= 0 && end > start, 'a fenced block follows');
  return doc.slice(start + 4, end + 1);
}

interface Step { command: string; lines: string[] }

/** The session: its shell lines, and each `(gdb)` command with the lines the doc shows after it. */
function session(): { shell: string[]; steps: Step[] } {
  const at = doc.indexOf(MARKER);
  assert.ok(at >= 0, `docs/gdb.md has the walkthrough (${MARKER})`);
  const shell: string[] = [];
  const steps: Step[] = [];
  for (const line of blockAt(at).split('\n')) {
    if (line.startsWith('$ ')) shell.push(line.slice(2));
    else if (line.startsWith('(gdb) ')) steps.push({ command: line.slice(6), lines: [] });
    else if (line.trim() !== '') steps[steps.length - 1]!.lines.push(line);
  }
  return { shell, steps };
}

const PRELUDE = `set pagination off
set confirm off
file ELF
target remote 127.0.0.1:PORT
`;

/**
 * Each shown line, in order, is a whole line of gdb's stdout, or else of its stderr (monitor replies):
 * one cursor per stream.
 */
function assertShown(steps: Step[], stdout: string, stderr: string): void {
  const streams = [stdout.split('\n'), stderr.split('\n')];
  const at = [0, 0];
  for (const { command, lines } of steps) {
    for (const want of lines) {
      const found = streams.some((s, k) => {
        const i = s.findIndex((l, j) => j >= at[k]! && l.trimEnd() === want.trimEnd());
        if (i < 0) return false;
        at[k] = i + 1;
        return true;
      });
      assert.ok(found, `docs/gdb.md shows after "(gdb) ${command}":\n  ${want}\nbut gdb printed, in order:\n${stdout}\n--- stderr:\n${stderr}`);
    }
  }
}

/** The objdump lines of one function: address and instruction text. */
function disassemble(fn: string): { addr: bigint; text: string }[] {
  const out = execFileSync('aarch64-linux-gnu-objdump', ['-d', ELF], { encoding: 'utf8' });
  const body = out.slice(out.indexOf(`<${fn}>:\n`));
  return body.slice(0, body.indexOf('\n\n')).split('\n').slice(1)
    .map((l) => /^\s*([0-9a-f]+):\s+[0-9a-f]{8}\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ addr: BigInt(`0x${m[1]}`), text: m[2]!.trim() }));
}

test('docs/gdb.md: the corrupt guest\'s plain run is what kvmdbg run prints', async () => {
  const at = doc.indexOf('$ kvmdbg run guests/bin/corrupt-gcc-O2.elf\n');
  assert.ok(at >= 0, 'the doc shows the plain run');
  const shown = blockAt(doc.lastIndexOf('```\n', at)).split('\n').slice(1).join('\n');
  const r = await runCaptured(process.execPath, [join(ROOT, 'bin/kvmdbg.js'), 'run', ELF]);
  assert.equal(r.status, 0, r.out);
  assert.equal(r.out, shown);
});

test('docs/gdb.md walkthrough "who wrote this value?": gdb prints what the doc shows; the stop is copy_name\'s NUL store per objdump/addr2line, the forward run\'s watchpoint exit log and QEMU\'s record/replay', async () => {
  const { shell, steps } = session();
  assert.deepEqual(shell, [`kvmdbg run ${ELF_REL} --gdb 1234 -S`, `gdb-multiarch ${ELF_REL} -ex 'target remote :1234'`]);
  const commands = steps.map((s) => s.command);
  const r = await runGdb('kvmdbg', `${PRELUDE}${commands.join('\n')}\nkill\n`, { elf: ELF, cwd: GUESTS });
  assert.equal(r.status, 0, r.stdout + r.stderr + r.stubOutput);
  assertShown(steps, r.stdout, r.stderr);

  // where gdb stopped: the PC x/i shows, the line it names
  const pc = BigInt(/^=> (0x[0-9a-f]+) <copy_name\+\d+>:/m.exec(r.stdout)![1]!);
  const line = Number(/^copy_name \(.*\) at \.\/corrupt\.c:(\d+)$/m.exec(r.stdout)![1]);
  const now = Number(/now at instruction (\d+);/.exec(r.stderr)![1]);

  // the ELF: a store in copy_name at that address, which addr2line maps to the line of `s->name[i] = 0;`
  const insns = disassemble('copy_name');
  const store = insns.findIndex((x) => x.addr === pc);
  assert.ok(store >= 0 && /^str/.test(insns[store]!.text), `objdump lists a store at 0x${pc.toString(16)} in copy_name: ${insns[store]?.text}`);
  const a2l = execFileSync('aarch64-linux-gnu-addr2line', ['-e', ELF, `0x${pc.toString(16)}`], { encoding: 'utf8' }).trim();
  const src = readFileSync(join(GUESTS, 'corrupt.c'), 'utf8').split('\n');
  const nulLine = src.findIndex((l) => /^\s*s->name\[i\] = 0;/.test(l)) + 1;
  assert.ok(nulLine > 0);
  assert.match(a2l, new RegExp(`corrupt\\.c:${nulLine}$`));
  assert.equal(line, nulLine, 'gdb shows the line addr2line names');
  const after = insns[store + 1]!.addr;   // the instruction after the store (copy_name's ret)

  // a forward run with the same watchpoint: the exit log has this store's watchpoint exit at `now`
  const fwd = await runGdb('kvmdbg', `${PRELUDE}watch -l sensor.limit\ncontinue\ncontinue\nmonitor history\nkill\n`, { elf: ELF, cwd: GUESTS });
  assert.equal(fwd.status, 0, fwd.stdout + fwd.stderr);
  assert.match(fwd.stdout, new RegExp(`Old value = 300\\s+New value = 256\\s+0x0*${after.toString(16)} in copy_name`));
  const exits = [...fwd.stderr.matchAll(/^#\d+ +insn (\d+) +vcpu 0 +pc (0x[0-9a-f]+) +ESR_ELx_EC_WATCHPT_LOW/gm)]
    .map((m) => ({ insn: Number(m[1]), pc: BigInt(m[2]!) }));
  assert.deepEqual(exits.filter((x) => x.pc === pc), [{ insn: now, pc }], 'the forward run\'s watchpoint exit at this store, at the same instruction count');

  // QEMU's record/replay and kvmdbg under the same commands up to the reverse-continue, with gdb's remote log
  const upTo = commands.slice(0, commands.indexOf('reverse-continue'));
  const script = `${PRELUDE}${upTo.join('\n')}\nset debug remote-packet-max-chars unlimited\nset debug remote 1\nreverse-continue\nset debug remote 0\nprint/x $pc\nkill\n`;
  const q = await runGdbQemuReplay(script, { elf: ELF, cwd: GUESTS });
  assert.equal(q.status, 0, q.out);
  assert.match(q.recorded, /corrupt: 2 alarms/);
  const k = await runGdb('kvmdbg', script, { elf: ELF, cwd: GUESTS });
  const kout = k.stdout + k.stderr;
  assert.equal(k.status, 0, kout);
  const hex = `0x${after.toString(16)}`;
  assert.deepEqual(bcStops(q.out), [{ pc: hex, watch: false }], 'QEMU stops just after the store, a bare T05');
  assert.deepEqual(bcStops(kout), [{ pc: hex, watch: true }], 'kvmdbg stops just after the store, as a watchpoint');
  assert.match(q.out, /Program received signal SIGTRAP/);
  assert.match(q.out, new RegExp(`^\\$\\d+ = ${hex}$`, 'm'), 'gdb stays where QEMU stopped');
  assert.match(k.stdout, new RegExp(`^\\$\\d+ = 0x${pc.toString(16)}$`, 'm'), 'gdb steps back from kvmdbg\'s stop onto the store');
});
