/**
 * The compatibility matrix of the hsr_high ABI change, driven through the real kernel model
 * (createModelKvm): {Linux 5.10, 6.1} × {VMM that ignores KVM_DEBUG_ARCH_HSR_HIGH_VALID, VMM that honours
 * it} × {little-, big-endian host}.
 *
 * The guest stores to IPA 0x40_1000_0000 (no memslot: a KVM_EXIT_MMIO whose phys_addr fills the first 8
 * bytes of the exit union) and then executes BRK #0x4321 (a KVM_EXIT_DEBUG). This is conformance scenario
 * 08-s1-hsr-high (rows s1a–s1d) with another address: on 5.10 the bytes after `hsr` keep the MMIO
 * exit's phys_addr; on 6.1 the kernel writes hsr_high = 0 and sets the flag. Which half of phys_addr
 * survives follows from the byte order (the patch's layout table): LE keeps ESR-side bytes 4..7 = the
 * high word 0x40; BE keeps bytes 4..7 = the low word 0x10000000.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KVM_GUESTDBG_ENABLE, REG_PC, RUN_OFF, encodeGuestDebug, readU32, readU64, writeU16, type Endian } from '../../src/abi/index.ts';
import { main } from '../../src/cli/main.ts';
import { createModelKvm } from '../../src/kvm/index.ts';
import { dispatchExit } from '../../src/vmm/dispatch.ts';
import { Machine } from '../../src/vmm/machine.ts';
import { buildElf, words } from '../../src/vmm/testing/build-elf.ts';

const BASE = 0x4008_0000n;
const code = new Uint8Array(0xa0c);
code.set(words(
  0x10004000, // adr   x0, base+0x800          vector table
  0xd518c000, // msr   vbar_el1, x0
  0xd5033fdf, // isb
  0xd2a20001, // mov   x1, #0x10000000
  0xf2c00801, // movk  x1, #0x40, lsl #32       x1 = 0x40_1000_0000 (no memslot)
  0xd28ef102, // mov   x2, #0x7788
  0xf2aaacc2, // movk  x2, #0x5566, lsl #16
  0xf2c66882, // movk  x2, #0x3344, lsl #32
  0xf2e22442, // movk  x2, #0x1122, lsl #48     x2 = 0x1122334455667788
  0xf9000022, // str   x2, [x1]                 -> KVM_EXIT_MMIO
  0xd4286420, // brk   #0x4321                  -> KVM_EXIT_DEBUG (ESR 0xf2004321)
  0x14000000, // b     .
), 0);
code.set(words(
  0xd2800100, // vec+0x200 (current EL, SP_ELx, synchronous): mov x0, #0x8
  0xf2b08000, // movk  x0, #0x8400, lsl #16     PSCI SYSTEM_OFF
  0xd4000002, // hvc   #0
), 0xa00);
const ELF = buildElf(BASE, [{ paddr: BASE, data: code }]).bytes;
const BRK_PC = BASE + 0x28n;

interface Cell {
  /** ESR as a VMM that reads hsr and hsr_high but ignores the flag computes it. */
  ignoring: bigint;
  /** A naive 64-bit load at debug.arch+0 (hsr treated as a u64). */
  naive64: bigint;
  highValid: boolean;
}

const EXPECTED: Record<string, Cell> = {
  '6.1 le': { ignoring: 0xf2004321n, naive64: 0x0000_0000_f200_4321n, highValid: true },
  '6.1 be': { ignoring: 0xf2004321n, naive64: 0xf200_4321_0000_0000n, highValid: true },
  '5.10 le': { ignoring: 0x0000_0040_f200_4321n, naive64: 0x0000_0040_f200_4321n, highValid: false },
  '5.10 be': { ignoring: 0x1000_0000_f200_4321n, naive64: 0xf200_4321_1000_0000n, highValid: false },
};

