/*
 * paging: stage-1 translation tables built by the guest itself (Arm ARM D8, VMSAv8-64), with the
 * 4 KiB and the 64 KiB granule. The guest runs from its TTBR1 "kernel" alias while it tries TTBR0
 * layouts (and from the identity alias while it tries TTBR1 layouts):
 *   - T0SZ/T1SZ from 16 to 39: the initial lookup level that follows, pages and blocks at every level
 *     that has them (4 KiB: 1 GiB at L1, 2 MiB at L2, pages at L3; 64 KiB: 512 MiB at L2, pages at
 *     L3), the first VA past the range (translation fault at level 0);
 *   - the identity map and the kernel alias reaching the same memory;
 *   - TBI0/TBI1: tagged loads and branches with top-byte-ignore on and off;
 *   - EPD0/EPD1: walks disabled (translation fault at level 0);
 *   - AT S1E1R/S1E1W/S1E0R/S1E0W and PAR_EL1 for every MAIR attribute and shareability, every AP
 *     value, access-flag and translation faults, blocks.
 * Each line says what the guest saw (values read, PAR_EL1, ESR_EL1/FAR_EL1/ELR_EL1 of a fault) and
 * ok or FAIL against the architecture.
 */
#include "data.h"

static const char *gname(unsigned g) { return g == 12 ? "4K" : "64K"; }

static void check(int ok)
{
    if (!ok) failures++;
    rt_puts(ok ? " ok\n" : " FAIL\n");
}

/* Load from va and translate it with AT S1E1R: it must reach page n at physical address pa, mapped
 * as Normal write-back inner shareable. */
static void check_read(u64 va, int level, unsigned n, u64 pa)
{
    seen_clear();
    u64 v = p_ldr_x(va, 0);
    u64 par = p_at_s1e1r(va, 0);
    rt_printf("  %X via an L%d %s: ", va, (s64)level, level == 3 ? "page " : "block");
    if (seen.count) rt_puts("exception");
    else rt_printf("reads page %d", (s64)page_of(v));
    rt_printf(", PAR_EL1=%X", par);
    check(seen.count == 0 && v == pattern(n) && par == PAR_OK(pa, 0xff, 3));
}

/* The layout every T0SZ/T1SZ case maps in a range of 2^bits bytes starting at `base`. */
static void map_range(struct pt *t, u64 base, unsigned bits)
{
    u64 page = 1UL << t->gshift;
    pt_map(t, base, DATA_PAGE(1), page, 3, NORMAL);
    pt_map(t, base + (1UL << bits) - page, DATA_PAGE(2), page, 3, NORMAL);
    if (t->gshift == 12 && bits >= 32) pt_map(t, base + (1UL << 30), RAM_PA, 1UL << 30, 1, NORMAL);
    if (t->gshift == 12) pt_map(t, base + 0x400000UL, DATA_PA, 0x200000UL, 2, NORMAL);
    if (t->gshift == 16 && bits >= 31) pt_map(t, base + (1UL << 29), RAM_PA, 1UL << 29, 2, NORMAL);
}

static void check_range(struct pt *t, u64 base, unsigned bits)
{
    u64 page = 1UL << t->gshift;
    check_read(base, 3, 1, DATA_PAGE(1));
    check_read(base + (1UL << bits) - page, 3, 2, DATA_PAGE(2));
    if (t->gshift == 12 && bits >= 32)
        check_read(base + (1UL << 30) + (DATA_PAGE(3) - RAM_PA), 1, 3, DATA_PAGE(3));
    if (t->gshift == 12) check_read(base + 0x400000UL + 0x40000UL, 2, 4, DATA_PAGE(4));
    if (t->gshift == 16 && bits >= 31)
        check_read(base + (1UL << 29) + (DATA_PAGE(5) - RAM_PA), 2, 5, DATA_PAGE(5));
}

