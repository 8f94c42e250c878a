/*
 * el0: code at EL0, entered with ERET (SPSR_EL1.M = 0, EL0t) and leaving through SVC, with the MMU
 * off, and the EL1 controls over what EL0 may do (Arm ARM D19.2 SCTLR_EL1, CNTKCTL_EL1; D1.10 the
 * exceptions EL0 takes to EL1):
 *   - SVC, BRK, and HVC/ERET/MRS of an EL1 register (UNDEFINED at EL0) from EL0, through the
 *     lower-EL vectors;
 *   - SCTLR_EL1.UCT (CTR_EL0), DZE (DC ZVA, and DCZID_EL0.DZP as EL0 reads it), UCI (DC CVAU,
 *     DC CIVAC, IC IVAU), nTWI/nTWE (WFI, WFE), UMA (DAIF), SA0 (SP alignment);
 *   - CNTKCTL_EL1.EL0PCTEN/EL0VCTEN/EL0VTEN/EL0PTEN (the counters, CNTFRQ_EL0, the timers).
 * Each line prints ESR_EL1 and ELR_EL1 relative to the instruction, or the value read, then ok or
 * FAIL against the architecture.
 */
#include "mmu.h"

/* EL0 code: one instruction and a return (to p_el0_exit). */
#define EL0_PROBE(name, insn) \
    __asm__(".text\n.balign 4\n.global " #name "\n" #name ": " insn "\n\tret\n"); \
    extern char name[];

EL0_PROBE(e_svc, "svc #0x42")
EL0_PROBE(e_brk, "brk #0x7")
EL0_PROBE(e_hvc, "hvc #0")
EL0_PROBE(e_eret, "eret")
EL0_PROBE(e_mrs_sctlr, "mrs x0, sctlr_el1")
EL0_PROBE(e_mrs_ctr, "mrs x0, ctr_el0")
EL0_PROBE(e_mrs_dczid, "mrs x0, dczid_el0")
EL0_PROBE(e_dc_zva, "dc zva, x0")
EL0_PROBE(e_dc_cvau, "dc cvau, x0")
EL0_PROBE(e_dc_civac, "dc civac, x0")
EL0_PROBE(e_ic_ivau, "ic ivau, x0")
EL0_PROBE(e_wfi, "wfi")
EL0_PROBE(e_wfe, "wfe")
EL0_PROBE(e_wfe2, "wfe\n\twfe")
EL0_PROBE(e_daifset, "msr daifset, #2")
EL0_PROBE(e_mrs_daif, "mrs x0, daif")
EL0_PROBE(e_ldr_sp, "ldr x0, [sp]")
EL0_PROBE(e_mrs_cntfrq, "mrs x0, cntfrq_el0")
EL0_PROBE(e_mrs_cntvct, "mrs x0, cntvct_el0")
EL0_PROBE(e_mrs_cntpct, "mrs x0, cntpct_el0")
EL0_PROBE(e_mrs_cntv_ctl, "mrs x0, cntv_ctl_el0")
EL0_PROBE(e_mrs_cntp_ctl, "mrs x0, cntp_ctl_el0")
EL0_PROBE(e_msr_cntv_cval, "msr cntv_cval_el0, x0")

#define SCTLR_SA0  (1UL << 4)
#define SCTLR_UMA  (1UL << 9)
#define SCTLR_DZE  (1UL << 14)
#define SCTLR_UCT  (1UL << 15)
#define SCTLR_NTWI (1UL << 16)
#define SCTLR_NTWE (1UL << 18)
#define SCTLR_UCI  (1UL << 26)

/* ESR_EL1 of a trapped MSR/MRS/SYS (EC 0x18): Op0, Op2, Op1, CRn, Rt, CRm, direction (1 = read). */
#define ESR_SYS(op0, op1, crn, crm, op2, rt, rd) \
    ((0x18UL << 26) | ESR_IL | ((u64)(op0) << 20) | ((u64)(op2) << 17) | ((u64)(op1) << 14) | \
     ((u64)(crn) << 10) | ((u64)(rt) << 5) | ((u64)(crm) << 1) | (u64)(rd))
#define ESR_UNDEF   (ESR_IL)
#define ESR_WFX(ti) ((0x01UL << 26) | ESR_IL | (1UL << 24) | (0xeUL << 20) | (ti))   /* CV = 1, COND = 0b1110 */

static u64 stack0[64] __attribute__((aligned(16)));
static volatile u64 svc_esr, svc_elr;
static unsigned failures_here;

static void on_lower(struct rt_frame *f)
{
    extern char el0_return[];
    if (ESR_EC(f->esr) == EC_SVC64) {
        svc_esr = f->esr;
        svc_elr = f->pc;
    } else {
        seen.count++;
        seen.esr = f->esr;
        seen.elr = f->pc;
        f->x[0] = ~0UL;
    }
    f->pc = (u64)el0_return;
    f->pstate = 0x3c5;
}

static void setsctlr(u64 set, u64 clear)
{
    write_sysreg((read_sysreg(sctlr_el1) | set) & ~clear, sctlr_el1);
    isb();
}

/* Run `fn` at EL0 (SP_EL0 = stack0 + sp_off); expect_esr 0: no exception (then value is printed if
 * show_value). */
static u64 run_at(const char *what, const char *fname, char *fn, u64 arg, u64 sp_off, u64 expect_esr, int show_value,
                  s64 expect_off)
{
    seen_clear();
    svc_esr = 0;
    u64 r = el0_call((u64)fn, arg, (u64)p_el0_exit, (u64)stack0 + sizeof stack0 - 64 + sp_off, 0);
    rt_printf("  %s: ", what);
    int ok;
    if (seen.count) {
        s64 off = (s64)(seen.elr - (u64)fn);
        rt_printf("ESR=%x (EC %x) ELR=%s%c%u", seen.esr, seen.esr >> 26, fname, off < 0 ? '-' : '+',
                  (u64)(off < 0 ? -off : off));
        ok = seen.count == 1 && seen.esr == expect_esr && off == expect_off;
    } else {
        rt_puts("no exception");
        if (show_value) rt_printf(", read %x", r);
        ok = expect_esr == 0 && svc_esr == 0x56000000UL;
    }
    if (!ok) failures_here++;
    rt_puts(ok ? " ok\n" : " FAIL\n");
    return r;
}
static u64 run(const char *what, const char *fname, char *fn, u64 arg, u64 sp_off, u64 expect_esr, int show_value)
{
    return run_at(what, fname, fn, arg, sp_off, expect_esr, show_value, 0);
}
#define RUN(what, fn, arg, esr) run(what, #fn, fn, arg, 0, esr, 0)
#define RUNV(what, fn, esr) run(what, #fn, fn, 0, 0, esr, 1)

static void exceptions_from_el0(void)
{
    rt_puts("exceptions from EL0 to EL1 (lower-EL vectors)\n");
    seen_clear();
    svc_esr = 0;
    u64 r = el0_call((u64)e_svc, 5, (u64)p_el0_exit, (u64)stack0 + sizeof stack0, 0);
    rt_printf("  svc #0x42: ESR=%x ELR=e_svc+%u", svc_esr, svc_elr - (u64)e_svc);
    int ok = svc_esr == 0x56000042UL && svc_elr == (u64)e_svc + 4 && r == 5;
    if (!ok) failures_here++;
    rt_puts(ok ? " ok\n" : " FAIL\n");
    RUN("brk #7", e_brk, 0, (0x3cUL << 26) | ESR_IL | 7);
    RUN("hvc #0 (UNDEFINED at EL0)", e_hvc, 0, ESR_UNDEF);
    RUN("eret (UNDEFINED at EL0)", e_eret, 0, ESR_UNDEF);
    RUN("mrs x0, sctlr_el1 (UNDEFINED at EL0)", e_mrs_sctlr, 0, ESR_UNDEF);
}

static void sctlr_controls(void)
{
    u64 buf = (u64)stack0;   /* a 64-byte aligned block to zero or clean */
    rt_puts("SCTLR_EL1 controls over EL0\n");
    setsctlr(0, SCTLR_UCT);
    RUN("UCT = 0: mrs ctr_el0", e_mrs_ctr, 0, ESR_SYS(3, 3, 0, 0, 1, 0, 1));
    setsctlr(SCTLR_UCT, 0);
    RUNV("UCT = 1: mrs ctr_el0", e_mrs_ctr, 0);

    setsctlr(0, SCTLR_DZE);
    RUN("DZE = 0: dc zva", e_dc_zva, buf, ESR_SYS(1, 3, 7, 4, 1, 0, 0));
    RUNV("DZE = 0: mrs dczid_el0 (DZP = 1)", e_mrs_dczid, 0);
    setsctlr(SCTLR_DZE, 0);
    RUNV("DZE = 1: mrs dczid_el0 (DZP = 0)", e_mrs_dczid, 0);

    setsctlr(0, SCTLR_UCI);
    RUN("UCI = 0: dc cvau", e_dc_cvau, buf, ESR_SYS(1, 3, 7, 11, 1, 0, 0));
    RUN("UCI = 0: dc civac", e_dc_civac, buf, ESR_SYS(1, 3, 7, 14, 1, 0, 0));
    RUN("UCI = 0: ic ivau", e_ic_ivau, buf, ESR_SYS(1, 3, 7, 5, 1, 0, 0));
    setsctlr(SCTLR_UCI, 0);
    RUN("UCI = 1: dc cvau", e_dc_cvau, buf, 0);
    RUN("UCI = 1: dc civac", e_dc_civac, buf, 0);
    RUN("UCI = 1: ic ivau", e_ic_ivau, buf, 0);

    setsctlr(0, SCTLR_NTWI | SCTLR_NTWE);
    RUN("nTWI = 0: wfi", e_wfi, 0, ESR_WFX(0));
    RUN("nTWE = 0: wfe right after the ERET (which sets the event register)", e_wfe, 0, 0);
    run_at("nTWE = 0: wfe; wfe (the second one finds no event)", "e_wfe2", e_wfe2, 0, 0, ESR_WFX(1), 0, 4);
    setsctlr(SCTLR_NTWE, 0);
    RUN("nTWE = 1: wfe right after the ERET", e_wfe, 0, 0);
    setsctlr(SCTLR_NTWI, 0);

    setsctlr(0, SCTLR_UMA);
    RUN("UMA = 0: msr daifset, #2", e_daifset, 0, ESR_SYS(0, 3, 4, 2, 6, 31, 0));
    RUN("UMA = 0: mrs daif", e_mrs_daif, 0, ESR_SYS(3, 3, 4, 2, 1, 0, 1));
    setsctlr(SCTLR_UMA, 0);
    RUNV("UMA = 1: mrs daif (EL0 runs with D, A, I, F set)", e_mrs_daif, 0);
    RUN("UMA = 1: msr daifset, #2", e_daifset, 0, 0);
    setsctlr(0, SCTLR_UMA);

    setsctlr(SCTLR_SA0, 0);
    run("SA0 = 1: ldr x0, [sp] with SP_EL0 8 bytes off 16", "e_ldr_sp", e_ldr_sp, 0, 8,
        (0x26UL << 26) | ESR_IL, 0);
    run("SA0 = 1: ldr x0, [sp] with SP_EL0 16-byte aligned", "e_ldr_sp", e_ldr_sp, 0, 0, 0, 0);
    setsctlr(0, SCTLR_SA0);
    run("SA0 = 0: ldr x0, [sp] with SP_EL0 8 bytes off 16", "e_ldr_sp", e_ldr_sp, 0, 8, 0, 0);
    setsctlr(SCTLR_SA0, 0);
}

static void cntkctl_controls(void)
{
    rt_puts("CNTKCTL_EL1 controls over EL0\n");
    write_sysreg(0, cntkctl_el1);
    isb();
    RUN("CNTKCTL_EL1 = 0: mrs cntfrq_el0", e_mrs_cntfrq, 0, ESR_SYS(3, 3, 14, 0, 0, 0, 1));
    RUN("CNTKCTL_EL1 = 0: mrs cntvct_el0", e_mrs_cntvct, 0, ESR_SYS(3, 3, 14, 0, 2, 0, 1));
    RUN("CNTKCTL_EL1 = 0: mrs cntpct_el0", e_mrs_cntpct, 0, ESR_SYS(3, 3, 14, 0, 1, 0, 1));
    RUN("CNTKCTL_EL1 = 0: mrs cntv_ctl_el0", e_mrs_cntv_ctl, 0, ESR_SYS(3, 3, 14, 3, 1, 0, 1));
    RUN("CNTKCTL_EL1 = 0: mrs cntp_ctl_el0", e_mrs_cntp_ctl, 0, ESR_SYS(3, 3, 14, 2, 1, 0, 1));
    RUN("CNTKCTL_EL1 = 0: msr cntv_cval_el0", e_msr_cntv_cval, 0, ESR_SYS(3, 3, 14, 3, 2, 0, 0));
    write_sysreg(2, cntkctl_el1);   /* EL0VCTEN */
    isb();
    RUN("EL0VCTEN: mrs cntvct_el0", e_mrs_cntvct, 0, 0);
    RUN("EL0VCTEN: mrs cntfrq_el0", e_mrs_cntfrq, 0, 0);
    RUN("EL0VCTEN: mrs cntpct_el0", e_mrs_cntpct, 0, ESR_SYS(3, 3, 14, 0, 1, 0, 1));
    write_sysreg(1, cntkctl_el1);   /* EL0PCTEN */
    isb();
    RUN("EL0PCTEN: mrs cntpct_el0", e_mrs_cntpct, 0, 0);
    RUN("EL0PCTEN: mrs cntfrq_el0", e_mrs_cntfrq, 0, 0);
    RUN("EL0PCTEN: mrs cntvct_el0", e_mrs_cntvct, 0, ESR_SYS(3, 3, 14, 0, 2, 0, 1));
    write_sysreg(0x100, cntkctl_el1);   /* EL0VTEN */
    isb();
    RUN("EL0VTEN: mrs cntv_ctl_el0", e_mrs_cntv_ctl, 0, 0);
    RUN("EL0VTEN: mrs cntp_ctl_el0", e_mrs_cntp_ctl, 0, ESR_SYS(3, 3, 14, 2, 1, 0, 1));
    write_sysreg(0x200, cntkctl_el1);   /* EL0PTEN */
    isb();
    RUN("EL0PTEN: mrs cntp_ctl_el0", e_mrs_cntp_ctl, 0, 0);
    RUN("EL0PTEN: mrs cntv_ctl_el0", e_mrs_cntv_ctl, 0, ESR_SYS(3, 3, 14, 3, 1, 0, 1));
    write_sysreg(0, cntkctl_el1);
    isb();
}

int main(void)
{
    rt_puts("el0: EL0 code entered with ERET, the MMU off, and EL1's controls over it\n");
    rt_set_vector_handler(8, on_lower);
    write_sysreg(0, cntv_ctl_el0);
    write_sysreg(0, cntp_ctl_el0);
    exceptions_from_el0();
    sctlr_controls();
    cntkctl_controls();
    rt_printf("el0: %u failures\n", (u64)failures_here);
    return 0;
}
