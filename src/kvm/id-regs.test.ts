/**
 * A vCPU without a PMU reads its debug ID registers as Linux 6.1's read_id_reg() sanitises them
 * (arch/arm64/kvm/sys_regs.c: PMUVer and PerfMon 0 when !kvm_vcpu_has_pmu, PMSVer 0, DebugVer at most
 * Armv8.0), while the host CPU (the model's Cortex-A57, as QEMU's cortex-a57) implements PMUv3.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KVM_EXIT_DEBUG, REG_X, RUN_OFF, readU32 } from '../abi/index.ts';
import { ID_AA64DFR0_EL1_VALUE, ID_DFR0_EL1_VALUE } from '../cpu/index.ts';
import { experimentVm } from './test-helpers.ts';

const CODE: ReadonlyArray<readonly [number, readonly number[]]> = [[0x00, [
  0xd5380501, // +0x00 mrs x1, id_aa64dfr0_el1
  0xd5380142, // +0x04 mrs x2, id_dfr0_el1
  0xd4200020, // +0x08 brk #0x1
]]];

test('ID_AA64DFR0_EL1 and ID_DFR0_EL1 as a PMU-less vCPU reads them: PMUVer and PerfMon 0, the breakpoint and watchpoint counts the host\'s', () => {
  assert.equal((ID_AA64DFR0_EL1_VALUE >> 8n) & 0xfn, 1n, 'the host CPU has PMUv3');
  const m = experimentVm('6.1', 'le', CODE);
  m.debug({ control: 1 });
  m.setPc(0);
  m.vcpu.runVcpu();
  assert.equal(readU32(m.vcpu.run, RUN_OFF.exitReason, 'le'), KVM_EXIT_DEBUG);
  const dfr0 = m.vcpu.getOneReg(REG_X(1));
  assert.equal((dfr0 >> 8n) & 0xfn, 0n, 'PMUVer');
  assert.equal(dfr0 & 0xfn, 6n, 'DebugVer: Armv8.0');
  assert.equal((dfr0 >> 32n) & 0xfn, 0n, 'PMSVer');
  assert.equal(dfr0 & ~0xf0fn, ID_AA64DFR0_EL1_VALUE & ~0xf0fn, 'BRPs, WRPs, CTX_CMPs as the host');
  assert.equal(m.vcpu.getOneReg(REG_X(2)), ID_DFR0_EL1_VALUE & ~(0xfn << 24n), 'ID_DFR0_EL1.PerfMon');
});
