/*
 * Entry point and EL1 exception vectors of kvmdbg's guests.
 *
 * The guest starts at EL1h with the MMU off, x0 = 0 and no device tree, as QEMU's virt machine starts
 * a bare ELF. Secondary CPUs (if any) park. The vector table (Arm ARM D1.3.1, VBAR_EL1 + 0x000..0x780,
 * 0x80 bytes per entry) saves a full register frame and calls rt_exception(frame, kind) in C, which
 * may edit the saved PC/PSTATE; the frame is then restored and ERET returns to frame->pc.
 *
 * Frame layout (struct rt_frame in rt.h), 288 bytes:
 *   0..240  x0..x30     248 ELR_EL1 (pc)     256 SPSR_EL1 (pstate)     264 ESR_EL1     272 FAR_EL1
 */
    .section .text.boot, "ax"
    .global _start
_start:
    mrs     x1, mpidr_el1
    and     x1, x1, #0xff
    cbnz    x1, 2f
    adr     x1, rt_vectors
    msr     vbar_el1, x1
    isb
    ldr     x1, =__stack_top
    mov     sp, x1
    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
1:  cmp     x1, x2
    b.hs    3f
    str     xzr, [x1], #8
    b       1b
3:  bl      main
    bl      rt_poweroff
2:  wfe
    b       2b

    .macro  vector kind
    .balign 0x80
    sub     sp, sp, #288
    stp     x0, x1, [sp, #0]
    mov     x1, #\kind
    b       rt_vector_common
    .endm

    .text
    .balign 0x800
    .global rt_vectors
rt_vectors:
    vector 0    /* current EL, SP_EL0: synchronous */
    vector 1    /* current EL, SP_EL0: IRQ */
    vector 2    /* current EL, SP_EL0: FIQ */
    vector 3    /* current EL, SP_EL0: SError */
    vector 4    /* current EL, SP_ELx: synchronous */
    vector 5    /* current EL, SP_ELx: IRQ */
    vector 6    /* current EL, SP_ELx: FIQ */
    vector 7    /* current EL, SP_ELx: SError */
    vector 8    /* lower EL, AArch64: synchronous */
    vector 9    /* lower EL, AArch64: IRQ */
    vector 10   /* lower EL, AArch64: FIQ */
    vector 11   /* lower EL, AArch64: SError */
    vector 12   /* lower EL, AArch32: synchronous */
    vector 13   /* lower EL, AArch32: IRQ */
    vector 14   /* lower EL, AArch32: FIQ */
    vector 15   /* lower EL, AArch32: SError */

rt_vector_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    str     x30, [sp, #240]
    mrs     x2, elr_el1
    mrs     x3, spsr_el1
    stp     x2, x3, [sp, #248]
    mrs     x2, esr_el1
    mrs     x3, far_el1
    stp     x2, x3, [sp, #264]
    mov     x0, sp
    bl      rt_exception
    ldp     x2, x3, [sp, #248]
    msr     elr_el1, x2
    msr     spsr_el1, x3
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #288
    eret
