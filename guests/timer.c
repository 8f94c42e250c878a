/*
 * timer: the generic timer (Arm ARM D11) and its interrupts through the guest's own GIC driver and
 * IRQ vector, with the MMU off. Runs on QEMU virt with a GICv2 (distributor 0x0800_0000, CPU
 * interface 0x0801_0000) or a GICv3 (distributor 0x0800_0000, redistributor 0x080a_0000, system-
 * register CPU interface), chosen by ID_AA64PFR0_EL1.GIC. For the virtual timer (CNTV_*, PPI 27)
 * and the EL1 physical timer (CNTP_*, PPI 30):
 *   - CVAL reads back; TVAL is CVAL - counter (signed 32 bits) and writing it sets CVAL;
 *   - ISTATUS with the interrupt masked (IMASK): 0 before the deadline, 1 once the counter passes it,
 *     no interrupt pending at the CPU (ISR_EL1);
 *   - an interrupt at a programmed CVAL, taken through the IRQ vector while the guest waits in WFI:
 *     INTID, CTL at the handler, counter >= CVAL;
 *   - level-sensitive: left asserted, it is taken again after EOI;
 *   - TVAL-programmed periodic interrupts;
 *   - WFI woken with PSTATE.I = 1 (ISR_EL1.I = 1), the interrupt taken once unmasked;
 *   - an interrupt taken from EL0 through the lower-EL IRQ vector.
 * Only what is deterministic is printed: counts, INTIDs, control bits, comparisons with the counter,
 * never counter values (they differ between emulators).
 */
#include "mmu.h"

#define GICD       0x08000000UL
#define GICC       0x08010000UL       /* GICv2 CPU interface */
#define GICR       0x080a0000UL       /* GICv3 redistributor of CPU 0 (RD_base); SGI_base is + 64 KiB */
#define REG32(a)   (*(volatile u32 *)(a))
#define REG8(a)    (*(volatile u8 *)(a))

#define GICD_CTLR       0x000
#define GICD_ISENABLER  0x100
#define GICD_ICENABLER  0x180
#define GICD_IPRIORITYR 0x400
#define GICR_WAKER      0x014
#define GICR_SGI        0x10000
#define GICR_IGROUPR0   0x080
#define GICC_CTLR       0x000
#define GICC_PMR        0x004
#define GICC_IAR        0x00c
#define GICC_EOIR       0x010

#define ICC_SRE_EL1     "s3_0_c12_c12_5"
#define ICC_PMR_EL1     "s3_0_c4_c6_0"
#define ICC_IGRPEN1_EL1 "s3_0_c12_c12_7"
#define ICC_IAR1_EL1    "s3_0_c12_c12_0"
#define ICC_EOIR1_EL1   "s3_0_c12_c12_1"

#define INTID_VTIMER 27
#define INTID_PTIMER 30

#define CTL_ENABLE  1UL
#define CTL_IMASK   2UL
#define CTL_ISTATUS 4UL

static int gicv3;
static unsigned failures_here;

static void check(int ok)
{
    if (!ok) failures_here++;
    rt_puts(ok ? " ok\n" : " FAIL\n");
}

static void gic_init(void)
{
    if (gicv3) {
        REG32(GICD + GICD_CTLR) = 0x13;               /* ARE, EnableGrp1, EnableGrp0 (one security state) */
        while (REG32(GICD + GICD_CTLR) & (1u << 31)) { }   /* RWP */
        REG32(GICR + GICR_WAKER) &= ~2u;                  /* ProcessorSleep = 0 */
        while (REG32(GICR + GICR_WAKER) & 4u) { }         /* ChildrenAsleep */
        REG32(GICR + GICR_SGI + GICR_IGROUPR0) = (1u << INTID_VTIMER) | (1u << INTID_PTIMER);
        REG8(GICR + GICR_SGI + GICD_IPRIORITYR + INTID_VTIMER) = 0x80;
        REG8(GICR + GICR_SGI + GICD_IPRIORITYR + INTID_PTIMER) = 0x80;
        REG32(GICR + GICR_SGI + GICD_ISENABLER) = (1u << INTID_VTIMER) | (1u << INTID_PTIMER);
        __asm__ volatile("msr " ICC_SRE_EL1 ", %0\n\tisb" : : "r"(1UL));
        __asm__ volatile("msr " ICC_PMR_EL1 ", %0" : : "r"(0xffUL));
        __asm__ volatile("msr " ICC_IGRPEN1_EL1 ", %0\n\tisb" : : "r"(1UL));
    } else {
        REG8(GICD + GICD_IPRIORITYR + INTID_VTIMER) = 0x80;
        REG8(GICD + GICD_IPRIORITYR + INTID_PTIMER) = 0x80;
        REG32(GICD + GICD_ISENABLER) = (1u << INTID_VTIMER) | (1u << INTID_PTIMER);
        REG32(GICD + GICD_CTLR) = 1;
        REG32(GICC + GICC_PMR) = 0xff;
        REG32(GICC + GICC_CTLR) = 1;
    }
}

