/**
 * The architecture-checked guests (arch-guests.ts): every build of each, under qemu-system-aarch64
 * (-cpu cortex-a57, each machine of the catalogue), prints guests/expected/<file> line for line except
 * where a listed QEMU 7.2 deviation explains the difference, and powers off with PSCI SYSTEM_OFF;
 * `kvmdbg run` prints the expected file exactly for the guests it can run.
 *
 * Which guests kvmdbg is held to is decided in one place, the `kvmdbg` field of each run in
 * arch-guests.ts: `{ awaits: '<what kvmdbg lacks>' }` runs the guest on QEMU only; replacing it with
 * `{ args: [<kvmdbg run arguments>] }` (for example `[]`, or `['--gic', 'v3']` for the timer on a GICv3)
 * adds the test that kvmdbg prints the expected file exactly and exits 0.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { archGuests, qemuLineDeviations, type ArchGuest, type ArchRun } from './arch-guests.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binDir = join(root, 'guests', 'bin');
const expectedDir = join(root, 'guests', 'expected');
const elfs = readdirSync(binDir).filter((f) => f.endsWith('.elf')).sort();

function buildsOf(g: ArchGuest): string[] {
  return elfs.filter((f) => f.startsWith(`${g.name}-`));
}

function expectedOf(run: ArchRun): string {
  return readFileSync(join(expectedDir, run.expected), 'utf8');
}

function runQemu(elf: string, machine: string): { out: string; status: number | null } {
  const r = spawnSync(
    'qemu-system-aarch64',
    ['-M', machine, '-cpu', 'cortex-a57', '-nographic', '-nic', 'none', '-kernel', elf],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail('qemu-system-aarch64 is missing: install the Debian package qemu-system-arm');
  }
  assert.equal(r.error, undefined, `QEMU failed on ${elf}: ${String(r.error)}`);
  return { out: r.stdout.replace(/\r\n/g, '\n'), status: r.status };
}

/**
 * Compare QEMU's output with the expected file: the same number of lines, equal except where one
 * deviation for this guest matches QEMU's line and the expected line; returns the deviations used.
 */
function compareWithDeviations(guest: string, qemuOut: string, expected: string): Set<number> {
  const q = qemuOut.split('\n');
  const e = expected.split('\n');
  const used = new Set<number>();
  const unexplained: string[] = [];
  for (let i = 0; i < Math.max(q.length, e.length); i++) {
    if (q[i] === e[i]) continue;
    const d = qemuLineDeviations.findIndex((dv) =>
      dv.guest.test(guest) && q[i] !== undefined && e[i] !== undefined && dv.qemu.test(q[i]) && dv.architectural.test(e[i]));
    if (d < 0) unexplained.push(`line ${i + 1}:\n  QEMU:     ${q[i] ?? '<none>'}\n  expected: ${e[i] ?? '<none>'}`);
    else used.add(d);
  }
  assert.deepEqual(unexplained, [], `${guest}: QEMU differs from the expected output on lines no deviation explains`);
  return used;
}

test('the catalogue covers every architecture-checked guest, build and expected file', () => {
  const names = new Set(archGuests.map((g) => g.name));
  for (const g of archGuests) {
    const builds = buildsOf(g);
    assert.ok(builds.some((b) => b.includes('-gcc-')), `${g.name} built with gcc`);
    assert.ok(builds.some((b) => b.includes('-clang-')), `${g.name} built with clang`);
    for (const run of g.runs) {
      assert.ok(existsSync(join(expectedDir, run.expected)), `guests/expected/${run.expected} exists`);
      assert.doesNotMatch(expectedOf(run), /FAIL/, `${run.expected} is the architecture's output: no FAIL in it`);
      assert.ok('args' in run.kvmdbg || run.kvmdbg.awaits.length > 0, `${g.name}: kvmdbg runs it or says what it lacks`);
    }
  }
  const files = readdirSync(expectedDir).filter((f) => f.endsWith('.expected'));
  for (const f of files) {
    assert.ok(archGuests.some((g) => g.runs.some((r) => r.expected === f)), `${f} belongs to a guest of the catalogue`);
    assert.ok(names.has(f.split('.')[0]), `${f} is named after its guest`);
  }
  for (const d of qemuLineDeviations) {
    assert.ok(archGuests.some((g) => d.guest.test(g.name)), `deviation "${d.reason.slice(0, 40)}…" names a guest`);
  }
});

for (const g of archGuests) {
  for (const run of g.runs) {
    for (const elf of buildsOf(g)) {
      test(`${elf} on QEMU -M ${run.machine}: ${run.expected} except the listed QEMU deviations`, () => {
        const { out, status } = runQemu(join(binDir, elf), run.machine);
        assert.equal(status, 0, `QEMU exit status for ${elf} (PSCI SYSTEM_OFF)`);
        const used = compareWithDeviations(g.name, out, expectedOf(run));
        qemuLineDeviations.forEach((d, i) => {
          if (d.guest.test(g.name)) {
            assert.ok(used.has(i), `${elf}: QEMU no longer shows the deviation "${d.reason}"; update the list`);
          }
        });
      });
    }
  }
}

/** `kvmdbg run ARGS GUEST` in a child process. */
function runKvmdbg(args: string[], elf: string): Promise<{ out: string; err: string; status: number | null }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin', 'kvmdbg.js'), 'run', ...args, elf],
      { encoding: 'utf8', timeout: 180_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ out: stdout.replace(/\r\n/g, '\n'), err: `${stderr}${error && status === null ? String(error) : ''}`, status });
      });
  });
}

/** The runs kvmdbg is held to: those whose catalogue entry gives `kvmdbg run` arguments. */
const kvmdbgRuns = archGuests.flatMap((g) => g.runs.flatMap((run) => {
  const k = run.kvmdbg;
  return 'args' in k ? buildsOf(g).map((elf) => ({ elf, run, args: k.args })) : [];
}));

if (kvmdbgRuns.length > 0) {
  describe('kvmdbg run of the architecture-checked guests it supports', { concurrency: 2 }, () => {
    for (const { elf, run, args } of kvmdbgRuns) {
      test(`${elf}: kvmdbg run ${args.join(' ')} prints ${run.expected}`, async () => {
        const r = await runKvmdbg(args, join(binDir, elf));
        assert.equal(r.out, expectedOf(run), `UART output of kvmdbg run ${elf} (stderr: ${r.err.slice(0, 2000)})`);
        assert.equal(r.status, 0, `exit status of kvmdbg run ${elf}`);
      });
    }
  });
}