static void ttbr0_case(unsigned txsz)
{
    unsigned g = std.gshift, bits = 64 - txsz;
    u64 mark = pt_pool_mark();
    struct pt t;
    pt_init(&t, g, txsz);
    rt_printf("%s granule, TTBR0_EL1, T0SZ=%u: %u-bit VAs, initial lookup at level %d\n", gname(g),
              (u64)txsz, (u64)bits, (s64)t.start);
    map_range(&t, 0, bits);
    write_sysreg((std.tcr & ~0x3fUL) | txsz, tcr_el1);
    write_sysreg(t.root, ttbr0_el1);
    isb();
    tlb_sync();
    check_range(&t, 0, bits);
    TRY("first VA past the range", p_ldr_x, 1UL << bits, 0, ESR_ABT(EC_DABT_CUR, FSC_TRANS(0)));
    check_par("AT S1E1R of it", p_at_s1e1r(1UL << bits, 0), PAR_FAULT(FSC_TRANS(0)));
    mmu_restore();
    pt_pool_release(mark);
}

/* Runs at the identity alias: TTBR1 is replaced while it runs. */
static void ttbr1_case(u64 txsz)
{
    faults_install();
    unsigned g = std.gshift, bits = 64 - (unsigned)txsz;
    u64 base = -(1UL << bits), page = 1UL << g;
    u64 mark = pt_pool_mark();
    struct pt t;
    pt_init(&t, g, (unsigned)txsz);
    rt_printf("%s granule, TTBR1_EL1, T1SZ=%u: %u-bit VAs, initial lookup at level %d\n", gname(g),
              txsz, (u64)bits, (s64)t.start);
    map_range(&t, base, bits);
    write_sysreg((std.tcr & ~(0x3fUL << 16)) | TCR_T1SZ(txsz), tcr_el1);
    write_sysreg(t.root, ttbr1_el1);
    isb();
    tlb_sync();
    check_range(&t, base, bits);
    TRY("last VA below the range", p_ldr_x, base - page, 0, ESR_ABT(EC_DABT_CUR, FSC_TRANS(0)));
    check_par("AT S1E1R of it", p_at_s1e1r(base - page, 0), PAR_FAULT(FSC_TRANS(0)));
    mmu_restore();
    pt_pool_release(mark);
}

#define TV      0x0000008000000000UL   /* a TTBR0 test page */
#define TV_CODE 0x0000008000200000UL   /* the probe page, executable at EL1 */
#define TAG(t, va) (((u64)(t) << 56) | ((va) & 0x00ffffffffffffffUL))

static void aliases(void)
{
    u64 id = DATA_PAGE(6) + 0x100, k = id + KOFF;
    rt_printf("%s granule: the identity map and the kernel alias reach the same memory\n", gname(std.gshift));
    p_str_x(id, 0x1d1d1d1d);
    u64 a = p_ldr_x(k, 0);
    p_str_x(k, 0x2e2e2e2e);
    u64 b = p_ldr_x(id, 0);
    rt_printf("  stored %x at %X, read it at %X; stored %x there, read it back at the identity address",
              0x1d1d1d1dUL, id, k, 0x2e2e2e2eUL);
    check(a == 0x1d1d1d1d && b == 0x2e2e2e2e);
}

