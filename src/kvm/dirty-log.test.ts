/**
 * KVM_MEM_LOG_DIRTY_PAGES and KVM_GET_DIRTY_LOG (api.rst 4.8 and 4.35; virt/kvm/kvm_main.c
 * kvm_get_dirty_log_protect, mark_page_dirty_in_slot with set_bit_le): one bit per page of the slot,
 * page k at bit k % 8 of byte k / 8, the bitmap padded to 64-bit longs, cleared as it is read.
 * Guest code (objdump of aarch64-linux-gnu-as beside each word); the slot is 64 KiB at 0x10000.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvmError } from '../abi/backend.ts';
import { KVM_MEM_LOG_DIRTY_PAGES, KVM_MEM_READONLY, KVMDBG_CAP_INSN_BUDGET } from '../abi/constants.ts';
import { encodeEnableCap } from '../abi/enable-cap.ts';
import { REG_X } from '../abi/one-reg.ts';
import { dirtyBitmapBytes, encodeDirtyLog } from '../abi/reg-list.ts';
import { experimentVm, putWords, SLOT_BASE, type Machine } from './test-helpers.ts';

const errnoOf = (f: () => void): string => {
  try { f(); } catch (e) { if (e instanceof KvmError) return e.errno; throw e; }
  return 'no error';
};

const CODE = [
  0xd2a00021, // +0x00 mov  x1, #0x10000
  0xf2860001, // +0x04 movk x1, #0x3000        x1 = 0x13000, page 3 of the slot
  0xf9000022, // +0x08 str  x2, [x1]
  0xd2a00021, // +0x0c mov  x1, #0x10000
  0xf29e0101, // +0x10 movk x1, #0xf008        x1 = 0x1f008, page 15
  0xf9400023, // +0x14 ldr  x3, [x1]          a read logs nothing
  0xf9000022, // +0x18 str  x2, [x1]
  0x14000000, // +0x1c b    .
];

function run(m: Machine, n: number): void {
  m.vcpu.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags: 0, args: [BigInt(n)] }, m.e));
  m.vcpu.runVcpu();
}

function dirtyLog(m: Machine, slot = 0, bytes = dirtyBitmapBytes(16)): number[] {
  const bitmap = new Uint8Array(bytes);
  m.vm.getDirtyLog(encodeDirtyLog(slot, m.e), bitmap);
  return [...bitmap];
}

function logging(m: Machine, on: boolean): void {
  m.vm.setUserMemoryRegion({ slot: 0, flags: on ? KVM_MEM_LOG_DIRTY_PAGES : 0, guestPhysAddr: BigInt(SLOT_BASE), memory: m.mem });
}

for (const e of ['le', 'be'] as const) {
  test(`KVM_GET_DIRTY_LOG (${e}): a guest store sets its page's bit, a load does not, reading clears; the next store to the page is logged again`, () => {
    const m = experimentVm('6.1', e, [[0, CODE]]);
    m.vcpu.setOneReg(REG_X(2), 0x1122334455667788n);
    m.setPc(0);
    logging(m, true);
    assert.deepEqual(dirtyLog(m), [0, 0, 0, 0, 0, 0, 0, 0], 'nothing written yet');
    run(m, 3);                                          // up to the first store
    assert.deepEqual(dirtyLog(m), [0x08, 0, 0, 0, 0, 0, 0, 0], 'page 3');
    assert.equal(m.mem[0x3000], 0x88, 'the store was done after the write-protect fault');
    assert.deepEqual(dirtyLog(m), [0, 0, 0, 0, 0, 0, 0, 0], 'cleared by the read');
    run(m, 3);                                          // mov, movk, ldr
    assert.deepEqual(dirtyLog(m), [0, 0, 0, 0, 0, 0, 0, 0], 'a load dirties nothing');
    run(m, 1);                                          // str to page 15
    assert.deepEqual(dirtyLog(m), [0, 0x80, 0, 0, 0, 0, 0, 0], 'page 15 is bit 7 of byte 1');
    m.mem[0x5000] = 1;                                  // userspace's own write through its mapping
    assert.deepEqual(dirtyLog(m), [0, 0, 0, 0, 0, 0, 0, 0], 'a VMM write is not the guest\'s');
    m.vcpu.setOneReg(REG_X(2), 7n);
    m.setPc(0x18);                                      // store to page 15 again
    run(m, 1);
    assert.deepEqual(dirtyLog(m), [0, 0x80, 0, 0, 0, 0, 0, 0], 'write-protected again after the read');
    assert.equal(m.mem[0xf008], 7);
  });
}

test('KVM_GET_DIRTY_LOG: EINVAL for an address space or slot id out of range, ENOENT for a slot that does not exist or does not log, EFAULT for a short bitmap', () => {
  const m = experimentVm('6.1', 'le', [[0, CODE]]);
  assert.equal(errnoOf(() => dirtyLog(m, 0)), 'ENOENT', 'slot 0 does not log');
  assert.equal(errnoOf(() => dirtyLog(m, 5)), 'ENOENT', 'no slot 5');
  assert.equal(errnoOf(() => dirtyLog(m, 1 << 16)), 'EINVAL', 'address space 1 (arm64 has one)');
  assert.equal(errnoOf(() => dirtyLog(m, 32767)), 'EINVAL', 'KVM_USER_MEM_SLOTS is 32767 on 6.1');
  const old = experimentVm('5.10', 'le', [[0, CODE]]);
  assert.equal(errnoOf(() => dirtyLog(old, 512)), 'EINVAL', 'KVM_USER_MEM_SLOTS is 512 on 5.10');
  assert.equal(errnoOf(() => dirtyLog(old, 511)), 'ENOENT');
  logging(m, true);
  assert.equal(errnoOf(() => dirtyLog(m, 0, 4)), 'EFAULT', '16 pages need one 64-bit long');
  assert.equal(errnoOf(() => m.vm.getDirtyLog(new Uint8Array(8), new Uint8Array(8))), 'EFAULT', 'struct kvm_dirty_log is 16 bytes');
  logging(m, false);
  assert.equal(errnoOf(() => dirtyLog(m, 0)), 'ENOENT', 'logging turned off frees the bitmap');
});

test('KVM_MEM_LOG_DIRTY_PAGES on a KVM_MEM_READONLY slot: the guest\'s writes exit as MMIO and dirty nothing', () => {
  const m = experimentVm('6.1', 'le', [[0, CODE]]);
  const rom = m.kvm.allocGuestMemory(0x10000);
  m.vm.setUserMemoryRegion({ slot: 1, flags: KVM_MEM_READONLY | KVM_MEM_LOG_DIRTY_PAGES, guestPhysAddr: 0x20000n, memory: rom });
  putWords(m.mem, 0, [
    0xd2a00041, // +0x00 mov x1, #0x20000
    0xf9000022, // +0x04 str x2, [x1]
    0x14000000, // +0x08 b .
  ]);
  m.vm.syncGuestCode(BigInt(SLOT_BASE), 12);
  m.setPc(0);
  run(m, 5);
  assert.equal(m.vcpu.run[8], 6, 'KVM_EXIT_MMIO');
  assert.deepEqual(dirtyLog(m, 1), [0, 0, 0, 0, 0, 0, 0, 0]);
});
