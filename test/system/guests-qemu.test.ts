/**
 * Every guest program in guests/bin/ (but the architecture-checked ones, guests-arch.test.ts) runs under
 * QEMU (the independent oracle: qemu-system-aarch64 -M virt -cpu cortex-a57, a bare ELF given with
 * -kernel) and under `kvmdbg run`; both must print the same UART output and end with PSCI SYSTEM_OFF
 * (exit status 0).
 *
 * Where QEMU 7.2's TCG deviates from the Arm architecture, QEMU's output is corrected to the architectural
 * output before the comparison, using the list below; each entry must still occur in QEMU's output (so a
 * QEMU that no longer deviates makes the test fail until the entry is removed). kvmdbg follows the
 * architecture (Arm ARM DDI 0487, chapter D2) and Linux's KVM selftest debug-exceptions.c.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { archGuests } from './arch-guests.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binDir = join(root, 'guests', 'bin');
const archNames = new Set(archGuests.map((g) => g.name));
const guests = readdirSync(binDir).filter((f) => f.endsWith('.elf') && !archNames.has(f.split('-')[0])).sort();

interface QemuDeviation {
  /** Guests (by ELF file name) whose QEMU output shows the deviation. */
  guest: RegExp;
  /** What QEMU prints. */
  qemu: string;
  /** What the architecture requires, and kvmdbg must print. */
  architectural: string;
  reason: string;
}

const stepLines = (n: number): string =>
  Array.from({ length: n }, (_, i) => `  step ${i}: ELR_EL1=ss_start+${4 * i} ESR_EL1=0xcf000022\n`).join('');

const qemuDeviations: QemuDeviation[] = [
  {
    guest: /^debug-/,
    qemu: `single step: 4 step exceptions\n${stepLines(4)}single step: FAIL\n`,
    architectural: `single step: 3 step exceptions\n${stepLines(3)}single step: PASS\n`,
    reason:
      'QEMU takes a software-step exception after `msr daifset, #8`; architecturally, an instruction that sets ' +
      'PSTATE.D makes the step state inactive, so no step exception follows it (Arm ARM D2.11.5). The KVM ' +
      'selftest expects exactly three: ss_start, +4, +8.',
  },
  {
    guest: /^debug-/,
    qemu: 'os lock blocks hardware breakpoint: hits=1 FAIL\n',
    architectural: 'os lock blocks hardware breakpoint: hits=0 PASS\n',
    reason:
      'QEMU ignores the OS lock (it tests OSLSR_EL1 bit 0 but keeps OSLK in bit 1); with OSLSR_EL1.OSLK = 1 no ' +
      'breakpoint, watchpoint or step exception is generated (AArch64.GenerateDebugExceptionsFrom).',
  },
  {
    guest: /^debug-/,
    qemu: "os lock blocks watchpoint: hits=1 data='x' FAIL\n",
    architectural: "os lock blocks watchpoint: hits=0 data='x' PASS\n",
    reason: 'QEMU ignores the OS lock (see above).',
  },
  {
    guest: /^debug-/,
    qemu: 'os lock blocks single step: 4 step exceptions FAIL\n',
    architectural: 'os lock blocks single step: 0 step exceptions PASS\n',
    reason: 'QEMU ignores the OS lock (see above), and adds the step after `msr daifset, #8`.',
  },
];

/** Guests that need more than one CPU (QEMU -smp, kvmdbg --smp), by ELF file name. */
const cpusOf = (name: string): number => (name.startsWith('smp-') ? 2 : 1);

function normalise(s: string): string {
  return s.replace(/\r\n/g, '\n');
}

function runQemu(elf: string, cpus: number): { out: string; status: number | null } {
  const r = spawnSync(
    'qemu-system-aarch64',
    ['-M', 'virt', '-cpu', 'cortex-a57', '-smp', String(cpus), '-nographic', '-nic', 'none', '-kernel', elf],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail('qemu-system-aarch64 is missing: install the Debian package qemu-system-arm');
  }
  assert.equal(r.error, undefined, `QEMU failed on ${elf}: ${String(r.error)}`);
  return { out: normalise(r.stdout), status: r.status };
}