static u64 gic_ack(void)
{
    u64 iar;
    if (gicv3) __asm__ volatile("mrs %0, " ICC_IAR1_EL1 : "=r"(iar));
    else iar = REG32(GICC + GICC_IAR);
    return iar;
}

static void gic_eoi(u64 iar)
{
    if (gicv3) __asm__ volatile("msr " ICC_EOIR1_EL1 ", %0\n\tisb" : : "r"(iar));
    else REG32(GICC + GICC_EOIR) = (u32)iar;
}

/* One timer: the virtual or the EL1 physical one. */
struct timer {
    char name[16];
    unsigned intid;
    int phys;
};

static u64 counter(const struct timer *t)
{
    isb();
    return t->phys ? read_sysreg(cntpct_el0) : read_sysreg(cntvct_el0);
}
static u64 get_ctl(const struct timer *t) { return t->phys ? read_sysreg(cntp_ctl_el0) : read_sysreg(cntv_ctl_el0); }
static u64 get_cval(const struct timer *t) { return t->phys ? read_sysreg(cntp_cval_el0) : read_sysreg(cntv_cval_el0); }
static u64 get_tval(const struct timer *t) { return t->phys ? read_sysreg(cntp_tval_el0) : read_sysreg(cntv_tval_el0); }
static void set_ctl(const struct timer *t, u64 v)
{
    if (t->phys) write_sysreg(v, cntp_ctl_el0);
    else write_sysreg(v, cntv_ctl_el0);
    isb();
}
static void set_cval(const struct timer *t, u64 v)
{
    if (t->phys) write_sysreg(v, cntp_cval_el0);
    else write_sysreg(v, cntv_cval_el0);
    isb();
}
static void set_tval(const struct timer *t, u64 v)
{
    if (t->phys) write_sysreg(v, cntp_tval_el0);
    else write_sysreg(v, cntv_tval_el0);
    isb();
}

/*
 * Wait in WFI with interrupts unmasked until `n` interrupts have been taken. The count is tested with
 * interrupts masked; an interrupt that arrives after the unmask but before the WFI is taken with
 * ELR_EL1 = wfi_site, and the handler then skips the WFI (which would otherwise wait for an interrupt
 * that never comes), so the guest never depends on when the interrupt arrives.
 */
__asm__(".text\n.balign 4\n.global wait_in_wfi\nwait_in_wfi:\n\tmsr daifclr, #2\n.global wfi_site\nwfi_site:\n\twfi\n"
        "\tmsr daifset, #2\n\tret\n");
extern char wfi_site[];
void wait_in_wfi(void);

/* What the IRQ handler saw. */
static const struct timer *cur;
static volatile u64 irqs, last_intid, ctl_at_irq, passed_at_irq, spurious, keep_asserted, rearm_tval, el0_flag;
static volatile u64 irq_kind, irq_spsr;

static void on_irq(struct rt_frame *f)
{
    if (f->pc == (u64)wfi_site) f->pc += 4;   /* taken just before the WFI: do not wait in it */
    u64 iar = gic_ack(), intid = iar & 0x3ff;
    if (intid >= 1020) {
        spurious++;
        return;
    }
    irqs++;
    last_intid = intid;
    irq_spsr = f->pstate;
    ctl_at_irq = get_ctl(cur);
    passed_at_irq = counter(cur) >= get_cval(cur);
    if (keep_asserted) {
        keep_asserted--;            /* leave the timer condition and the line as they are */
    } else if (rearm_tval) {
        rearm_tval--;
        set_tval(cur, 20000);
    } else {
        set_ctl(cur, CTL_ENABLE | CTL_IMASK);   /* deassert */
    }
    el0_flag = 1;
    gic_eoi(iar);
}

