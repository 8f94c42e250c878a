/*
 * tlb: TLB maintenance and ASIDs with the MMU on (Arm ARM D8.16 "TLB maintenance", C5.5 TLBI), 4 KiB
 * and 64 KiB granules. Each case loads through a mapping (so the TLB may hold it), remaps it with
 * break-before-make using the TLBI under test, and loads again: the new mapping must be seen. What a
 * TLB may still hold without maintenance is not printed (the architecture allows either), only
 * what it must no longer hold:
 *   - TLBI VMALLE1(IS), VAE1(IS), VALE1(IS), ASIDE1(IS), VAAE1(IS), VAALE1(IS) on non-global pages
 *     (ASID-tagged), VA-based ones also on global pages with another ASID, and on a TTBR1 page;
 *   - a permission upgrade of a block, invalidated by the VA of another page inside the block;
 *   - ASID switches without TLBI between two tables mapping one VA differently (nG): 16-bit ASIDs
 *     0x0101 and 0x0001 are distinct, 8-bit ASIDs 1 and 2 are distinct, and with 8-bit ASIDs
 *     TLBI ASIDE1 of 0x0001 reaches entries made with TTBR0_EL1.ASID = 0x0101 (the upper byte is
 *     ignored); TCR_EL1.A1 takes the ASID from TTBR1_EL1.
 */
#include "data.h"

static unsigned g;
static u64 page;
static const char *gname(void) { return g == 12 ? "4K" : "64K"; }

#define TV 0x0000008000000000UL       /* the remapped page */
#define TB 0x0000010000000000UL       /* the remapped block */
#define KT 0xffffffc000000000UL       /* a TTBR1 page */

static u64 op_va(u64 va, u64 asid) { return (asid << 48) | ((va >> 12) & 0xfffffffffffUL); }

enum { VMALLE1, VMALLE1IS, VAE1, VAE1IS, VALE1, VALE1IS, ASIDE1, ASIDE1IS, VAAE1, VAAE1IS, VAALE1, VAALE1IS, NOPS };
static const char op_names[NOPS][10] = {
    "VMALLE1", "VMALLE1IS", "VAE1", "VAE1IS", "VALE1", "VALE1IS",
    "ASIDE1", "ASIDE1IS", "VAAE1", "VAAE1IS", "VAALE1", "VAALE1IS",
};

static void do_tlbi(int op, u64 va, u64 asid)
{
    dsb(ishst);
    switch (op) {
    case VMALLE1: tlbi(vmalle1); break;
    case VMALLE1IS: tlbi(vmalle1is); break;
    case VAE1: tlbi_x(vae1, op_va(va, asid)); break;
    case VAE1IS: tlbi_x(vae1is, op_va(va, asid)); break;
    case VALE1: tlbi_x(vale1, op_va(va, asid)); break;
    case VALE1IS: tlbi_x(vale1is, op_va(va, asid)); break;
    case ASIDE1: tlbi_x(aside1, asid << 48); break;
    case ASIDE1IS: tlbi_x(aside1is, asid << 48); break;
    case VAAE1: tlbi_x(vaae1, op_va(va, 0)); break;
    case VAAE1IS: tlbi_x(vaae1is, op_va(va, 0)); break;
    case VAALE1: tlbi_x(vaale1, op_va(va, 0)); break;
    default: tlbi_x(vaale1is, op_va(va, 0)); break;
    }
    dsb(ish);
    isb();
}

static void check(int ok)
{
    if (!ok) failures++;
    rt_puts(ok ? " ok\n" : " FAIL\n");
}

/* Load va; print which page it reached; it must be page n. */
static void expect_page(u64 va, unsigned n)
{
    seen_clear();
    u64 v = p_ldr_x(va, 0);
    if (seen.count) rt_puts("exception");
    else rt_printf("page %d", (s64)page_of(v));
    check(seen.count == 0 && v == pattern(n));
}