/** `kvmdbg run GUEST` in a child process (asynchronous, so two guests can run at once). */
function runKvmdbg(elf: string, cpus: number): Promise<{ out: string; err: string; status: number | null }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin', 'kvmdbg.js'), 'run', elf, '--smp', String(cpus)],
      { encoding: 'utf8', timeout: 180_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ out: normalise(stdout), err: `${stderr}${error && status === null ? String(error) : ''}`, status });
      });
  });
}

/** QEMU's output with each known deviation replaced by the architectural output. */
function architecturalFromQemu(name: string, qemuOut: string): string {
  let out = qemuOut;
  for (const d of qemuDeviations) {
    if (!d.guest.test(name)) continue;
    assert.ok(
      out.includes(d.qemu),
      `${name}: QEMU no longer shows the deviation "${d.qemu.trim()}" (${d.reason}); update the list`,
    );
    out = out.split(d.qemu).join(d.architectural);
  }
  return out;
}

const qemuCache = new Map<string, { out: string; status: number | null }>();
function qemuOf(name: string): { out: string; status: number | null } {
  let r = qemuCache.get(name);
  if (!r) {
    r = runQemu(join(binDir, name), cpusOf(name));
    qemuCache.set(name, r);
  }
  return r;
}

test('guests/bin holds the guest programs', () => {
  for (const g of ['hello', 'insns', 'exceptions', 'brk', 'bench', 'debug', 'fpmath', 'smp', 'corrupt']) {
    assert.ok(guests.some((f) => f.startsWith(`${g}-gcc-`)), `${g} built with gcc`);
    assert.ok(guests.some((f) => f.startsWith(`${g}-clang-`)), `${g} built with clang`);
  }
});

for (const name of guests) {
  test(`${name}: QEMU runs it to PSCI SYSTEM_OFF and every check it prints passes`, () => {
    const { out, status } = qemuOf(name);
    assert.equal(status, 0, `QEMU exit status for ${name}`);
    assert.ok(out.length > 0, 'the guest printed something');
    assert.doesNotMatch(out, /UNEXPECTED/);
    const arch = architecturalFromQemu(name, out);
    assert.doesNotMatch(arch, /FAIL/, `a check failed on QEMU (after the listed deviations):\n${arch}`);
  });
}

test('each guest prints the same on QEMU whichever compiler and optimisation level built it', () => {
  // The pcrel line of insns prints where ADRP's page is relative to the code, which depends on the layout.
  const key = (out: string) => out.replace(/^pcrel: adr .*$/m, 'pcrel: <layout-dependent>');
  const byGuest = new Map<string, string[]>();
  for (const name of guests) {
    const g = name.split('-')[0];
    byGuest.set(g, [...(byGuest.get(g) ?? []), name]);
  }
  for (const [g, names] of byGuest) {
    const first = key(qemuOf(names[0]).out);
    for (const n of names.slice(1)) assert.equal(key(qemuOf(n).out), first, `${g}: ${n} vs ${names[0]}`);
  }
});

test('bench guests compute what the same loop computes here', () => {
  let s = 0n;
  const mask = (1n << 64n) - 1n;
  for (let i = 0n; i < 200_000n; i++) s = ((s + i) ^ (s >> 3n)) & mask;
  const expect = `bench1: result 0x${s.toString(16).padStart(16, '0')}\n`;
  for (const name of guests.filter((n) => n.startsWith('bench-'))) {
    assert.ok(qemuOf(name).out.includes(expect), `${name} prints ${expect.trim()}`);
  }
});

describe('kvmdbg run', { concurrency: 2 }, () => {
  for (const name of guests) {
    test(`${name}: kvmdbg run prints what QEMU prints and exits 0`, async () => {
      const expected = architecturalFromQemu(name, qemuOf(name).out);
      const k = await runKvmdbg(join(binDir, name), cpusOf(name));
      assert.equal(k.out, expected, `UART output of kvmdbg run ${name} (stderr: ${k.err.slice(0, 2000)})`);
      assert.equal(k.status, 0, `exit status of kvmdbg run ${name} (stderr: ${k.err.slice(0, 2000)})`);
    });
  }
});