static void on_irq_cur(struct rt_frame *f) { irq_kind = 5; on_irq(f); }
static void on_irq_lower(struct rt_frame *f) { irq_kind = 9; on_irq(f); }

static void reset_counts(void)
{
    irqs = last_intid = ctl_at_irq = passed_at_irq = spurious = keep_asserted = rearm_tval = el0_flag = 0;
    irq_kind = irq_spsr = 0;
}

static u64 isr(void) { isb(); return read_sysreg(isr_el1); }

/* Program TVAL with the timer disabled, then enable it with ctl. */
static void arm(const struct timer *t, u64 tval, u64 ctl)
{
    set_ctl(t, 0);
    set_tval(t, tval);
    set_ctl(t, ctl);
}

static void wait_irqs(u64 n)
{
    while (irqs < n) wait_in_wfi();
}

/* EL0 code that spins until the IRQ handler sets the flag at x0. */
__asm__(".text\n.balign 4\n.global e_wait_flag\ne_wait_flag:\n\tldr x1, [x0]\n\tcbz x1, e_wait_flag\n\tret\n");
extern char e_wait_flag[];

static u64 stack0[32] __attribute__((aligned(16)));

static void registers(const struct timer *t)
{
    rt_printf("%s timer: registers\n", t->name);
    set_ctl(t, 0);
    set_cval(t, 0x0123456789abcdefUL);
    rt_printf("  CVAL reads back what was written: %x", get_cval(t));
    check(get_cval(t) == 0x0123456789abcdefUL);
    u64 c0 = counter(t);
    set_tval(t, 1000000);
    u64 c1 = counter(t), cv = get_cval(t), tv = get_tval(t), c2 = counter(t);
    rt_puts("  TVAL = 1000000 sets CVAL to the counter + 1000000, TVAL then reads CVAL - counter:");
    check(cv >= c0 + 1000000 && cv <= c1 + 1000000 && (s32)tv <= (s32)(cv - c1) && (s32)tv >= (s32)(cv - c2));
    set_tval(t, (u64)(u32)-1000);
    cv = get_cval(t);
    c1 = counter(t);
    tv = get_tval(t);
    rt_printf("  TVAL = -1000: CVAL is in the past, TVAL reads negative (bits [63:32] zero: %s)",
              tv >> 32 ? "no" : "yes");
    check(cv <= c1 - 1000 && (s32)tv <= -1000 && (tv >> 32) == 0);
}

static void istatus(const struct timer *t)
{
    rt_printf("%s timer: ISTATUS with IMASK = 1\n", t->name);
    arm(t, 0x7fffffff, CTL_ENABLE | CTL_IMASK);
    u64 ctl = get_ctl(t);
    rt_printf("  deadline far away: CTL=%x, ISR_EL1=%x", ctl, isr());
    check(ctl == (CTL_ENABLE | CTL_IMASK) && isr() == 0);
    arm(t, 2000, CTL_ENABLE | CTL_IMASK);
    u64 cv = get_cval(t), polls = 0;
    while (!(get_ctl(t) & CTL_ISTATUS)) polls++;
    u64 c = counter(t);
    ctl = get_ctl(t);
    rt_printf("  deadline 2000 ticks away, polled until ISTATUS: CTL=%x, counter >= CVAL: %s, ISR_EL1=%x", ctl,
              c >= cv ? "yes" : "no", isr());
    check(ctl == (CTL_ENABLE | CTL_IMASK | CTL_ISTATUS) && c >= cv && isr() == 0);
    set_cval(t, counter(t));
    ctl = get_ctl(t);
    rt_printf("  CVAL = the counter just read: CTL=%x", ctl);
    check(ctl == (CTL_ENABLE | CTL_IMASK | CTL_ISTATUS));
    set_ctl(t, CTL_ENABLE);
    unsigned n = 0;
    while (!(isr() & 0x80) && n < 1000) n++;
    rt_printf("  IMASK = 0 with the condition met, PSTATE.I = 1: ISR_EL1=%x", isr());
    check(isr() == 0x80);
    set_ctl(t, 0);
    n = 0;
    while ((isr() & 0x80) && n < 1000) n++;
    rt_printf("  ENABLE = 0: ISR_EL1=%x", isr());
    check(isr() == 0);
    (void)polls;
}

