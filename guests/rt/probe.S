/*
 * Probes for the MMU guests (see mmu.h): single instructions whose faults the guests record, the
 * switch between the two aliases of the image, and the way into and out of EL0.
 */
    .section .text.probe, "ax"
    .balign 0x10000
    .global probe_page
probe_page:

    .macro  probe name, insn:vararg
    .global \name
\name:
    \insn
    ret
    .endm

    probe p_ldr_x,   ldr x0, [x0]
    probe p_ldr_w,   ldr w0, [x0]
    probe p_ldrh,    ldrh w0, [x0]
    probe p_ldrb,    ldrb w0, [x0]
    probe p_str_x,   str x1, [x0]
    probe p_str_w,   str w1, [x0]
    probe p_strh,    strh w1, [x0]
    probe p_strb,    strb w1, [x0]
    probe p_ldtr_x,  ldtr x0, [x0]
    probe p_sttr_x,  sttr x1, [x0]
    probe p_ldxr_x,  ldxr x0, [x0]
    probe p_ldxr_w,  ldxr w0, [x0]
    probe p_ldaxr_x, ldaxr x0, [x0]
    probe p_ldar_x,  ldar x0, [x0]
    probe p_stlr_x,  stlr x1, [x0]
    probe p_dc_zva,  dc zva, x0
    probe p_dc_civac, dc civac, x0
    probe p_clrex,   clrex

    /* ldp/stp: x0 = the sum of the pair (ldp), the pair stored is (x1, ~x1) */
    .global p_ldp_x
p_ldp_x:
    ldp     x0, x1, [x0]
    add     x0, x0, x1
    ret
    .global p_stp_x
p_stp_x:
    mvn     x2, x1
    stp     x1, x2, [x0]
    ret

    /* store-exclusive, the probe's first instruction like every other probe's (a fault's ELR is the
     * probe's address): returns the status (0 = stored); after a fault, whatever x2 held. Padded to
     * the size they always had, so the probes after them keep their offsets in the page. */
    .global p_stxr_x
p_stxr_x:
    stxr    w2, x1, [x0]
    mov     x0, x2
    ret
    .balign 8
    .global p_stlxr_x
p_stlxr_x:
    stlxr   w2, x1, [x0]
    mov     x0, x2
    ret
    .balign 8

    .macro  at_probe name, op
    .global \name
\name:
    at      \op, x0
    isb
    mrs     x0, par_el1
    ret
    .endm
    at_probe p_at_s1e1r, s1e1r
    at_probe p_at_s1e1w, s1e1w
    at_probe p_at_s1e0r, s1e0r
    at_probe p_at_s1e0w, s1e0w

    .global p_ret
p_ret:
    add     x0, x0, #1
    ret

    .global p_el0_exit
p_el0_exit:
    svc     #0
    b       p_el0_exit

/*
 * u64 wxn_try(u64 target, u64 el0, u64 exit_va, u64 out[3]): with SCTLR_EL1.WXN = 1, fetch from target
 * at EL1 (el0 = 0: blr) or at EL0 (eret, returning through exit_va). Runs from a read-only alias of
 * this page with its own vector table here (WXN makes the writable image non-executable), and stores
 * ESR_EL1, FAR_EL1, ELR_EL1 of the exception taken (0 if none; the EL0 SVC of exit_va counts as none)
 * to out. Returns x0 as the target left it (p_ret: 42).
 */
    .global wxn_try
