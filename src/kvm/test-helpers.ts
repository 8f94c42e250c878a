/**
 * Shared by the kvm/ tests: the guest code of the conformance scenarios (conformance/scenarios/*.json,
 * whose words test/system/conformance-scenarios.test.ts checks against binutils' objdump), a VM with it
 * in a 64 KiB memslot at 0x10000, and small byte builders
 * that write expected kvm_run bytes by hand (independent of abi/'s codecs).
 */
import type { Endian, KvmSystem } from '../abi/backend.ts';
import { encodeGuestDebug, type GuestDebug } from '../abi/guest-debug.ts';
import { REG_PC } from '../abi/one-reg.ts';
import { decodeVcpuInit, encodeVcpuInit } from '../abi/vcpu-init.ts';
import { createModelKvm, type HostClock } from './index.ts';
import type { KernelProfileName } from './profile.ts';
import type { Vcpu } from './vcpu.ts';
import type { Vm } from './vm.ts';

export const SLOT_BASE = 0x10000;
/** The data word the watchpoint scenarios watch. */
export const DATA_WORD = 0x10800;

/** Offset in the slot -> instruction words (with their disassembly). */
export const GUEST_CODE: ReadonlyArray<readonly [number, readonly number[]]> = [
  [0x00, [
    0xd503201f, // +0x00 nop
    0xd503201f, // +0x04 nop
    0xd503201f, // +0x08 nop
    0xd4224680, // +0x0c brk #0x1234
    0x14000000, // +0x10 b .
  ]],
  [0x20, [
    0xd2800b42, // +0x20 mov x2, #0x5a
    0x10003ee1, // +0x24 adr x1, 0x10800
    0xf9000022, // +0x28 str x2, [x1]
    0xd503201f, // +0x2c nop
    0x14000000, // +0x30 b .
  ]],
  [0x40, [
    0xd503201f, // +0x40 nop
    0xd503201f, // +0x44 nop
    0xd503201f, // +0x48 nop
    0x14000000, // +0x4c b .
  ]],
  [0x60, [
    0xd2a40001, // +0x60 mov x1, #0x20000000 (no memslot there: MMIO)
    0xd2800ee2, // +0x64 mov x2, #0x77
    0xf9000022, // +0x68 str x2, [x1]
    0x14000000, // +0x6c b .
  ]],
  [0x80, [
    0x10003c01, // +0x80 adr x1, 0x10800
    0xf9400023, // +0x84 ldr x3, [x1]
    0xd503201f, // +0x88 nop
    0x14000000, // +0x8c b .
  ]],
  [0xa0, [
    0xd2b9bde1, // +0xa0 mov x1, #0xcdef0000
    0xf2c01561, // +0xa4 movk x1, #0xab, lsl #32   (x1 = 0xab_cdef_0000, no memslot: MMIO)
    0xd28ef102, // +0xa8 mov x2, #0x7788
    0xf2aaacc2, // +0xac movk x2, #0x5566, lsl #16
    0xf2c66882, // +0xb0 movk x2, #0x3344, lsl #32
    0xf2e22442, // +0xb4 movk x2, #0x1122, lsl #48
    0xf9000022, // +0xb8 str x2, [x1]
    0xd4286420, // +0xbc brk #0x4321
    0x14000000, // +0xc0 b .
  ]],
  [0xe0, [
    0xd2800b42, // +0xe0 mov x2, #0x5a
    0x100038e1, // +0xe4 adr x1, 0x10800
    0xf9000022, // +0xe8 str x2, [x1]
    0xd42acf00, // +0xec brk #0x5678
    0x14000000, // +0xf0 b .
  ]],
];

/** Write little-endian instruction words (guests are little-endian whatever the host is). */
export function putWords(mem: Uint8Array, offset: number, words: readonly number[]): void {
  words.forEach((w, i) => {
    for (let b = 0; b < 4; b++) mem[offset + 4 * i + b] = (w >>> (8 * b)) & 0xff;
  });
}

export interface Machine {
  kvm: KvmSystem;
  vm: Vm;
  vcpu: Vcpu;
  mem: Uint8Array;
  e: Endian;
  setPc(offset: number): void;
  debug(d: Partial<GuestDebug> & { control: number }): void;
}

/**
 * A clock for the timer signal that ignores the host: every reading advances it by 1 ms and a sleep by its
 * length, so the point where KVM_RUN returns EINTR depends only on the guest's instructions, not on how
 * busy the machine running the tests is.
 */
export function steppingClock(): HostClock {
  let t = 0;
  return { now: () => ++t, sleep: (ms) => { t += ms; } };
}

/**
 * The experiment's VM: one 64 KiB slot at 0x10000 with GUEST_CODE, one vCPU, preferred target, no features;
 * the timer signal runs on a stepping clock (see steppingClock).
 */
export function experimentVm(profile: KernelProfileName, e: Endian, code = GUEST_CODE, features: number[] = []): Machine {
  const kvm = createModelKvm({ profile, endian: e, clock: steppingClock() });
  const vm = kvm.createVm() as Vm;
  const mem = kvm.allocGuestMemory(0x10000);
  for (const [off, words] of code) putWords(mem, off, words);
  vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: BigInt(SLOT_BASE), memory: mem });
  const vcpu = vm.createVcpu(0);
  const target = readTarget(vm.armPreferredTarget(), e);
  vcpu.armVcpuInit(encodeVcpuInit({ target, features }, e));
  return {
    kvm, vm, vcpu, mem, e,
    setPc: (offset) => vcpu.setOneReg(REG_PC, BigInt(SLOT_BASE + offset)),
    debug: (d) => vcpu.setGuestDebug(encodeGuestDebug({ bcr: [], bvr: [], wcr: [], wvr: [], ...d }, e)),
  };
}

/** Bytes from hex ('00 0a ff'). */
export const hex = (s: string): number[] => s.trim().split(/\s+/).map((b) => parseInt(b, 16));
/** A value as `n` bytes in byte order e, by hand. */
export function bytesOf(v: bigint | number, n: number, e: Endian): number[] {
  const out: number[] = [];
  let x = BigInt(v);
  for (let i = 0; i < n; i++, x >>= 8n) out.push(Number(x & 0xffn));
  return e === 'le' ? out : out.reverse();
}
export const toHex = (b: ArrayLike<number>): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

const readTarget = (b: Uint8Array, e: Endian): number => decodeVcpuInit(b, e).target;
