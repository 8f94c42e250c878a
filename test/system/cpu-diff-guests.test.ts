/**
 * kvmdbg's CPU against QEMU, instruction by instruction, on compiled guests (gcc and clang output,
 * exception vectors, system registers, ERET): see cpudiff/guest-trace.ts. The guests' console output,
 * collected from the CPU's MMIO stores, must also be what QEMU printed.
 * (The debug guest is left to guests-qemu.test.ts: QEMU's known deviations change its control flow.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuestCpu } from '../../src/cpu/api.ts';
import { createCpu } from '../../src/cpu/index.ts';
import { qemuSystemTrace, compareGuest } from './cpudiff/guest-trace.ts';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'guests', 'bin');
const guests = ['hello-gcc-O2', 'hello-clang-O2', 'exceptions-gcc-O2', 'exceptions-clang-O2', 'brk-gcc-O2', 'brk-clang-O2'];

for (const g of guests) {
  test(`${g}: kvmdbg's CPU matches QEMU after every instruction up to PSCI SYSTEM_OFF`, (t) => {
    const path = join(bin, `${g}.elf`);
    const states = qemuSystemTrace(path);
    const r = compareGuest(createCpu as () => GuestCpu, readFileSync(path), states);
    const counts = new Map<string, number>();
    for (const n of r.notes) counts.set(n, (counts.get(n) ?? 0) + 1);
    for (const [n, c] of counts) t.diagnostic(`${c}× ${n}`);
    assert.equal(r.mismatch, undefined, `${g}: diverged after ${r.steps} matching steps:\n${r.mismatch}`);
    const qemuOut = spawnSync('qemu-system-aarch64', ['-M', 'virt', '-cpu', 'cortex-a57', '-nographic', '-nic', 'none', '-kernel', path],
      { encoding: 'utf8', timeout: 60_000 }).stdout.replace(/\r\n/g, '\n');
    assert.equal(r.console, qemuOut);
    assert.ok(r.steps > 1000);
  });
}