wxn_try:
    stp     x29, x30, [sp, #-32]!
    stp     x19, x20, [sp, #16]
    mov     x19, x3
    mrs     x20, vbar_el1
    adr     x4, wxn_vectors
    msr     vbar_el1, x4
    mrs     x4, sctlr_el1
    orr     x4, x4, #(1 << 19)
    msr     sctlr_el1, x4
    isb
    tlbi    vmalle1
    dsb     ish
    isb
    mov     x9, xzr
    mov     x10, xzr
    mov     x11, xzr
    mov     x16, x0
    mov     x0, #41
    cbnz    x1, 1f
    blr     x16
    b       wxn_back
1:  msr     elr_el1, x16
    mov     x4, #0x3c0
    msr     spsr_el1, x4
    mov     x30, x2
    eret
wxn_back:
    mrs     x4, sctlr_el1
    bic     x4, x4, #(1 << 19)
    msr     sctlr_el1, x4
    isb
    tlbi    vmalle1
    dsb     ish
    isb
    msr     vbar_el1, x20
    isb
    stp     x9, x10, [x19]
    str     x11, [x19, #16]
    ldp     x19, x20, [sp, #16]
    ldp     x29, x30, [sp], #32
    ret

    .macro  wxn_vector kind
    .balign 0x80
    .if \kind == 4
    mrs     x9, esr_el1             /* EL1 fetch fault: resume at the link register */
    mrs     x10, far_el1
    mrs     x11, elr_el1
    msr     elr_el1, x30
    eret
    .elseif \kind == 8
    mrs     x9, esr_el1             /* from EL0: back to wxn_back at EL1h */
    mrs     x10, far_el1
    mrs     x11, elr_el1
    adr     x12, wxn_back
    msr     elr_el1, x12
    mov     x12, #0x3c5
    msr     spsr_el1, x12
    eret
    .else
    b       .
    .endif
    .endm

    .balign 0x800
wxn_vectors:
    .irp    kind, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    wxn_vector \kind
    .endr

/*
 * u64 el0_call(u64 fn, u64 arg, u64 lr, u64 sp0, u64 v): ERET to fn at EL0t with x0 = arg, x1 = v,
 * x30 = lr, SP_EL0 = sp0, interrupts masked. The lower-EL handler in mmu.c comes back to el0_return at EL1h
 * with x0 = the result, on the stack this function left.
 */
    .global el0_call
el0_call:
    stp     x29, x30, [sp, #-96]!
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    stp     x23, x24, [sp, #48]
    stp     x25, x26, [sp, #64]
    stp     x27, x28, [sp, #80]
    msr     sp_el0, x3
    msr     elr_el1, x0
    adrp    x5, el0_spsr            /* EL0t, normally with D A I F masked */
    ldr     x5, [x5, :lo12:el0_spsr]
    msr     spsr_el1, x5
    mov     x0, x1
    mov     x30, x2
    mov     x1, x4
    mov     x2, xzr
    mov     x3, xzr
    mov     x4, xzr
    mov     x5, xzr
    eret
    .global el0_return
el0_return:
    ldp     x19, x20, [sp, #16]
    ldp     x21, x22, [sp, #32]
    ldp     x23, x24, [sp, #48]
    ldp     x25, x26, [sp, #64]
    ldp     x27, x28, [sp, #80]
    ldp     x29, x30, [sp], #96
    ret

    .text
/*
 * void call_alias(void (*fn)(u64), s64 delta, u64 arg): call fn + delta with x0 = arg, with SP and
 * VBAR_EL1 moved by delta (the same physical memory through the other alias); back to the caller's
 * alias afterwards.
 */
    .global call_alias
call_alias:
    stp     x29, x30, [sp, #-32]!
    stp     x19, x20, [sp, #16]
    mov     x19, x1
    mrs     x20, vbar_el1
    add     x3, x20, x19
    msr     vbar_el1, x3
    add     x16, x0, x19
    mov     x0, x2
    adr     x30, 1f
    add     x30, x30, x19
    mov     x3, sp
    add     x3, x3, x19
    mov     sp, x3
    add     x29, x29, x19
    isb
    br      x16
1:  /* here at the other alias: put SP and VBAR_EL1 back, return to the caller's alias */
    mov     x3, sp
    sub     x3, x3, x19
    mov     sp, x3
    msr     vbar_el1, x20
    isb
    ldp     x19, x20, [sp, #16]
    ldp     x29, x30, [sp], #32
    ret
