/*
 * Stage-1 translation support for kvmdbg's guests (see mmu.h).
 */
#include "mmu.h"

u64 phys_off;
u64 el0_spsr = 0x3c0;
struct mmu_std std;
volatile struct seen seen;

static u64 pool_next = PT_POOL;

int pt_start_level(unsigned gshift, unsigned txsz)
{
    unsigned stride = gshift - 3, bits = 64 - txsz;
    /* Arm ARM D8.2: the initial level is 4 - ceil((inputsize - granule bits) / stride) */
    return 4 - (int)((bits - gshift + stride - 1) / stride);
}

unsigned pt_shift(unsigned gshift, int level)
{
    return gshift + (unsigned)(3 - level) * (gshift - 3);
}

u64 pt_pool_mark(void) { return pool_next; }
void pt_pool_release(u64 mark) { pool_next = mark; }

static u64 pt_alloc(unsigned gshift)
{
    u64 size = 1UL << gshift;
    u64 pa = (pool_next + size - 1) & ~(size - 1);
    if (pa + size > PT_POOL_END) {
        rt_puts("FAIL: translation-table pool exhausted\n");
        rt_poweroff();
    }
    pool_next = pa + size;
    volatile u64 *p = PHYS(pa);
    for (u64 i = 0; i < size / 8; i++) p[i] = 0;
    return pa;
}

void pt_init(struct pt *t, unsigned gshift, unsigned txsz)
{
    t->gshift = gshift;
    t->txsz = txsz;
    t->start = pt_start_level(gshift, txsz);
    t->root = pt_alloc(gshift);
}

static u64 pt_index(const struct pt *t, u64 va, int level)
{
    unsigned sh = pt_shift(t->gshift, level);
    unsigned top = level == t->start ? 64 - t->txsz : sh + t->gshift - 3;
    return (va >> sh) & ((1UL << (top - sh)) - 1);
}

/* Output address field of a table or page descriptor: bits [47:granule]. */
static u64 desc_oa(const struct pt *t, u64 d) { return d & 0x0000ffffffffffffUL & ~((1UL << t->gshift) - 1); }

volatile u64 *pt_desc(struct pt *t, u64 va, int level, u64 tbits)
{
    u64 table = t->root;
    for (int l = t->start; ; l++) {
        volatile u64 *e = PHYS(table) + pt_index(t, va, l);
        if (l == level) return e;
        u64 d = *e;
        if ((d & 3) == 0 || (d & 1) == 0) {
            u64 next = pt_alloc(t->gshift);
            *e = next | D_TABLE | tbits;
            table = next;
        } else if ((d & 3) == D_TABLE) {
            table = desc_oa(t, d);
        } else {
            rt_printf("FAIL: pt_desc %X level %d: a block is in the way at level %d\n", va, level, l);
            rt_poweroff();
        }
    }
}

void pt_map(struct pt *t, u64 va, u64 pa, u64 size, int level, u64 attrs)
{
    u64 bs = 1UL << pt_shift(t->gshift, level);
    for (u64 off = 0; off < size; off += bs)
        *pt_desc(t, va + off, level, 0) = (pa + off) | attrs | (level == 3 ? D_PAGE : D_BLOCK);
}

void pt_map_auto(struct pt *t, u64 va, u64 pa, u64 size, u64 attrs)
{
    int first = t->gshift == 12 ? 1 : 2;   /* lowest level with blocks (no 52-bit addresses) */
    if (first < t->start) first = t->start;
    while (size) {
        int l = first;
        for (; l < 3; l++) {
            u64 bs = 1UL << pt_shift(t->gshift, l);
            if (((va | pa) & (bs - 1)) == 0 && size >= bs) break;
        }
        u64 bs = 1UL << pt_shift(t->gshift, l);
        pt_map(t, va, pa, bs, l, attrs);
        va += bs; pa += bs; size -= bs;
    }
}

u64 tcr_granule(unsigned gshift)
{
    return gshift == 12 ? TCR_TG0_4K | TCR_TG1_4K : TCR_TG0_64K | TCR_TG1_64K;
}