static void tbi(void)
{
    unsigned g = std.gshift;
    u64 mark = pt_pool_mark();
    struct pt t;
    pt_init(&t, g, 16);
    pt_map(&t, TV, DATA_PAGE(3), 1UL << g, 3, NORMAL);
    pt_map(&t, TV_CODE, (u64)probe_page - phys_off, 1UL << g, 3, NORMAL | D_AP(2) | D_UXN);
    u64 ret = PROBE_AT(TV_CODE, p_ret);
    write_sysreg(t.root, ttbr0_el1);
    isb();
    tlb_sync();
    rt_printf("%s granule: top-byte-ignore (TBI0 = TBI1 = 0)\n", gname(g));
    TRY("load from a tagged TTBR0 address", p_ldr_x, TAG(0x5a, TV), 0, ESR_ABT(EC_DABT_CUR, FSC_TRANS(0)));
    try_fetch("branch to a tagged TTBR0 address", TAG(0x5a, ret), ESR_ABT(EC_IABT_CUR, FSC_TRANS(0)));
    TRY("load from a tagged TTBR1 address", p_ldr_x, TAG(0x5a, DATA_PAGE(0) + KOFF), 0,
        ESR_ABT(EC_DABT_CUR, FSC_TRANS(0)));

    write_sysreg(std.tcr | TCR_TBI0, tcr_el1);
    isb();
    tlb_sync();
    rt_printf("%s granule: TBI0 = 1, TBI1 = 0\n", gname(g));
    seen_clear();
    u64 v = p_ldr_x(TAG(0x5a, TV), 0);
    p_str_x(TAG(0xa5, TV + 8), 0x7a66ed);
    u64 w = p_ldr_x(TV + 8, 0);
    p_str_x(TV + 8, ~pattern(3));
    rt_printf("  tag 0x5a: reads page %d; a store through tag 0xa5 reads back untagged", (s64)page_of(v));
    check(seen.count == 0 && v == pattern(3) && w == 0x7a66ed);
    u64 par = p_at_s1e1r(TAG(0x5a, TV), 0);
    check_par("AT S1E1R of the tagged address", par, PAR_OK(DATA_PAGE(3), 0xff, 3));
    try_fetch("branch to a tagged TTBR0 address", TAG(0x5a, ret), 0);
    TRY("load from a tagged TTBR1 address", p_ldr_x, TAG(0x5a, DATA_PAGE(0) + KOFF), 0,
        ESR_ABT(EC_DABT_CUR, FSC_TRANS(0)));

    write_sysreg(std.tcr | TCR_TBI1, tcr_el1);
    isb();
    tlb_sync();
    rt_printf("%s granule: TBI0 = 0, TBI1 = 1\n", gname(g));
    seen_clear();
    v = p_ldr_x(TAG(0x5a, DATA_PAGE(0) + KOFF), 0);
    rt_printf("  load from tag 0x5a of the kernel alias: reads page %d", (s64)page_of(v));
    check(seen.count == 0 && v == pattern(0));
    TRY("load from a tagged TTBR0 address", p_ldr_x, TAG(0x5a, TV), 0, ESR_ABT(EC_DABT_CUR, FSC_TRANS(0)));
    /* a TTBR1 address whose top byte is not all ones is a tagged address, not a TTBR0 one */
    seen_clear();
    v = p_ldr_x(TAG(0x00, DATA_PAGE(0) + KOFF), 0);
    rt_printf("  load from %X (tag 0, bit 55 set): reads page %d", TAG(0x00, DATA_PAGE(0) + KOFF), (s64)page_of(v));
    check(seen.count == 0 && v == pattern(0));
    mmu_restore();
    pt_pool_release(mark);
}

static void epd0(void)
{
    u64 mark = pt_pool_mark();
    struct pt t;
    pt_init(&t, std.gshift, 16);
    pt_map(&t, TV, DATA_PAGE(3), 1UL << std.gshift, 3, NORMAL);
    write_sysreg(t.root, ttbr0_el1);
    isb();
    tlb_sync();
    rt_printf("%s granule: EPD0 = 1 (no TTBR0 walks)\n", gname(std.gshift));
    u64 v = p_ldr_x(TV, 0);
    rt_printf("  before: %X reads page %d\n", TV, (s64)page_of(v));
    write_sysreg(std.tcr | TCR_EPD0, tcr_el1);
    isb();
    tlb_sync();
    TRY("after, with the TLB invalidated", p_ldr_x, TV, 0, ESR_ABT(EC_DABT_CUR, FSC_TRANS(0)));
    check_par("AT S1E1R", p_at_s1e1r(TV, 0), PAR_FAULT(FSC_TRANS(0)));
    mmu_restore();
    pt_pool_release(mark);
}

