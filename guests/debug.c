/*
 * debug: the guest half of Linux's KVM selftest tools/testing/selftests/kvm/arm64/debug-exceptions.c
 * (guest_code), rewritten as a guest of our own that handles its own debug exceptions at EL1:
 * software breakpoint (BRK), hardware breakpoint, breakpoint + SVC, breakpoint + BRK, watchpoint,
 * software step with the guest's own MDSCR_EL1.SS, the OS lock (blocks breakpoints, watchpoints and
 * step, not BRK), and breakpoints/watchpoints linked to a context-ID breakpoint. Each scenario prints
 * what the handlers saw (ESR_EL1, FAR_EL1, ELR_EL1 relative to a label, counts) and PASS or FAIL
 * judged by the architecture (Arm ARM D2), which is what the selftest asserts.
 *
 * QEMU 7.2 TCG deviates in two places (so its output differs here; the system test lists them):
 * it ignores the OS lock, and it takes a step exception after `msr daifset, #8`.
 * The scenarios run twice: with the lowest and with the highest breakpoint/watchpoint numbers.
 */
#include "rt.h"

#define MDSCR_SS  (1UL << 0)
#define MDSCR_KDE (1UL << 13)
#define MDSCR_MDE (1UL << 15)

#define BCR_LEN8  (0xfUL << 5)       /* BAS: the whole A64 instruction */
#define BCR_EL1   (1UL << 1)         /* PMC: EL1 */
#define BCR_E     1UL
#define BCR_BT_ADDR_LINK_CTX (1UL << 20)
#define BCR_BT_CTX_LINK      (3UL << 20)
#define WCR_LEN8  (0xffUL << 5)
#define WCR_RD    (1UL << 3)
#define WCR_WR    (2UL << 3)
#define WCR_EL1   (1UL << 1)
#define WCR_E     1UL
#define WCR_WT_LINK (1UL << 20)
#define LBN(n)    ((u64)(n) << 16)

