/**
 * examples/minimal-vmm.ts runs as documented, on both kernel profiles and byte orders: the UART bytes,
 * the BRK #0x1234 debug exit (ESR 0xf2001234, Arm ARM ESR_EL2 for BRK64: EC 0x3c, IL 1, ISS = imm16) with
 * the high half valid only on 6.1, and the PSCI SYSTEM_OFF event.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

for (const [kernel, endian] of [['6.1', 'le'], ['5.10', 'be']] as const) {
  test(`examples/minimal-vmm.ts --host-kernel ${kernel} --host-endian ${endian}`, () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/minimal-vmm.ts', '--host-kernel', kernel, '--host-endian', endian],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'Hi\n' +
      `debug exit at pc 0x40000020: ESR 0xf2001234 (EC 0x3c), high half ${kernel === '6.1' ? 'valid' : 'unknown (pre-5.19 kernel)'}\n` +
      'guest powered off\n');
  });
}