function runToBrk(kernel: '5.10' | '6.1', endian: Endian, junkFlags: boolean): { m: Machine; exits: string[] } {
  const m = new Machine(createModelKvm({ profile: kernel, endian }), { uartTx: () => {} });
  m.load(ELF);
  m.vcpu.setGuestDebug(encodeGuestDebug({ control: KVM_GUESTDBG_ENABLE, bcr: [], bvr: [], wcr: [], wvr: [] }, endian));
  const exits: string[] = [];
  for (let i = 0; i < 10; i++) {
    // Userspace junk in flags, as the real-kernel experiment poisoned it; the VMM must clear it itself.
    if (junkFlags) writeU16(m.vcpu.run, RUN_OFF.flags, 0xffff, endian);
    const x = m.runOnce();
    exits.push(x.reason);
    if (x.reason === 'MMIO') {
      assert.equal(x.physAddr, 0x40_1000_0000n);
      assert.equal(x.len, 8);
      assert.deepEqual([...x.data], [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11]);
      dispatchExit(x, m.bus);
    }
    if (x.reason === 'DEBUG') return { m, exits };
  }
  throw new Error(`no debug exit: ${exits.join(' ')}`);
}

for (const kernel of ['5.10', '6.1'] as const) {
  for (const endian of ['le', 'be'] as const) {
    const cell = EXPECTED[`${kernel} ${endian}`]!;
    test(`compat matrix ${kernel}/${endian}: flag-ignoring VMM reads ESR 0x${cell.ignoring.toString(16)}`, () => {
      const { m, exits } = runToBrk(kernel, endian, false);
      assert.deepEqual(exits, ['MMIO', 'DEBUG']);
      assert.equal(m.vcpu.getOneReg(REG_PC), BRK_PC, 'PC stays on the BRK');
      const run = m.vcpu.run;
      const hsr = readU32(run, RUN_OFF.debugArchHsr, endian);
      const hsrHigh = readU32(run, RUN_OFF.debugArchHsrHigh, endian);
      assert.equal(hsr, 0xf2004321);
      assert.equal((BigInt(hsrHigh) << 32n) | BigInt(hsr), cell.ignoring);
    });

    test(`compat matrix ${kernel}/${endian}: flag-honouring VMM reads ESR 0xf2004321, high half ${cell.highValid ? 'valid' : 'unknown'}`, () => {
      for (const junk of [false, true]) {
        const { m } = runToBrk(kernel, endian, junk);
        const rec = m.lastExit()!;
        assert.equal(rec.flags, cell.highValid ? 1 : 0, 'kvm_run.flags after the exit');
        assert.deepEqual({ value: rec.debug?.esr, highValid: rec.debug?.highValid }, { value: 0xf2004321n, highValid: cell.highValid });
      }
    });

    test(`compat matrix ${kernel}/${endian}: a naive 64-bit read of hsr gives 0x${cell.naive64.toString(16)}`, () => {
      const { m } = runToBrk(kernel, endian, false);
      const naive = readU64(m.vcpu.run, RUN_OFF.debugArchHsr, endian);
      assert.equal(naive, cell.naive64);
      if (endian === 'be' && kernel === '6.1') assert.notEqual(naive & 0xffff_ffffn, 0xf2004321n, 'on BE ESR[31:0] lands in bits 63:32');
    });
  }
}

test('compat matrix through kvmdbg run: the exit log records the flag rule, the guest BRK reaches its own vector, status 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-compat-'));
  try {
    const elf = join(dir, 'mmio-brk.elf');
    writeFileSync(elf, ELF);
    for (const kernel of ['5.10', '6.1'] as const) {
      for (const endian of ['le', 'be'] as const) {
        const log = join(dir, `${kernel}-${endian}.jsonl`);
        const err: string[] = [];
        const status = await main(['run', elf, '--host-kernel', kernel, '--host-endian', endian, '--guest-debug', '1', '--exit-log', log],
          { out: () => {}, err: (t) => err.push(t) });
        assert.equal(status, 0, err.join(''));
        const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
        const dbg = lines.filter((l) => l.exit_reason === 4);
        assert.equal(dbg.length, 1);
        const cell = EXPECTED[`${kernel} ${endian}`]!;
        assert.equal(dbg[0].esr, '0xf2004321');
        assert.equal(dbg[0].esr_high_valid, cell.highValid);
        assert.equal(dbg[0].pc, `0x${BRK_PC.toString(16)}`);
        const hsrHex = endian === 'le' ? '214300f2' : 'f2004321';
        const highHex = kernel === '6.1' ? '00000000' : endian === 'le' ? '40000000' : '10000000';
        assert.equal(dbg[0].debug_arch_hex, `${hsrHex}${highHex}8877665544332211`, 'far keeps the MMIO data (never written for BRK)');
        assert.equal(lines.at(-1).exit_reason, 24, 'the last exit is the PSCI SYSTEM_OFF system event');
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