/* Runs at the identity alias. */
static void epd1(u64 unused)
{
    (void)unused;
    faults_install();
    u64 k = DATA_PAGE(3) + KOFF;
    rt_printf("%s granule: EPD1 = 1 (no TTBR1 walks)\n", gname(std.gshift));
    u64 v = p_ldr_x(k, 0);
    rt_printf("  before: %X reads page %d\n", k, (s64)page_of(v));
    write_sysreg(std.tcr | TCR_EPD1, tcr_el1);
    isb();
    tlb_sync();
    TRY("after, with the TLB invalidated", p_ldr_x, k, 0, ESR_ABT(EC_DABT_CUR, FSC_TRANS(0)));
    check_par("AT S1E1R", p_at_s1e1r(k, 0), PAR_FAULT(FSC_TRANS(0)));
    mmu_restore();
}

/* MAIR attribute values by index (MAIR_VALUE). */
static unsigned mair_attr(unsigned i) { return (unsigned)(MAIR_VALUE >> (8 * i)) & 0xff; }

static void at_par(void)
{
    unsigned g = std.gshift;
    u64 page = 1UL << g, mark = pt_pool_mark();
    struct pt t;
    pt_init(&t, g, 16);
    rt_printf("%s granule: AT and PAR_EL1\n", gname(g));
    /* every attribute index, with each shareability for Normal write-back */
    for (unsigned i = 0; i < 8; i++)
        pt_map(&t, TV + i * page, DATA_PAGE(10 + i), page, 3, D_ATTR(i) | D_SH(3) | D_AF);
    for (unsigned sh = 0; sh < 4; sh++) {
        if (sh == 1) continue;   /* reserved */
        pt_map(&t, TV + (8 + sh) * page, DATA_PAGE(20 + sh), page, 3, D_ATTR(MT_WB) | D_SH(sh) | D_AF);
    }
    /* every AP value */
    for (unsigned ap = 0; ap < 4; ap++)
        pt_map(&t, TV + (16 + ap) * page, DATA_PAGE(24 + ap), page, 3, NORMAL | D_AP(ap) | D_PXN | D_UXN);
    pt_map(&t, TV + 20 * page, DATA_PAGE(28), page, 3, (NORMAL & ~D_AF) | D_AP(1));
    /* a block, and a translation fault at each level below the initial one */
    u64 blk = g == 12 ? 0x200000UL : 0x20000000UL;
    pt_map(&t, TV + 8 * blk, RAM_PA, blk, 2, NORMAL);
    write_sysreg(t.root, ttbr0_el1);
    isb();
    tlb_sync();

    for (unsigned i = 0; i < 8; i++) {
        unsigned a = mair_attr(i);
        /* Device and Normal Non-cacheable memory report Outer Shareable, whatever the descriptor says */
        unsigned sh = (a & 0xf0) == 0 || a == 0x44 ? 2 : 3;
        rt_printf("  AT S1E1R, AttrIndx %u (MAIR %x), SH=3", (u64)i, (u64)a);
        par_result(p_at_s1e1r(TV + i * page, 0), PAR_OK(DATA_PAGE(10 + i), a, sh));
    }
    for (unsigned sh = 0; sh < 4; sh++) {
        if (sh == 1) continue;
        rt_printf("  AT S1E1R, write-back, SH=%u", (u64)sh);
        par_result(p_at_s1e1r(TV + (8 + sh) * page, 0), PAR_OK(DATA_PAGE(20 + sh), 0xff, sh));
    }
    static const char ops[4][8] = { "S1E1R", "S1E1W", "S1E0R", "S1E0W" };
    for (unsigned ap = 0; ap < 4; ap++) {
        for (unsigned op = 0; op < 4; op++) {
            u64 va = TV + (16 + ap) * page, par;
            switch (op) {
            case 0: par = p_at_s1e1r(va, 0); break;
            case 1: par = p_at_s1e1w(va, 0); break;
            case 2: par = p_at_s1e0r(va, 0); break;
            default: par = p_at_s1e0w(va, 0); break;
            }
            /* AP[2:1]: 0 EL1 RW; 1 EL1 and EL0 RW; 2 EL1 RO; 3 EL1 and EL0 RO */
            int el0 = op >= 2, wr = op & 1;
            int allowed = (el0 ? (ap & 1) : 1) && (wr ? !(ap & 2) : 1);
            rt_printf("  AT %s, AP[2:1]=%u", ops[op], (u64)ap);
            par_result(par, allowed ? PAR_OK(DATA_PAGE(24 + ap), 0xff, 3) : PAR_FAULT(FSC_PERM(3)));
        }
    }
    check_par("AT S1E0W, AF=0", p_at_s1e0w(TV + 20 * page, 0), PAR_FAULT(FSC_AF(3)));
    check_par("AT S1E1R, AF=0", p_at_s1e1r(TV + 20 * page, 0), PAR_FAULT(FSC_AF(3)));
    /* the page after the last mapped one: translation fault at level 3 */
    check_par("AT S1E1R, unmapped at L3", p_at_s1e1r(TV + 21 * page, 0), PAR_FAULT(FSC_TRANS(3)));
    check_par("AT S1E1W, unmapped at L2", p_at_s1e1w(TV + 4 * blk, 0), PAR_FAULT(FSC_TRANS(2)));
    check_par("AT S1E0R, unmapped at L1", p_at_s1e0r(TV + (1UL << pt_shift(g, 1)), 0), PAR_FAULT(FSC_TRANS(1)));
    if (g == 12) check_par("AT S1E0W, unmapped at L0", p_at_s1e0w(0x0000ff0000000000UL, 0), PAR_FAULT(FSC_TRANS(0)));
    check_par("AT S1E1W inside an L2 block", p_at_s1e1w(TV + 8 * blk + 0x31234, 0), PAR_OK(RAM_PA + 0x31000, 0xff, 3));
    check_par("AT S1E1R of the kernel alias", p_at_s1e1r(DATA_PAGE(9) + KOFF, 0), PAR_OK(DATA_PAGE(9), 0xff, 3));
    /* the kernel alias maps RAM with 2 MiB blocks (4K granule) or 64 KiB pages */
    check_par("AT S1E0R of the kernel alias (EL1 only)", p_at_s1e0r(DATA_PAGE(9) + KOFF, 0),
              PAR_FAULT(FSC_PERM(g == 12 ? 2 : 3)));
    mmu_restore();
    pt_pool_release(mark);
}

