/**
 * The same gdb-multiarch session on the FP registers (the org.gnu.gdb.aarch64.fpu feature: v0..v31, fpsr,
 * fpcr) against qemu-system-aarch64's gdbstub and kvmdbg's, on guests/bin/fpmath-gcc-O2.elf stopped in
 * its Mandelbrot loop: reads of whole vectors and of the d/s/q views, writes through `set` (`$s2.f = 1.5`), stepping
 * with FP state changing, and `info vector`. kvmdbg's stub reads and writes them with KVM_GET/SET_ONE_REG.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { requireTool, runGdb } from './gdb-harness.ts';

requireTool('gdb-multiarch', 'gdb-multiarch');
requireTool('qemu-system-aarch64', 'qemu-system-arm');

const ELF = fileURLToPath(new URL('../../guests/bin/fpmath-gcc-O2.elf', import.meta.url));

const SCRIPT = `set pagination off
set confirm off
set width 0
file ELF
target remote 127.0.0.1:PORT
hbreak mandel
continue
stepi 20
info registers d0 d1 s2 fpsr fpcr
p $v0
p $d1
p/x $q2
set $s2.f = 1.5
p $s2.f
p $v2.s.f
set $v4.d.u[1] = 0x1234
p/x $v4.d.u
set $d5.f = -0.0
p/x $v5.d.u
stepi 5
info registers v0 v1 v2 v3 v4 v5
info vector
p $fpcr
kill
`;

const strip = (s: string): string => s.split('\n').filter((l) => !/^Remote debugging using/.test(l)).join('\n');

test('gdb vs QEMU: the fpu feature reads and writes the same v0..v31, d/s/q views, fpsr and fpcr', async () => {
  const q = await runGdb('qemu', SCRIPT, { elf: ELF });
  const k = await runGdb('kvmdbg', SCRIPT, { elf: ELF });
  for (const [name, r] of [['qemu', q], ['kvmdbg', k]] as const) {
    assert.equal(r.status, 0, `gdb against ${name} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  assert.match(k.stdout, /\$\d+ = 1\.5/);
  assert.match(k.stdout, /\{0x[0-9a-f]+, 0x1234\}/);
  assert.equal(strip(k.stdout), strip(q.stdout));
});
