/**
 * The warm-up program (warmup.ts) gives the interpreter's type feedback for every op of sem/table.ts:
 * stepped one instruction at a time, it executes each op at least once and ends at its HVC, having
 * taken every exception it asks for (SVC, BRK, UDF, alignment faults) through its own vector.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { A64Cpu } from './cpu.ts';
import { RunStop } from './api.ts';
import { decode } from './decode.ts';
import { OPS } from './sem/table.ts';
import { WARM_UP, WARM_UP_RAM, WARM_UP_RAM_HIGH, WARM_UP_VBAR, warmUpMemory } from './warmup.ts';
import {
  ESR_ELx_EC_BRK64, ESR_ELx_EC_DABT_CUR, ESR_ELx_EC_DABT_LOW, ESR_ELx_EC_FP_ASIMD, ESR_ELx_EC_HVC64, ESR_ELx_EC_SVC64, ESR_ELx_EC_UNKNOWN,
} from '../esr/ec.ts';
import { ESR_ELx_FSC_ALIGN } from '../esr/fsc.ts';
import { ec } from './test-helpers.ts';

// at both places the warm-up runs it (cpu.ts): the program is position independent
for (const ram of [WARM_UP_RAM, WARM_UP_RAM_HIGH]) test(`the warm-up program at 0x${ram.toString(16)} executes every op of the table and ends at its HVC`, () => {
  const cpu = new A64Cpu();
  const mem = warmUpMemory();
  const dv = new DataView(mem.buffer);
  cpu.mapRam(BigInt(ram), mem);
  cpu.setPc(BigInt(ram));
  const seen = new Set<number>();
  const rec = new Int32Array(8);
  const taken = new Set<number>();
  for (let k = 0; ; k++) {
    assert.ok(k < 5000, 'the program ends within 5000 instructions');
    const off = Number(cpu.getPc()) - ram;
    if (off === WARM_UP_VBAR + 0x200) { // a synchronous exception entered its vector
      const esr = Number(cpu.getSysReg('ESR_EL1'));
      taken.add(ec(BigInt(esr)));
      if (ec(BigInt(esr)) === ESR_ELx_EC_DABT_CUR) assert.equal(esr & 0x3f, ESR_ELx_FSC_ALIGN, 'its data aborts are alignment faults');
    }
    seen.add(decode(dv.getUint32(off, true), rec, 0));
    if (cpu.run(1) === RunStop.TrapToEl2) {
      const e = ec(cpu.el2.esr);
      if (e === ESR_ELx_EC_HVC64) break;
      assert.equal(e, ESR_ELx_EC_DABT_LOW, `only MMIO and the final HVC stop it (EC 0x${e.toString(16)})`);
      cpu.setPc(cpu.getPc() + 4n);
    }
  }
  assert.equal(Number(cpu.getPc()), ram + 4 * (WARM_UP.indexOf(0xd4000002) + 1), 'stops after the HVC that ends the program');
  const missing = OPS.map((d, op) => (op > 0 && !seen.has(op) ? d?.name : undefined)).filter((n) => n !== undefined);
  assert.deepEqual(missing, [], 'ops the warm-up never executes');
  // the FP trap before CPACR_EL1.FPEN is set, SVC, BRK, UDF, unaligned accesses to Device memory (MMU off)
  assert.deepEqual([...taken].sort((a, b) => a - b),
    [ESR_ELx_EC_UNKNOWN, ESR_ELx_EC_FP_ASIMD, ESR_ELx_EC_SVC64, ESR_ELx_EC_DABT_CUR, ESR_ELx_EC_BRK64]);
});