static void tests(u64 g)
{
    faults_install();
    aliases();
    static const unsigned txszs[] = { 16, 20, 25, 33, 34, 39 };
    for (unsigned i = 0; i < sizeof txszs / sizeof txszs[0]; i++) ttbr0_case(txszs[i]);
    for (unsigned i = 0; i < sizeof txszs / sizeof txszs[0]; i++) {
        run_low(ttbr1_case, txszs[i]);
        faults_install();
    }
    tbi();
    epd0();
    run_low(epd1, 0);
    faults_install();
    at_par();
    (void)g;
}

int main(void)
{
    rt_puts("paging: stage-1 translation tables built by the guest, 4K and 64K granules\n");
    u64 mmfr0 = read_sysreg(id_aa64mmfr0_el1);
    /* Cortex-A57: 44-bit PAs, 16-bit ASIDs, 4K and 64K granules, no 16K */
    rt_printf("ID_AA64MMFR0_EL1: PARange %u, ASIDBits %u, TGran4 %u, TGran64 %u, TGran16 %u",
              mmfr0 & 15, (mmfr0 >> 4) & 15, (mmfr0 >> 28) & 15, (mmfr0 >> 24) & 15, (mmfr0 >> 20) & 15);
    check((mmfr0 & 0xfff000ffUL) == 0x00000024UL);
    data_fill();
    for (unsigned g = 12; g <= 16; g += 4) {
        mmu_setup(g);
        run_high(tests, g);
        mmu_teardown();
    }
    rt_printf("paging: %u failures\n", (u64)failures);
    return 0;
}
