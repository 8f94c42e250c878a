/* Entry of the gdb test guest: stack, zeroed .bss, main(), then PSCI SYSTEM_OFF over HVC. */
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =__stack_top
    mov     sp, x0
    ldr     x1, =__bss_start
    ldr     x2, =__bss_end
1:  cmp     x1, x2
    b.hs    2f
    str     xzr, [x1], #8
    b       1b
2:  bl      main
    .global power_off
power_off:
    ldr     x0, =0x84000008         /* PSCI SYSTEM_OFF */
    hvc     #0
    b       power_off