static void interrupts(const struct timer *t)
{
    rt_printf("%s timer: interrupts through the IRQ vector\n", t->name);
    cur = t;

    reset_counts();
    arm(t, 50000, CTL_ENABLE);
    u64 cv = get_cval(t);
    wait_irqs(1);
    rt_printf("  CVAL 50000 ticks ahead, WFI: %u interrupt, INTID %u, CTL at the handler %x, counter >= CVAL: %s,"
              " from vector %u, spurious %u", irqs, last_intid, ctl_at_irq, passed_at_irq ? "yes" : "no",
              irq_kind, spurious);
    check(irqs == 1 && last_intid == t->intid && ctl_at_irq == (CTL_ENABLE | CTL_ISTATUS) && passed_at_irq &&
          irq_kind == 5 && spurious == 0 && get_cval(t) == cv);

    reset_counts();
    keep_asserted = 2;
    arm(t, 30000, CTL_ENABLE);
    wait_irqs(3);
    rt_printf("  left asserted by the handler twice: %u interrupts, spurious %u", irqs, spurious);
    check(irqs == 3 && spurious == 0);

    reset_counts();
    rearm_tval = 3;
    arm(t, 20000, CTL_ENABLE);
    wait_irqs(4);
    rt_printf("  re-armed with TVAL = 20000 by the handler three times: %u interrupts, counter >= CVAL at the last: %s",
              irqs, passed_at_irq ? "yes" : "no");
    check(irqs == 4 && passed_at_irq && spurious == 0);

    reset_counts();
    arm(t, 40000, CTL_ENABLE);
    unsigned wfis = 0;
    while (!(isr() & 0x80)) {
        __asm__ volatile("wfi" ::: "memory");
        wfis++;
    }
    rt_printf("  WFI with PSTATE.I = 1: woken with ISR_EL1=%x, %u interrupts taken", isr(), irqs);
    u64 before = irqs;
    __asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
    check(isr() == 0 && before == 0);
    rt_printf("  unmasked: %u interrupt, INTID %u", irqs, last_intid);
    check(irqs == 1 && last_intid == t->intid);

    reset_counts();
    arm(t, 30000, CTL_ENABLE);
    el0_spsr = 0x340;   /* EL0t with IRQs unmasked */
    el0_call((u64)e_wait_flag, (u64)&el0_flag, (u64)p_el0_exit, (u64)stack0 + sizeof stack0, 0);
    el0_spsr = 0x3c0;
    rt_printf("  EL0 spinning: %u interrupt, INTID %u, from vector %u, SPSR_EL1.M=%u", irqs, last_intid, irq_kind,
              irq_spsr & 15);
    check(irqs == 1 && last_intid == t->intid && irq_kind == 9 && (irq_spsr & 15) == 0 && seen.count == 0);
    set_ctl(t, 0);
    (void)wfis;
}

int main(void)
{
    rt_puts("timer: the generic timer and its interrupts through the guest's GIC driver\n");
    u64 pfr0 = read_sysreg(id_aa64pfr0_el1);
    gicv3 = ((pfr0 >> 24) & 15) != 0;
    rt_printf("ID_AA64PFR0_EL1.GIC = %u: GICv%u (%s CPU interface)\n", (pfr0 >> 24) & 15, (u64)(gicv3 ? 3 : 2),
              gicv3 ? "system-register" : "memory-mapped");
    u64 frq = read_sysreg(cntfrq_el0);
    rt_printf("CNTFRQ_EL0 is %s\n", frq ? "not zero" : "ZERO (FAIL)");
    if (!frq) failures_here++;
    faults_install();
    rt_set_vector_handler(5, on_irq_cur);
    rt_set_vector_handler(9, on_irq_lower);
    write_sysreg(0, cntv_ctl_el0);
    write_sysreg(0, cntp_ctl_el0);
    isb();
    gic_init();
    static const struct timer timers[2] = {
        { "virtual", INTID_VTIMER, 0 },
        { "EL1 physical", INTID_PTIMER, 1 },
    };
    for (unsigned i = 0; i < 2; i++) {
        registers(&timers[i]);
        istatus(&timers[i]);
        interrupts(&timers[i]);
    }
    rt_printf("timer: %u failures\n", (u64)failures_here);
    return 0;
}