/* Remap leaf d from page a to page b with break-before-make, invalidating with op. */
static void remap(volatile u64 *d, u64 attrs, unsigned b, int op, u64 va, u64 asid)
{
    *d = 0;
    do_tlbi(op, va, asid);
    *d = DATA_PAGE(b) | attrs | D_PAGE;
    dsb(ishst);
    isb();
}

static void set_ttbr0(u64 root, u64 asid)
{
    write_sysreg(root | (asid << 48), ttbr0_el1);
    isb();
}

static void set_tcr(u64 tcr)
{
    write_sysreg(tcr, tcr_el1);
    isb();
    tlb_sync();
}

static void tlbi_cases(void)
{
    u64 mark = pt_pool_mark();
    struct pt t;
    pt_init(&t, g, 16);
    volatile u64 *d = pt_desc(&t, TV, 3, 0);
    set_tcr(std.tcr | TCR_AS);
    set_ttbr0(t.root, 1);
    rt_printf("%s granule: remapping a page, TLBI, loading again (16-bit ASIDs, TTBR0_EL1.ASID = 1)\n", gname());
    unsigned n = 50;
    for (int op = 0; op < NOPS; op++) {
        for (int global = 0; global < 2; global++) {
            if (global && (op == ASIDE1 || op == ASIDE1IS)) continue;   /* ASIDE1 leaves global entries */
            u64 attrs = NORMAL | (global ? 0 : D_NG);
            u64 asid = global ? 7 : 1;   /* VAE1/VALE1 of another ASID still reach global entries */
            *d = DATA_PAGE(n) | attrs | D_PAGE;
            tlb_sync();
            u64 before = p_ldr_x(TV, 0);
            remap(d, attrs, n + 1, op, TV, asid);
            rt_printf("  TLBI %s", op_names[op]);
            if (op >= VAE1 && op <= ASIDE1IS) rt_printf(" (ASID %u)", asid);
            rt_printf(", %s page: page %d, then ", global ? "global" : "nG", (s64)page_of(before));
            expect_page(TV, n + 1);
            n = n == 50 ? 52 : 50;
        }
    }
    /* a block made writable, invalidated by the address of another page in it */
    u64 blk = 1UL << pt_shift(g, 2), bpa = g == 12 ? DATA_PA : RAM_PA;
    volatile u64 *db = pt_desc(&t, TB, 2, 0);
    rt_printf("%s granule: a read-only block made writable\n", gname());
    static const int bops[4] = { VAE1, VALE1, VAAE1, VAALE1 };
    for (int i = 0; i < 4; i++) {
        *db = bpa | NORMAL | D_NG | D_AP(2) | D_BLOCK;
        tlb_sync();
        u64 va = TB + (DATA_PAGE(20) - bpa);
        seen_clear();
        p_str_x(va + 8, ~pattern(20));
        u64 esr = seen.esr;
        *db = bpa | NORMAL | D_NG | D_BLOCK;
        do_tlbi(bops[i], TB + blk - page, 1);
        rt_printf("  store: ESR=%x; TLBI %s of the block's last page; store: ", esr, op_names[bops[i]]);
        seen_clear();
        p_str_x(va + 8, ~pattern(20));
        if (seen.count) print_esr(seen.esr);
        else rt_puts("no exception");
        check(esr == (ESR_ABT(EC_DABT_CUR, FSC_PERM(2)) | ESR_WNR) && seen.count == 0);
    }
    mmu_restore();
    pt_pool_release(mark);
}

static void ttbr1_cases(void)
{
    rt_printf("%s granule: a TTBR1 page\n", gname());
    volatile u64 *d = pt_desc(&std.kern, KT, 3, 0);
    static const int ops[4] = { VAE1, VALE1, VAAE1, VAALE1 };
    for (int i = 0; i < 4; i++) {
        *d = DATA_PAGE(56) | NORMAL | D_PAGE;
        tlb_sync();
        u64 before = p_ldr_x(KT, 0);
        remap(d, NORMAL, 57, ops[i], KT, 0);
        rt_printf("  TLBI %s of %X: page %d, then ", op_names[ops[i]], KT, (s64)page_of(before));
        expect_page(KT, 57);
    }
    /* unlink the tables made for KT before the pool takes them back */
    *pt_desc(&std.kern, KT, std.kern.start, 0) = 0;
    tlb_sync();
    pt_pool_release(std.pool_mark);
}

