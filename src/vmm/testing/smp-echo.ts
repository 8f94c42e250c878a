/**
 * A two-vCPU guest that reads the console and contends for one counter with LDXR/STXR: the history and
 * --record/--replay tests' guest. vCPU 0 starts vCPU 1 (PSCI CPU_ON), then loops: an atomic +1 of the
 * counter, a look at the PL011's receive FIFO; for each of four input bytes it echoes the byte and a
 * letter 'a' + counter % 26, so what it prints depends on when input came and on how the vCPUs
 * interleaved. vCPU 1 adds 2 to the counter atomically forever. x11 (vCPU 0) and x9 (vCPU 1) count the
 * store-exclusives that failed, so where the exclusive monitor was cleared shows in the registers.
 * After four bytes vCPU 0 prints a newline and powers the machine off (PSCI SYSTEM_OFF).
 * Words from aarch64-linux-gnu-as, linked at 0x4008_0000.
 */
import { buildElf, words } from './build-elf.ts';

export const SMP_ECHO_BASE = 0x4008_0000n;
/** Instruction addresses of vCPU 1's loop: the load-exclusive and the store-exclusive. */
export const SMP_ECHO_LDXR_1 = SMP_ECHO_BASE + 0x80n;
export const SMP_ECHO_STXR_1 = SMP_ECHO_BASE + 0x88n;
/** The counter both vCPUs add to. */
export const SMP_ECHO_COUNTER = SMP_ECHO_BASE + 0x98n;

const CODE = [
  0xd2800060, // mov  x0, #0x3
  0xf2b88000, // movk x0, #0xc400, lsl #16     PSCI CPU_ON64
  0xd2800021, // mov  x1, #0x1                 target MPIDR 1
  0x10000382, // adr  x2, second               (0x7c)
  0xd2800003, // mov  x3, #0x0
  0xd4000002, // hvc  #0x0
  0xd2a12001, // mov  x1, #0x9000000           PL011
  0x100003e5, // adr  x5, counter              (0x98)
  0xd2800084, // mov  x4, #0x4                 bytes to read
  0xd280034a, // mov  x10, #0x1a
  0xc85f7ca6, // ldxr x6, [x5]                 poll (0x28)
  0x910004c6, // add  x6, x6, #0x1
  0xc8077ca6, // stxr w7, x6, [x5]
  0x8b07016b, // add  x11, x11, x7
  0x35ffff87, // cbnz w7, poll
  0xb9401822, // ldr  w2, [x1, #24]            UARTFR
  0x3727ff42, // tbnz w2, #4, poll             RXFE: nothing yet
  0xb9400023, // ldr  w3, [x1]                 UARTDR
  0xb9000023, // str  w3, [x1]                 echo it
  0xf94000a6, // ldr  x6, [x5]
  0x9aca08c8, // udiv x8, x6, x10
  0x9b0a9908, // msub x8, x8, x10, x6          counter % 26
  0x11018508, // add  w8, w8, #0x61
  0xb9000028, // str  w8, [x1]
  0xf1000484, // subs x4, x4, #0x1
  0x54fffe21, // b.ne poll
  0x52800148, // mov  w8, #0xa
  0xb9000028, // str  w8, [x1]
  0xd2800100, // mov  x0, #0x8
  0xf2b08000, // movk x0, #0x8400, lsl #16     PSCI SYSTEM_OFF
  0xd4000002, // hvc  #0x0
  0x100000e5, // adr  x5, counter              second (0x7c)
  0xc85f7ca6, // ldxr x6, [x5]                 (0x80)
  0x910008c6, // add  x6, x6, #0x2
  0xc8077ca6, // stxr w7, x6, [x5]             (0x88)
  0x8b070129, // add  x9, x9, x7
  0x17fffffc, // b    0x80
  0xd503201f, // nop
  0x00000000, 0x00000000, // counter (0x98)
];

/** The guest as an ELF image. */
export function smpEchoElf(): Uint8Array {
  return buildElf(SMP_ECHO_BASE, [{ paddr: SMP_ECHO_BASE, data: words(...CODE) }]).bytes;
}
