/**
 * The layout engine against the AAPCS64 rules (natural alignment, struct alignment = strictest member,
 * holes, tail padding, unions, arrays) and against the offsets clang/gcc/pahole reported for the real
 * 6.1 headers (Debian's linux-libc-dev-arm64-cross 6.1). The exhaustive header check is
 * test/system/abi-headers.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anon, array, fieldInfo, flattenLayout, holes, m, struct, union } from './layout.ts';
import {
  CHAR, KVM_DEBUG_EXIT_ARCH, KVM_DEBUG_EXIT_ARCH_PRE_5_19, KVM_GUEST_DEBUG, KVM_GUEST_DEBUG_ARCH, KVM_REGS, KVM_RUN,
  U128, U16, U32, U64, U8,
} from './kvm-structs.ts';

test('AAPCS64: a u64 after a u32 is 8-aligned, leaving a 4-byte hole; the struct is 8-aligned', () => {
  const s = struct('t', [m('a', U32), m('b', U64)]);
  assert.deepEqual([s.size, s.align], [16, 8]);
  assert.equal(fieldInfo(s, 'b').offset, 8);
  assert.deepEqual(holes(s), [{ offset: 4, size: 4, tail: false }]);
});

test('AAPCS64: tail padding rounds the size up to the alignment', () => {
  const s = struct('t', [m('a', U64), m('b', U8)]);
  assert.deepEqual([s.size, s.align], [16, 8]);
  assert.deepEqual(holes(s), [{ offset: 9, size: 7, tail: true }]);
});

test('AAPCS64: __uint128_t is 16-aligned, so a struct holding one is too', () => {
  const inner = struct('v', [m('q', U128), m('w', U32)]);
  assert.deepEqual([inner.size, inner.align], [32, 16]);
  const outer = struct('o', [m('x', U64), m('v', inner)]);
  assert.equal(fieldInfo(outer, 'v.w').offset, 32);
  assert.equal(outer.size, 48);
});

test('unions: members at 0, size of the largest rounded to the strictest alignment', () => {
  const u = union('u', [m('a', array(U8, 9)), m('b', U32)]);
  assert.deepEqual([u.size, u.align], [12, 4]);
  assert.deepEqual(holes(u), [{ offset: 9, size: 3, tail: true }]);
});

test('arrays are their element repeated; a u16 after a char array aligns to 2', () => {
  const s = struct('t', [m('c', array(CHAR, 3)), m('h', U16)]);
  assert.equal(fieldInfo(s, 'h').offset, 4);
  assert.equal(fieldInfo(s, 'c').type, 'char[3]');
});

test('anonymous members are reached without a name; flatten gives dotted absolute names', () => {
  const s = struct('t', [m('a', U32), anon(union('', [m('x', U64), m('y', struct('', [m('z', U16)]))]))]);
  assert.equal(fieldInfo(s, 'y.z').offset, 8);
  assert.deepEqual(flattenLayout(s).map((f) => `${f.name}@${f.offset}`), ['a@0', 'x@8', 'y.z@8']);
});

test('fieldInfo: array elements, nested structs, and errors that name the path', () => {
  assert.deepEqual(fieldInfo(KVM_REGS, 'regs.regs[3]'), { name: 'regs.regs[3]', offset: 24, size: 8, type: '__u64' });
  assert.deepEqual(fieldInfo(KVM_RUN, 'debug.arch'), { name: 'debug.arch', offset: 32, size: 16, type: 'struct kvm_debug_exit_arch' });
  assert.throws(() => fieldInfo(KVM_RUN, 'debug.arch.hsr_hi'), /kvm_run: no field 'debug.arch.hsr_hi'/);
  assert.throws(() => fieldInfo(KVM_REGS, 'regs.regs[31]'), /out of range/);
  assert.throws(() => fieldInfo(KVM_REGS, 'sp_el1[0]'), /not an array/);
  assert.throws(() => fieldInfo(KVM_REGS, 'regs..pc'), /no field/);
});

test('kvm_run and friends: the offsets the real 6.1 headers give (clang, gcc, pahole, LE and BE)', () => {
  const at = (p: string): number => fieldInfo(KVM_RUN, p).offset;
  assert.equal(KVM_RUN.size, 2352);
  assert.deepEqual(
    ['immediate_exit', 'padding1', 'exit_reason', 'ready_for_interrupt_injection', 'if_flag', 'flags', 'cr8', 'apic_base'].map(at),
    [1, 2, 8, 12, 13, 14, 16, 24]);
  assert.deepEqual(['debug.arch.hsr', 'debug.arch.hsr_high', 'debug.arch.far'].map(at), [32, 36, 40]);
  assert.deepEqual(['mmio.phys_addr', 'mmio.data', 'mmio.len', 'mmio.is_write'].map(at), [32, 40, 48, 52]);
  assert.deepEqual(['system_event.type', 'system_event.ndata', 'system_event.data', 'system_event.flags'].map(at), [32, 36, 40, 40]);
  assert.deepEqual(['arm_nisv.esr_iss', 'arm_nisv.fault_ipa', 'kvm_valid_regs', 'kvm_dirty_regs', 's'].map(at), [32, 40, 288, 296, 304]);
  assert.equal(fieldInfo(KVM_RUN, 's').size, 2048);
  assert.equal(fieldInfo(KVM_RUN, 'padding').size, 256);
  assert.equal(KVM_DEBUG_EXIT_ARCH.size, 16);
  assert.deepEqual([KVM_GUEST_DEBUG.size, fieldInfo(KVM_GUEST_DEBUG, 'arch').offset, KVM_GUEST_DEBUG_ARCH.size], [520, 8, 512]);
  assert.deepEqual(['dbg_bcr', 'dbg_bvr', 'dbg_wcr', 'dbg_wvr'].map((p) => fieldInfo(KVM_GUEST_DEBUG_ARCH, p).offset), [0, 128, 256, 384]);
  assert.equal(KVM_REGS.size, 864);
  assert.deepEqual(['regs.sp', 'regs.pc', 'regs.pstate', 'sp_el1', 'elr_el1', 'spsr', 'fp_regs', 'fp_regs.fpsr', 'fp_regs.fpcr']
    .map((p) => fieldInfo(KVM_REGS, p).offset), [248, 256, 264, 272, 280, 288, 336, 848, 852]);
});

test('pre-5.19 kvm_debug_exit_arch: same size and far offset, a 4-byte hole where hsr_high now is', () => {
  assert.equal(KVM_DEBUG_EXIT_ARCH_PRE_5_19.size, 16);
  assert.equal(fieldInfo(KVM_DEBUG_EXIT_ARCH_PRE_5_19, 'far').offset, 8);
  assert.deepEqual(holes(KVM_DEBUG_EXIT_ARCH_PRE_5_19), [{ offset: 4, size: 4, tail: false }]);
  assert.deepEqual(holes(KVM_DEBUG_EXIT_ARCH), []);
});