#define DBG_WRITE(reg, n, v) do { switch (n) { \
    case 0: write_sysreg(v, reg##0_el1); break;   case 1: write_sysreg(v, reg##1_el1); break; \
    case 2: write_sysreg(v, reg##2_el1); break;   case 3: write_sysreg(v, reg##3_el1); break; \
    case 4: write_sysreg(v, reg##4_el1); break;   case 5: write_sysreg(v, reg##5_el1); break; \
    case 6: write_sysreg(v, reg##6_el1); break;   case 7: write_sysreg(v, reg##7_el1); break; \
    case 8: write_sysreg(v, reg##8_el1); break;   case 9: write_sysreg(v, reg##9_el1); break; \
    case 10: write_sysreg(v, reg##10_el1); break; case 11: write_sysreg(v, reg##11_el1); break; \
    case 12: write_sysreg(v, reg##12_el1); break; case 13: write_sysreg(v, reg##13_el1); break; \
    case 14: write_sysreg(v, reg##14_el1); break; case 15: write_sysreg(v, reg##15_el1); break; \
    } } while (0)

static NOINLINE void write_bcr(unsigned n, u64 v) { DBG_WRITE(dbgbcr, n, v); }
static NOINLINE void write_bvr(unsigned n, u64 v) { DBG_WRITE(dbgbvr, n, v); }
static NOINLINE void write_wcr(unsigned n, u64 v) { DBG_WRITE(dbgwcr, n, v); }
static NOINLINE void write_wvr(unsigned n, u64 v) { DBG_WRITE(dbgwvr, n, v); }

/* What the handlers saw. */
static volatile u64 sw_bp_addr, sw_bp_esr, hw_bp_addr, hw_bp_esr, hw_bp_count;
static volatile u64 wp_addr, wp_data_addr, wp_esr, wp_count, svc_addr, svc_esr;
#define SS_MAX 8
static volatile u64 ss_addr[SS_MAX], ss_esr[SS_MAX], ss_idx;
static volatile char write_data;

static void on_brk(struct rt_frame *f) { sw_bp_addr = f->pc; sw_bp_esr = f->esr; f->pc += 4; }
static void on_hw_bp(struct rt_frame *f) { hw_bp_addr = f->pc; hw_bp_esr = f->esr; hw_bp_count++; f->pstate |= SPSR_D; }
static void on_wp(struct rt_frame *f)
{
    wp_data_addr = f->far;
    wp_addr = f->pc;
    wp_esr = f->esr;
    wp_count++;
    f->pstate |= SPSR_D;
}
static void on_ss(struct rt_frame *f)
{
    u64 i = ss_idx;
    if (i < SS_MAX) { ss_addr[i] = f->pc; ss_esr[i] = f->esr; }
    ss_idx = i + 1;
    f->pstate |= SPSR_SS;
}
static void on_svc(struct rt_frame *f) { svc_addr = f->pc; svc_esr = f->esr; }

static unsigned brps, wrps;   /* counts from ID_AA64DFR0_EL1 */

static void reset_debug_state(void)
{
    __asm__ volatile("msr daifset, #8");
    write_sysreg(0, osdlr_el1);
    write_sysreg(0, oslar_el1);
    isb();
    write_sysreg(0, mdscr_el1);
    write_sysreg(0, contextidr_el1);
    for (unsigned i = 0; i < brps; i++) { write_bcr(i, 0); write_bvr(i, 0); }
    for (unsigned i = 0; i < wrps; i++) { write_wcr(i, 0); write_wvr(i, 0); }
    isb();
    sw_bp_addr = sw_bp_esr = hw_bp_addr = hw_bp_esr = hw_bp_count = 0;
    wp_addr = wp_data_addr = wp_esr = wp_count = svc_addr = svc_esr = 0;
}

static void enable_os_lock(void)
{
    write_sysreg(1, oslar_el1);
    isb();
    rt_printf("  OSLSR_EL1 after locking = %x (OSLK, bit 1, %s)\n", read_sysreg(oslsr_el1),
              read_sysreg(oslsr_el1) & 2 ? "set" : "NOT set");
}

static void enable_monitor_debug_exceptions(void)
{
    __asm__ volatile("msr daifclr, #8");
    write_sysreg(read_sysreg(mdscr_el1) | MDSCR_KDE | MDSCR_MDE, mdscr_el1);
    isb();
}

static void install_wp(unsigned wpn, u64 addr)
{
    write_wcr(wpn, WCR_LEN8 | WCR_RD | WCR_WR | WCR_EL1 | WCR_E);
    write_wvr(wpn, addr);
    isb();
    enable_monitor_debug_exceptions();
}

static void install_hw_bp(unsigned bpn, u64 addr)
{
    write_bcr(bpn, BCR_LEN8 | BCR_EL1 | BCR_E);
    write_bvr(bpn, addr);
    isb();
    enable_monitor_debug_exceptions();
}

static void install_ctx_bp(unsigned ctx_bpn, u64 ctx)
{
    write_bcr(ctx_bpn, BCR_LEN8 | BCR_EL1 | BCR_E | BCR_BT_CTX_LINK);
    write_bvr(ctx_bpn, ctx);
}

static void install_wp_ctx(unsigned wpn, unsigned ctx_bpn, u64 addr, u64 ctx)
{
    install_ctx_bp(ctx_bpn, ctx);
    write_wcr(wpn, WCR_LEN8 | WCR_RD | WCR_WR | WCR_EL1 | WCR_E | WCR_WT_LINK | LBN(ctx_bpn));
    write_wvr(wpn, addr);
    isb();
    enable_monitor_debug_exceptions();
}

static void install_hw_bp_ctx(unsigned bpn, unsigned ctx_bpn, u64 addr, u64 ctx)
{
    install_ctx_bp(ctx_bpn, ctx);
    write_bcr(bpn, BCR_LEN8 | BCR_EL1 | BCR_E | BCR_BT_ADDR_LINK_CTX | LBN(ctx_bpn));
    write_bvr(bpn, addr);
    isb();
    enable_monitor_debug_exceptions();
}

static void install_ss(void)
{
    __asm__ volatile("msr daifclr, #8");
    write_sysreg(read_sysreg(mdscr_el1) | MDSCR_KDE | MDSCR_SS, mdscr_el1);
    isb();
}

static const char *verdict(int ok) { return ok ? "PASS" : "FAIL"; }

/* "label+off" for an address near a label, or the raw value. */
static void rel(const char *label, u64 base, u64 v)
{
    if (v >= base && v - base < 64) rt_printf("%s+%u", label, v - base);
    else rt_printf("%x", v);
}

extern char sw_bp[], hw_bp[], bp_svc[], bp_brk[], ss_start[], sw_bp2[], hw_bp2[], hw_bp_ctx[], hw_bp_ctx2[];

/* Scenario parameters, in memory so the compiler cannot specialise (and duplicate the labels of) the scenarios. */
static volatile unsigned p_bpn, p_wpn, p_ctx_bpn;

static NOINLINE void scenarios(void)
{
    unsigned bpn = p_bpn, wpn = p_wpn, ctx_bpn = p_ctx_bpn;
    u64 ctx = 0xabcdef;

    rt_printf("[breakpoint %u, watchpoint %u, context breakpoint %u]\n", bpn, wpn, ctx_bpn);

    reset_debug_state();
    __asm__ volatile("sw_bp: brk #0" ::: "memory");
    rt_printf("software breakpoint: ESR_EL1=%x ELR_EL1=", sw_bp_esr);
    rel("sw_bp", (u64)sw_bp, sw_bp_addr);
    rt_printf(" %s\n", verdict(sw_bp_addr == (u64)sw_bp && sw_bp_esr == 0xf2000000));

    reset_debug_state();
    install_hw_bp(bpn, (u64)hw_bp);
    __asm__ volatile("hw_bp: nop" ::: "memory");
    rt_printf("hardware breakpoint: ESR_EL1=%x ELR_EL1=", hw_bp_esr);
    rel("hw_bp", (u64)hw_bp, hw_bp_addr);
    rt_printf(" hits=%u %s\n", hw_bp_count, verdict(hw_bp_addr == (u64)hw_bp && hw_bp_esr == 0xc6000022 && hw_bp_count == 1));

    reset_debug_state();
    install_hw_bp(bpn, (u64)bp_svc);
    __asm__ volatile("bp_svc: svc #0" ::: "memory");
    rt_printf("breakpoint + svc: breakpoint ESR_EL1=%x ELR_EL1=", hw_bp_esr);
    rel("bp_svc", (u64)bp_svc, hw_bp_addr);
    rt_printf(", then svc ESR_EL1=%x ELR_EL1=", svc_esr);
    rel("bp_svc", (u64)bp_svc, svc_addr);
    rt_printf(" %s\n", verdict(hw_bp_addr == (u64)bp_svc && svc_addr == (u64)bp_svc + 4 && svc_esr == 0x56000000));

    reset_debug_state();
    install_hw_bp(bpn, (u64)bp_brk);
    __asm__ volatile("bp_brk: brk #0" ::: "memory");
    rt_printf("breakpoint + brk: breakpoint ESR_EL1=%x ELR_EL1=", hw_bp_esr);
    rel("bp_brk", (u64)bp_brk, hw_bp_addr);
    rt_printf(", then brk ESR_EL1=%x ELR_EL1=", sw_bp_esr);
    rel("bp_brk", (u64)bp_brk, sw_bp_addr);
    rt_printf(" %s\n", verdict(hw_bp_addr == (u64)bp_brk && sw_bp_addr == (u64)bp_brk));

    reset_debug_state();
    write_data = 0;
    install_wp(wpn, (u64)&write_data);
    write_data = 'x';
    rt_printf("watchpoint: ESR_EL1=%x FAR_EL1=", wp_esr);
    rel("write_data", (u64)&write_data, wp_data_addr);
    rt_printf(" hits=%u data='%c' %s\n", wp_count, write_data,
              verdict(wp_data_addr == (u64)&write_data && wp_esr == 0xd6000062 && wp_count == 1 && write_data == 'x'));

    /* Single step: the handler records each step exception; the index is reset and stepping stops in one block. */
    reset_debug_state();
    install_ss();
    __asm__ volatile("str xzr, [%0]\n"
                     "ss_start:\n\tmrs x0, esr_el1\n\tadd x0, x0, #1\n\tmsr daifset, #8\n\t"
                     : : "r"(&ss_idx) : "x0", "memory");
    u64 n = ss_idx;
    rt_printf("single step: %u step exceptions\n", n);
    for (u64 i = 0; i < n && i < SS_MAX; i++) {
        rt_printf("  step %u: ELR_EL1=", i);
        rel("ss_start", (u64)ss_start, ss_addr[i]);
        rt_printf(" ESR_EL1=%x\n", ss_esr[i]);
    }
    int ss_ok = n == 3;
    for (u64 i = 0; i < 3 && ss_ok; i++) ss_ok = ss_addr[i] == (u64)ss_start + 4 * i && ss_esr[i] == 0xcf000022;
    rt_printf("single step: %s\n", verdict(ss_ok));

    reset_debug_state();
    enable_os_lock();
    __asm__ volatile("sw_bp2: brk #0" ::: "memory");
    rt_printf("os lock does not block brk: ELR_EL1=");
    rel("sw_bp2", (u64)sw_bp2, sw_bp_addr);
    rt_printf(" %s\n", verdict(sw_bp_addr == (u64)sw_bp2));

    reset_debug_state();
    enable_os_lock();
    install_hw_bp(bpn, (u64)hw_bp2);
    __asm__ volatile("hw_bp2: nop" ::: "memory");
    rt_printf("os lock blocks hardware breakpoint: hits=%u %s\n", hw_bp_count, verdict(hw_bp_count == 0));

    reset_debug_state();
    enable_os_lock();
    write_data = 0;
    install_wp(wpn, (u64)&write_data);
    write_data = 'x';
    rt_printf("os lock blocks watchpoint: hits=%u data='%c' %s\n", wp_count, write_data,
              verdict(wp_count == 0 && write_data == 'x'));

    reset_debug_state();
    enable_os_lock();
    install_ss();
    __asm__ volatile("str xzr, [%0]\n\tmrs x0, esr_el1\n\tadd x0, x0, #1\n\tmsr daifset, #8\n\t"
                     : : "r"(&ss_idx) : "x0", "memory");
    n = ss_idx;
    rt_printf("os lock blocks single step: %u step exceptions %s\n", n, verdict(n == 0));

    reset_debug_state();
    install_hw_bp_ctx(bpn, ctx_bpn, (u64)hw_bp_ctx, ctx);
    write_sysreg(ctx, contextidr_el1);
    isb();
    __asm__ volatile("hw_bp_ctx: nop" ::: "memory");
    write_sysreg(0, contextidr_el1);
    rt_printf("linked context-id breakpoint: ESR_EL1=%x ELR_EL1=", hw_bp_esr);
    rel("hw_bp_ctx", (u64)hw_bp_ctx, hw_bp_addr);
    rt_printf(" hits=%u %s\n", hw_bp_count, verdict(hw_bp_addr == (u64)hw_bp_ctx && hw_bp_count == 1));

    reset_debug_state();
    install_hw_bp_ctx(bpn, ctx_bpn, (u64)hw_bp_ctx2, ctx);
    write_sysreg(ctx + 1, contextidr_el1);
    isb();
    __asm__ volatile("hw_bp_ctx2: nop" ::: "memory");
    write_sysreg(0, contextidr_el1);
    rt_printf("linked context-id breakpoint, other context id: hits=%u %s\n", hw_bp_count, verdict(hw_bp_count == 0));

    reset_debug_state();
    write_data = 0;
    install_wp_ctx(wpn, ctx_bpn, (u64)&write_data, ctx);
    write_sysreg(ctx, contextidr_el1);
    isb();
    write_data = 'x';
    write_sysreg(0, contextidr_el1);
    rt_printf("linked context-id watchpoint: ESR_EL1=%x FAR_EL1=", wp_esr);
    rel("write_data", (u64)&write_data, wp_data_addr);
    rt_printf(" hits=%u %s\n", wp_count, verdict(wp_data_addr == (u64)&write_data && wp_count == 1 && write_data == 'x'));

    reset_debug_state();
    write_data = 0;
    install_wp_ctx(wpn, ctx_bpn, (u64)&write_data, ctx);
    write_sysreg(ctx + 1, contextidr_el1);
    isb();
    write_data = 'y';
    write_sysreg(0, contextidr_el1);
    rt_printf("linked context-id watchpoint, other context id: hits=%u %s\n", wp_count, verdict(wp_count == 0 && write_data == 'y'));
    reset_debug_state();
}

int main(void)
{
    u64 dfr0 = read_sysreg(id_aa64dfr0_el1);
    brps = (unsigned)((dfr0 >> 12) & 0xf) + 1;
    wrps = (unsigned)((dfr0 >> 20) & 0xf) + 1;
    unsigned ctx_cmps = (unsigned)((dfr0 >> 28) & 0xf) + 1;
    rt_printf("debug: guest self-debug scenarios of Linux's KVM selftest debug-exceptions.c\n");
    rt_printf("debug: ID_AA64DFR0_EL1.DebugVer=%u, %u breakpoints (%u context-aware), %u watchpoints\n",
              dfr0 & 0xf, (u64)brps, (u64)ctx_cmps, (u64)wrps);

    rt_set_handler(EC_BRK64, on_brk);
    rt_set_handler(EC_BREAKPT_CUR, on_hw_bp);
    rt_set_handler(EC_WATCHPT_CUR, on_wp);
    rt_set_handler(EC_SOFTSTP_CUR, on_ss);
    rt_set_handler(EC_SVC64, on_svc);

    /* Context-aware breakpoints are the highest-numbered ones (Arm ARM D2.8). */
    unsigned ctx_base = brps - ctx_cmps;
    p_bpn = 0; p_wpn = 0; p_ctx_bpn = ctx_base;
    scenarios();
    p_bpn = ctx_base - 1; p_wpn = wrps - 1; p_ctx_bpn = brps - 1;
    scenarios();
    rt_puts("debug: done\n");
    return 0;
}