void mmu_setup(unsigned gshift)
{
    extern char __stack_top[];
    if ((u64)__stack_top > PT_POOL) {
        rt_puts("FAIL: the image overlaps the translation-table pool\n");
        rt_poweroff();
    }
    phys_off = 0;
    pool_next = PT_POOL;
    std.gshift = gshift;
    pt_init(&std.ident, gshift, 16);
    pt_map_auto(&std.ident, 0, 0, 0x40000000UL, DEVICE);
    pt_map_auto(&std.ident, RAM_PA, RAM_PA, 0x40000000UL, NORMAL | D_UXN);
    pt_init(&std.kern, gshift, 25);
    pt_map_auto(&std.kern, KVA_RAM, RAM_PA, KRAM_SIZE, NORMAL | D_UXN);
    pt_map(&std.kern, KVA_UART, UART_PA, 1UL << gshift, 3, DEVICE);
    std.pool_mark = pt_pool_mark();
    std.tcr = TCR_T0SZ(16) | TCR_T1SZ(25) | TCR_WALK0 | TCR_WALK1 | tcr_granule(gshift) | TCR_IPS(2);
    write_sysreg(MAIR_VALUE, mair_el1);
    mmu_restore();
    write_sysreg(read_sysreg(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I, sctlr_el1);
    isb();
}

void mmu_restore(void)
{
    write_sysreg(std.tcr, tcr_el1);
    write_sysreg(std.ident.root, ttbr0_el1);
    write_sysreg(std.kern.root, ttbr1_el1);
    isb();
    dsb(ishst);
    tlbi(vmalle1);
    dsb(ish);
    isb();
}

void mmu_teardown(void)
{
    write_sysreg(read_sysreg(sctlr_el1) & ~(SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_A | SCTLR_WXN), sctlr_el1);
    isb();
    tlbi(vmalle1);
    dsb(ish);
    isb();
    phys_off = 0;
}

void call_alias(void (*fn)(u64), s64 delta, u64 arg);

void run_high(void (*fn)(u64), u64 arg)
{
    phys_off = KOFF;
    rt_uart_base = KVA_UART;
    call_alias(fn, (s64)KOFF, arg);
    rt_uart_base = UART_PA;
    phys_off = 0;
}

void run_low(void (*fn)(u64), u64 arg)
{
    phys_off = 0;
    rt_uart_base = UART_PA;
    call_alias(fn, -(s64)KOFF, arg);
    rt_uart_base = KVA_UART;
    phys_off = KOFF;
}

void seen_clear(void)
{
    seen.count = 0;
    seen.esr = seen.far = seen.elr = seen.spsr = 0;
    seen.kind = 0;
}

static void record(struct rt_frame *f, unsigned kind)
{
    seen.count++;
    seen.esr = f->esr;
    seen.far = f->far;
    seen.elr = f->pc;
    seen.spsr = f->pstate;
    seen.kind = kind;
}

static void on_dabt(struct rt_frame *f) { record(f, 4); f->x[0] = 0xdeadUL; f->pc += 4; }
static void on_iabt(struct rt_frame *f) { record(f, 4); f->x[0] = 0xdeadUL; f->pc = f->x[30]; }

extern char el0_return[];

/* Any synchronous exception from EL0 ends the EL0 call: SVC hands back x0, anything else is recorded. */
static void on_lower_sync(struct rt_frame *f)
{
    if (ESR_EC(f->esr) != EC_SVC64) {
        record(f, 8);
        f->x[0] = ~0UL;
    }
    f->pc = (u64)el0_return;
    f->pstate = 0x3c5;   /* EL1h, D A I F masked */
}

void faults_install(void)
{
    rt_set_handler(EC_DABT_CUR, on_dabt);
    rt_set_handler(EC_IABT_CUR, on_iabt);
    rt_set_vector_handler(8, on_lower_sync);
}

/* Names in a character array, not a table of pointers: code at either alias can print them. */
static const char fsc_names[7][28] = {
    "address size fault", "translation fault", "access flag fault", "permission fault",
    "synchronous external abort", "alignment fault", "other",
};

const char *fsc_name(unsigned fsc)
{
    unsigned i = fsc < 0x10 ? fsc >> 2 : fsc == 0x10 ? 4 : fsc == 0x21 ? 5 : 6;
    return fsc_names[i];
}

void print_esr(u64 esr)
{
    unsigned ec = (unsigned)ESR_EC(esr);
    rt_printf("ESR=%x (EC %x", esr, (u64)ec);
    if (ec == EC_DABT_CUR || ec == EC_DABT_LOW || ec == EC_IABT_CUR || ec == EC_IABT_LOW) {
        unsigned fsc = esr & 0x3f;
        int data = ec == EC_DABT_CUR || ec == EC_DABT_LOW;
        rt_printf(", %s %x %s", data ? "DFSC" : "IFSC", (u64)fsc, fsc_name(fsc));
        if (fsc < 0x10) rt_printf(" L%u", (u64)(fsc & 3));
        if (data) rt_printf(", WnR %u, CM %u", (esr >> 6) & 1, (esr >> 8) & 1);
        rt_printf(", S1PTW %u", (esr >> 7) & 1);
    }
    rt_putc(')');
}

unsigned failures;

int judge(u64 expect_esr, u64 expect_far, const char *site, u64 site_addr)
{
    int ok;
    if (seen.count == 0) {
        rt_puts("no exception");
        ok = expect_esr == 0;
    } else {
        s64 off = (s64)(seen.elr - site_addr);
        print_esr(seen.esr);
        rt_printf(" FAR=%X ELR=%s%c%u", seen.far, site, off < 0 ? '-' : '+', (u64)(off < 0 ? -off : off));
        if (seen.count != 1) rt_printf(" (%u exceptions)", seen.count);
        ok = seen.count == 1 && seen.esr == expect_esr && seen.far == expect_far && off == 0;
    }
    if (ok) {
        rt_puts(" ok\n");
    } else {
        failures++;
        rt_puts(" FAIL (expected ");
        if (expect_esr) {
            print_esr(expect_esr);
            rt_printf(" FAR=%X", expect_far);
        } else {
            rt_puts("no exception");
        }
        rt_puts(")\n");
    }
    return ok;
}

u64 try_el1_far(const char *what, probe_fn p, const char *pname, u64 va, u64 v, u64 expect_esr, u64 far)
{
    seen_clear();
    u64 r = p(va, v);
    rt_printf("  %s: ", what);
    judge(expect_esr, far, pname, (u64)p);
    return r;
}

u64 try_el1(const char *what, probe_fn p, const char *pname, u64 va, u64 v, u64 expect_esr)
{
    return try_el1_far(what, p, pname, va, v, expect_esr, va);
}

u64 try_el0(const char *what, u64 base, probe_fn p, const char *pname, u64 va, u64 v, u64 expect_esr)
{
    u64 fn = PROBE_AT(base, p);
    seen_clear();
    u64 r = el0_call(fn, va, PROBE_AT(base, p_el0_exit), 0, v);
    rt_printf("  %s: ", what);
    judge(expect_esr, va, pname, fn);
    return r;
}

u64 try_fetch(const char *what, u64 va, u64 expect_esr)
{
    seen_clear();
    u64 r = ((u64 (*)(u64, u64))va)(41, 0);
    rt_printf("  %s: ", what);
    judge(expect_esr, va, "target", va);
    if (!seen.count && r != 42) { failures++; rt_printf("    FAIL: the code at the target returned %x\n", r); }
    return r;
}

u64 try_fetch_el0(const char *what, u64 va, u64 exit_va, u64 expect_esr)
{
    seen_clear();
    u64 r = el0_call(va, 41, exit_va, 0, 0);
    rt_printf("  %s: ", what);
    judge(expect_esr, va, "target", va);
    if (!seen.count && r != 42) { failures++; rt_printf("    FAIL: the code at the target returned %x\n", r); }
    return r;
}

void check_par(const char *what, u64 par, u64 expect)
{
    rt_printf("  %s", what);
    par_result(par, expect);
}

void par_result(u64 par, u64 expect)
{
    rt_printf(": PAR_EL1=%X", par);
    if (par == expect) {
        rt_puts(" ok\n");
    } else {
        failures++;
        rt_printf(" FAIL (expected %X)\n", expect);
    }
}
