/*
 * hwdebug: a hardware breakpoint and a watchpoint on TTBR1 (high-half) virtual addresses, handled by
 * the guest itself (MDSCR_EL1.MDE/KDE, DBGBVR0/DBGBCR0, DBGWVR0/DBGWCR0; Arm ARM D2.8, D2.9), with
 * the MMU on and the guest running from its TTBR1 kernel alias, 4 KiB and 64 KiB granules. The
 * comparators hold virtual addresses: the same code or data reached through the identity map (a
 * different VA, the same PA) does not hit. Each line prints ESR_EL1, FAR_EL1 (watchpoints; FAR is
 * UNKNOWN for breakpoints) and ELR_EL1 relative to a label, then ok or FAIL.
 */
#include "mmu.h"

#define MDSCR_KDE (1UL << 13)
#define MDSCR_MDE (1UL << 15)
#define BCR_EL1_BAS_E ((0xfUL << 5) | (1UL << 1) | 1UL)                  /* BAS all, PMC EL1, E */
#define WCR_EL1_RW_E(lsc) ((0xffUL << 5) | ((u64)(lsc) << 3) | (1UL << 1) | 1UL)   /* BAS 8 bytes */

static volatile u64 hits, hit_esr, hit_far, hit_elr;
/* The watched doubleword: at a fixed physical address, so FAR_EL1 does not depend on the build. */
#define WVAR_PA (DATA_PAGE(90) + 0x10)

static void on_debug(struct rt_frame *f)
{
    hits++;
    hit_esr = f->esr;
    hit_far = f->far;
    hit_elr = f->pc;
    f->pstate |= SPSR_D;   /* return with debug exceptions masked, so the instruction completes */
}

static NOINLINE u64 bp_target(u64 x)
{
    __asm__ volatile("" ::: "memory");
    return x * 3;
}

static void arm_debug(void)
{
    write_sysreg(0, oslar_el1);
    write_sysreg(0, osdlr_el1);
    isb();
    write_sysreg(read_sysreg(mdscr_el1) | MDSCR_KDE | MDSCR_MDE, mdscr_el1);
    isb();
    __asm__ volatile("msr daifclr, #8" ::: "memory");
}

static void reset(void)
{
    __asm__ volatile("msr daifclr, #8" ::: "memory");
    hits = hit_esr = hit_far = hit_elr = 0;
}

static void report(const char *what, u64 n, u64 esr, int far_valid, u64 far, const char *site, u64 site_addr)
{
    rt_printf("  %s: %u hit", what, hits);
    int ok = hits == n;
    if (hits) {
        s64 off = (s64)(hit_elr - site_addr);
        rt_printf(", ESR=%x (EC %x)", hit_esr, hit_esr >> 26);
        if (far_valid) rt_printf(" FAR=%X", hit_far);
        rt_printf(" ELR=%s%c%u", site, off < 0 ? '-' : '+', (u64)(off < 0 ? -off : off));
        ok = ok && hit_esr == esr && (!far_valid || hit_far == far) && off == 0;
    }
    if (!ok) failures++;
    rt_puts(ok ? " ok\n" : " FAIL\n");
}

static void store_to(volatile u64 *p, u64 v) { p_str_x((u64)p, v); }
static u64 load_from(volatile u64 *p) { return p_ldr_x((u64)p, 0); }

static void tests(u64 g)
{
    faults_install();
    rt_set_handler(EC_BREAKPT_CUR, on_debug);
    rt_set_handler(EC_WATCHPT_CUR, on_debug);
    arm_debug();
    u64 hi = (u64)bp_target, lo = hi - KOFF;
    rt_printf("%s granule: breakpoint on %s\n", g == 12 ? "4K" : "64K", "the kernel alias of a function");
    rt_printf("  running at the kernel alias: %s\n", hi >= KVA_RAM ? "yes" : "no");

    reset();
    write_sysreg(hi, dbgbvr0_el1);
    write_sysreg(BCR_EL1_BAS_E, dbgbcr0_el1);
    isb();
    u64 r = bp_target(14);
    report("call through the kernel alias", 1, 0xc6000022UL, 0, 0, "bp_target", hi);
    rt_printf("  the function then ran: returned %u\n", r);
    reset();
    r = ((u64 (*)(u64))lo)(5);   /* the identity map is TTBR0's standard one here */
    report("call through the identity map (another VA)", 0, 0, 0, 0, "bp_target", lo);
    write_sysreg(lo, dbgbvr0_el1);
    isb();
    reset();
    bp_target(2);
    report("comparator set to the identity VA, call through the kernel alias", 0, 0, 0, 0, "bp_target", hi);
    write_sysreg(0, dbgbcr0_el1);
    isb();

    rt_printf("%s granule: watchpoint on the kernel alias of a variable\n", g == 12 ? "4K" : "64K");
    volatile u64 *wk = (volatile u64 *)(WVAR_PA + KOFF), *wl = (volatile u64 *)WVAR_PA;
    write_sysreg((u64)wk, dbgwvr0_el1);
    write_sysreg(WCR_EL1_RW_E(3), dbgwcr0_el1);
    isb();
    reset();
    store_to(wk, 0x5151);
    report("store through the kernel alias", 1, 0xd6000062UL, 1, (u64)wk, "p_str_x", (u64)p_str_x);
    reset();
    u64 v = load_from(wk);
    report("load through the kernel alias", 1, 0xd6000022UL, 1, (u64)wk, "p_ldr_x", (u64)p_ldr_x);
    rt_printf("  the store completed: read %x\n", v);
    reset();
    store_to(wl, 0x6262);
    report("store through the identity map (another VA)", 0, 0, 1, 0, "p_str_x", (u64)p_str_x);
    reset();
    store_to(wk + 1, 0x7373);
    report("store to the next doubleword", 0, 0, 1, 0, "p_str_x", (u64)p_str_x);
    write_sysreg(WCR_EL1_RW_E(2), dbgwcr0_el1);   /* stores only */
    isb();
    reset();
    v = load_from(wk);
    report("load with a store-only watchpoint", 0, 0, 1, 0, "p_ldr_x", (u64)p_ldr_x);
    rt_printf("  read %x (the identity store reached the same memory)\n", v);
    write_sysreg(0, dbgwcr0_el1);
    write_sysreg(0, mdscr_el1);
    isb();
}

int main(void)
{
    rt_puts("hwdebug: breakpoint and watchpoint on high-half virtual addresses\n");
    for (unsigned g = 12; g <= 16; g += 4) {
        mmu_setup(g);
        run_high(tests, g);
        mmu_teardown();
    }
    rt_printf("hwdebug: %u failures\n", (u64)failures);
    return 0;
}