static void asid_cases(void)
{
    u64 mark = pt_pool_mark();
    struct pt a, b;
    pt_init(&a, g, 16);
    pt_init(&b, g, 16);
    volatile u64 *da = pt_desc(&a, TV, 3, 0);
    pt_map(&b, TV, DATA_PAGE(61), page, 3, NORMAL | D_NG);
    *da = DATA_PAGE(60) | NORMAL | D_NG | D_PAGE;

    rt_printf("%s granule: ASID switches without TLBI, table A maps page 60, table B page 61 (nG)\n", gname());
    set_tcr(std.tcr | TCR_AS);
    rt_puts(" 16-bit ASIDs:\n");
    static const u64 asid16[4][2] = { { 0, 0x0101 }, { 1, 0x0001 }, { 0, 0x0101 }, { 1, 0x0001 } };
    for (int i = 0; i < 4; i++) {
        set_ttbr0(asid16[i][0] ? b.root : a.root, asid16[i][1]);
        rt_printf("  table %c, ASID %x: ", asid16[i][0] ? 'B' : 'A', asid16[i][1]);
        expect_page(TV, asid16[i][0] ? 61 : 60);
    }
    set_tcr(std.tcr);
    rt_puts(" 8-bit ASIDs:\n");
    static const u64 asid8[4][2] = { { 0, 1 }, { 1, 2 }, { 0, 1 }, { 1, 2 } };
    for (int i = 0; i < 4; i++) {
        set_ttbr0(asid8[i][0] ? b.root : a.root, asid8[i][1]);
        rt_printf("  table %c, ASID %x: ", asid8[i][0] ? 'B' : 'A', asid8[i][1]);
        expect_page(TV, asid8[i][0] ? 61 : 60);
    }
    set_ttbr0(a.root, 0x0101);
    u64 before = p_ldr_x(TV, 0);
    remap(da, NORMAL | D_NG, 62, ASIDE1, TV, 0x0001);
    rt_printf("  table A with TTBR0_EL1.ASID = 0x0101: page %d; remapped to page 62 with TLBI ASIDE1 of ASID 1: ",
              (s64)page_of(before));
    expect_page(TV, 62);

    rt_puts(" TCR_EL1.A1 = 1 (the ASID is TTBR1_EL1's):\n");
    *da = DATA_PAGE(60) | NORMAL | D_NG | D_PAGE;
    set_tcr(std.tcr | TCR_AS | TCR_A1);
    write_sysreg(std.kern.root | (5UL << 48), ttbr1_el1);
    set_ttbr0(a.root, 9);
    tlb_sync();
    before = p_ldr_x(TV, 0);
    remap(da, NORMAL | D_NG, 63, ASIDE1, TV, 5);
    rt_printf("  TTBR1_EL1.ASID = 5, TTBR0_EL1.ASID = 9: page %d; remapped to page 63 with TLBI ASIDE1 of ASID 5: ",
              (s64)page_of(before));
    expect_page(TV, 63);
    before = p_ldr_x(TV, 0);
    remap(da, NORMAL | D_NG, 60, VAE1, TV, 5);
    rt_printf("  page %d; remapped to page 60 with TLBI VAE1 of ASID 5: ", (s64)page_of(before));
    expect_page(TV, 60);
    mmu_restore();
    pt_pool_release(mark);
}

static void tests(u64 gshift)
{
    faults_install();
    g = (unsigned)gshift;
    page = 1UL << g;
    tlbi_cases();
    ttbr1_cases();
    asid_cases();
}

int main(void)
{
    rt_puts("tlb: TLB maintenance and ASIDs, 4K and 64K granules\n");
    data_fill();
    for (unsigned gs = 12; gs <= 16; gs += 4) {
        mmu_setup(gs);
        run_high(tests, gs);
        mmu_teardown();
    }
    rt_printf("tlb: %u failures\n", (u64)failures);
    return 0;
}
