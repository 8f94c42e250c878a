import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sysRegTable, binutilsSysRegTable, genericSysRegName } from '../../src/esr/index.ts';

/**
 * The system-register names the ESR decoder prints for trapped MSR/MRS/SYS (EC 0x18) are checked
 * against GNU binutils (Debian's binutils-aarch64-linux-gnu): every encoding in kvmdbg's table is
 * assembled in the generic S<op0>_<op1>_C<n>_C<m>_<op2> form and objdump, which knows the Arm names,
 * must print the same name. Registers newer than the installed binutils print generically; those must
 * be in NEWER_THAN_BINUTILS below, so a typo cannot hide there.
 */

const AS = 'aarch64-linux-gnu-as';
const OBJDUMP = 'aarch64-linux-gnu-objdump';
const NEWER_THAN_BINUTILS = new Set([
  'MDSELR_EL1', 'ID_AA64ISAR3_EL1', 'ID_AA64MMFR4_EL1', 'ID_AA64FPFR0_EL1', 'ID_AA64DFR2_EL1', 'ID_AA64PFR2_EL1',
  'TCR2_EL1', 'SCTLR2_EL1', 'ID_AA64MMFR3_EL1',
]);

function tool(name: string): void {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
  } catch {
    assert.fail(`${name} is missing: install the Debian package binutils-aarch64-linux-gnu`);
  }
}

test('ESR SYS64 register names: every entry (kvmdbg\'s table and the binutils-derived one) matches objdump', () => {
  tool(AS);
  tool(OBJDUMP);
  const own = sysRegTable();
  const ownKeys = new Set(own.map((r) => genericSysRegName(r)));
  const rows = [...own, ...binutilsSysRegTable().filter((r) => !ownKeys.has(genericSysRegName(r)))];
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-sysreg-'));
  try {
    // Two instructions per entry: a read (MRS/SYSL) and a write (MSR/SYS), so that read-only and
    // write-only registers (OSLAR_EL1, DBGDTRTX_EL0) and system instructions (DC ZVA) are all named.
    const lines: string[] = [];
    for (const r of rows) {
      if (r.op0 === 1) lines.push(`sys #${r.op1}, C${r.crn}, C${r.crm}, #${r.op2}, x0`, `sys #${r.op1}, C${r.crn}, C${r.crm}, #${r.op2}, x0`);
      else lines.push(`mrs x0, ${genericSysRegName(r)}`, `msr ${genericSysRegName(r)}, x0`);
    }
    writeFileSync(join(dir, 'r.s'), lines.join('\n') + '\n');
    execFileSync(AS, ['-march=armv9.3-a+sme+memtag+rng+pauth', join(dir, 'r.s'), '-o', join(dir, 'r.o')]);
    const dis = execFileSync(OBJDUMP, ['-d', '--no-show-raw-insn', join(dir, 'r.o')], { encoding: 'utf8' });
    const insns = dis.split('\n').filter((l) => /^\s+[0-9a-f]+:\t/.test(l)).map((l) => l.split('\t').slice(1).join(' ').trim().toLowerCase());
    assert.equal(insns.length, lines.length, 'objdump printed one line per assembled instruction');
    const unknownToBinutils: string[] = [];
    const mismatches: string[] = [];
    rows.forEach((r, i) => {
      const [rd, wr] = [insns[2 * i], insns[2 * i + 1]];
      const want = r.name.toLowerCase();
      if (r.op0 === 1) {
        // "DC ZVA" disassembles as "dc zva, x0"; "TLBI VMALLE1" as "tlbi vmalle1" (no register operand).
        if (!wr.startsWith(want)) mismatches.push(`${r.name}: objdump says '${wr}'`);
        return;
      }
      const names = [rd.replace(/^mrs x0, /, ''), wr.replace(/^msr /, '').replace(/, x0$/, '')];
      if (names.includes(want)) return;
      if (names.every((n) => /^s[0-3]_[0-7]_c\d+_c\d+_[0-7]$/.test(n))) unknownToBinutils.push(r.name);
      else mismatches.push(`${r.name} (${genericSysRegName(r)}): objdump says '${names.join("' / '")}'`);
    });
    assert.deepEqual(mismatches, [], 'names that disagree with binutils');
    assert.deepEqual(unknownToBinutils.filter((n) => !NEWER_THAN_BINUTILS.has(n)), [], 'names binutils does not know (typo?)');
    assert.ok(own.length > 200 && rows.length > 1100, `tables have ${own.length} and ${rows.length} entries`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
