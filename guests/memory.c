/*
 * memory: data accesses with the MMU on, 4 KiB and 64 KiB granules, on Normal write-back memory
 * through TTBR0 and the TTBR1 alias:
 *   - load/store-exclusive (LDXR/STXR, LDAXR/STLXR, LDXP/STXP): a held monitor lets the store
 *     through; CLREX and an exception return (Arm ARM: ERET clears the local monitor) make it fail
 *     without writing; STXR to a read-only page with the monitor held takes a permission fault;
 *   - DC ZVA: zeroes exactly the DCZID_EL0-sized block containing the address; faults report the
 *     address given (not the block), WnR = 1 and CM = 0;
 *   - unaligned Normal accesses with SCTLR_EL1.A = 0: loads and stores of every size at every
 *     offset, pairs, accesses split across two pages that map to distant physical pages, and the
 *     fault of an access that runs into an unmapped or read-only page (FAR = the first byte there).
 */
#include "data.h"

static unsigned g;
static u64 page;
static const char *gname(void) { return g == 12 ? "4K" : "64K"; }

/* page 70, then page 72, then unmapped, then page 74 read-only, then page 76, then page 74 read-only again */
#define TV 0x0000008000000000UL

static void check(int ok)
{
    if (!ok) failures++;
    rt_puts(ok ? " ok\n" : " FAIL\n");
}

static volatile u64 *P(u64 va) { return (volatile u64 *)va; }

/* Exclusive sequences (inline: the monitor must not see anything else in between). */
static u64 ldxr_stxr(u64 va, u64 v, u64 *old)
{
    u64 o, st;
    __asm__ volatile("ldxr %0, [%2]\n\tstxr %w1, %3, [%2]" : "=&r"(o), "=&r"(st) : "r"(va), "r"(v) : "memory");
    *old = o;
    return st;
}

static u64 ldaxr_stlxr(u64 va, u64 v)
{
    u64 o, st;
    __asm__ volatile("ldaxr %0, [%2]\n\tstlxr %w1, %3, [%2]" : "=&r"(o), "=&r"(st) : "r"(va), "r"(v) : "memory");
    return st;
}

static u64 ldxp_stxp(u64 va, u64 a, u64 b, u64 *o1, u64 *o2)
{
    u64 x, y, st;
    __asm__ volatile("ldxp %0, %1, [%3]\n\tstxp %w2, %4, %5, [%3]"
                     : "=&r"(x), "=&r"(y), "=&r"(st) : "r"(va), "r"(a), "r"(b) : "memory");
    *o1 = x;
    *o2 = y;
    return st;
}

static u64 ldxr_clrex_stxr(u64 va, u64 v)
{
    u64 o, st;
    __asm__ volatile("ldxr %0, [%2]\n\tclrex\n\tstxr %w1, %3, [%2]" : "=&r"(o), "=&r"(st) : "r"(va), "r"(v) : "memory");
    return st;
}

static void on_svc(struct rt_frame *f) { (void)f; }

static u64 ldxr_svc_stxr(u64 va, u64 v)
{
    u64 o, st;
    __asm__ volatile("ldxr %0, [%2]\n\tsvc #1\n\tstxr %w1, %3, [%2]"
                     : "=&r"(o), "=&r"(st) : "r"(va), "r"(v) : "memory");
    return st;
}

static void exclusives(u64 va, const char *where)
{
    u64 old;
    rt_printf("%s granule: exclusives at %s %X\n", gname(), where, va);
    P(va)[0] = 0x1111;
    u64 st = ldxr_stxr(va, 0x2222, &old);
    rt_printf("  ldxr/stxr: read %x, status %u, memory %x", old, st, P(va)[0]);
    check(old == 0x1111 && st == 0 && P(va)[0] == 0x2222);
    st = ldaxr_stlxr(va, 0x3333);
    rt_printf("  ldaxr/stlxr: status %u, memory %x", st, P(va)[0]);
    check(st == 0 && P(va)[0] == 0x3333);
    u64 o1, o2;
    P(va)[1] = 0x4444;
    st = ldxp_stxp(va, 0x5555, 0x6666, &o1, &o2);
    rt_printf("  ldxp/stxp: read %x %x, status %u, memory %x %x", o1, o2, st, P(va)[0], P(va)[1]);
    check(o1 == 0x3333 && o2 == 0x4444 && st == 0 && P(va)[0] == 0x5555 && P(va)[1] == 0x6666);
    st = ldxr_clrex_stxr(va, 0x7777);
    rt_printf("  ldxr, clrex, stxr: status %u, memory %x", st, P(va)[0]);
    check(st == 1 && P(va)[0] == 0x5555);
    st = ldxr_svc_stxr(va, 0x8888);
    rt_printf("  ldxr, svc (exception return), stxr: status %u, memory %x", st, P(va)[0]);
    check(st == 1 && P(va)[0] == 0x5555);
    P(va)[0] = 0;
    P(va)[1] = 0;
}

static NOINLINE void exclusive_ro(u64 va)
{
    u64 old = 0;
    rt_printf("%s granule: store-exclusive to a read-only page\n", gname());
    seen_clear();
    u64 st = 0;
    __asm__ volatile("ldxr %0, [%2]\n\t.global stxr_ro\nstxr_ro: stxr %w1, %3, [%2]\n\tclrex"
                     : "=&r"(old), "=&r"(st) : "r"(va), "r"(1UL) : "memory");
    extern char stxr_ro[];
    rt_printf("  ldxr read page %d, stxr: ", (s64)page_of(old));
    judge(ESR_ABT(EC_DABT_CUR, FSC_PERM(3)) | ESR_WNR, va, "stxr_ro", (u64)stxr_ro);
}

static void dc_zva(u64 va, const char *where)
{
    u64 bs = 4UL << (read_sysreg(dczid_el0) & 15);
    volatile u8 *b = (volatile u8 *)va;
    for (unsigned i = 0; i < 512; i++) b[i] = 0xff;
    seen_clear();
    p_dc_zva(va + 0x113, 0);
    unsigned first = 512, last = 0, zeros = 0;
    for (unsigned i = 0; i < 512; i++) {
        if (b[i] == 0) {
            zeros++;
            if (i < first) first = i;
            last = i;
        }
    }
    rt_printf("  dc zva of %s+0x113: %u bytes zeroed, +%x..+%x", where, (u64)zeros, (u64)first, (u64)last);
    check(seen.count == 0 && zeros == bs && first == (0x113 & ~(bs - 1)) && last == first + bs - 1);
    for (unsigned i = 0; i < 512; i++) b[i] = 0;
}

/* Bytes 0x10, 0x11, ... at va, so an unaligned load has a known value. */
static void fill_bytes(u64 va, unsigned n)
{
    volatile u8 *b = (volatile u8 *)va;
    for (unsigned i = 0; i < n; i++) b[i] = (u8)(0x10 + i);
}

static u64 expect_le(unsigned off, unsigned size)
{
    u64 v = 0;
    for (unsigned i = 0; i < size; i++) v |= (u64)(0x10 + off + i) << (8 * i);
    return v;
}

static void unaligned(void)
{
    rt_printf("%s granule: unaligned Normal accesses, SCTLR_EL1.A = 0\n", gname());
    fill_bytes(TV, 32);
    static const unsigned sizes[3] = { 2, 4, 8 };
    for (unsigned s = 0; s < 3; s++) {
        unsigned size = sizes[s], bad = 0;
        u64 sum = 0;
        for (unsigned off = 1; off < 8; off++) {
            u64 v = size == 2 ? p_ldrh(TV + off, 0) : size == 4 ? p_ldr_w(TV + off, 0) : p_ldr_x(TV + off, 0);
            sum += v;
            if (v != expect_le(off, size)) bad++;
        }
        rt_printf("  %u-byte loads at +1..+7: sum %x", (u64)size, sum);
        check(bad == 0);
    }
    p_str_x(TV + 3, 0x8877665544332211UL);
    p_str_w(TV + 13, 0xccbbaa99U);
    p_strh(TV + 19, 0xeeddU);
    volatile u8 *b = (volatile u8 *)TV;
    static const u8 want[24] = { 0x10, 0x11, 0x12, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x1b,
                                 0x1c, 0x99, 0xaa, 0xbb, 0xcc, 0x21, 0x22, 0xdd, 0xee, 0x25, 0x26, 0x27 };
    unsigned bad = 0;
    for (unsigned i = 0; i < 24; i++) bad += b[i] != want[i];
    rt_printf("  stores of 8, 4, 2 bytes at +3, +13, +19: bytes +0..+23 %s", bad ? "differ" : "as expected");
    check(bad == 0);
    fill_bytes(TV, 32);
    u64 sum = p_ldp_x(TV + 5, 0);
    rt_printf("  ldp at +5: sum of the pair %x", sum);
    check(sum == expect_le(5, 8) + expect_le(13, 8));
    p_stp_x(TV + 3, 0x0123456789abcdefUL);
    rt_printf("  stp at +3, ldr at +3 and +11: %x %x", p_ldr_x(TV + 3, 0), p_ldr_x(TV + 11, 0));
    check(p_ldr_x(TV + 3, 0) == 0x0123456789abcdefUL && p_ldr_x(TV + 11, 0) == ~0x0123456789abcdefUL);

    /* split between page 70 and page 72 */
    u64 edge = TV + page;
    fill_bytes(edge - 16, 16);
    fill_bytes(edge, 16);
    u64 v = p_ldr_x(edge - 3, 0);
    rt_printf("  ldr x across the boundary to a distant physical page: %x", v);
    check(v == (expect_le(13, 3) | (expect_le(0, 5) << 24)));
    p_str_x(edge - 5, 0xa1a2a3a4a5a6a7a8UL);
    u64 lo = PHYS(DATA_PAGE(70) + page - 8)[0], hi = PHYS(DATA_PAGE(72))[0];
    rt_printf("  str x across it: the last 8 bytes of page 70 %x, the first 8 of page 72 %x", lo, hi);
    check(lo == 0xa4a5a6a7a81a1918UL && hi == 0x1716151413a1a2a3UL);
    PHYS(DATA_PAGE(72))[0] = pattern(72);
    PHYS(DATA_PAGE(72))[1] = ~pattern(72);

    /* into an unmapped page (the third), and from a writable page (the fifth) into a read-only one */
    u64 gap = TV + 2 * page;
    TRYF("ldr x at 4 bytes before an unmapped page", p_ldr_x, gap - 4, 0, ESR_ABT(EC_DABT_CUR, FSC_TRANS(3)), gap);
    TRYF("ldp at 12 bytes before an unmapped page", p_ldp_x, gap - 12, 0, ESR_ABT(EC_DABT_CUR, FSC_TRANS(3)), gap);
    u64 ro = TV + 5 * page;
    TRYF("str w at 2 bytes before a read-only page", p_str_w, ro - 2, 0, ESR_ABT(EC_DABT_CUR, FSC_PERM(3)) | ESR_WNR, ro);
}

static void tests(u64 gshift)
{
    faults_install();
    rt_set_handler(EC_SVC64, on_svc);
    g = (unsigned)gshift;
    page = 1UL << g;
    u64 mark = pt_pool_mark();
    struct pt t;
    pt_init(&t, g, 16);
    pt_map(&t, TV, DATA_PAGE(70), page, 3, NORMAL);
    pt_map(&t, TV + page, DATA_PAGE(72), page, 3, NORMAL);
    pt_map(&t, TV + 3 * page, DATA_PAGE(74), page, 3, NORMAL | D_AP(2));
    pt_map(&t, TV + 4 * page, DATA_PAGE(76), page, 3, NORMAL);
    pt_map(&t, TV + 5 * page, DATA_PAGE(74), page, 3, NORMAL | D_AP(2));
    write_sysreg(t.root, ttbr0_el1);
    isb();
    tlb_sync();

    exclusives(TV + 0x100, "TTBR0");
    exclusives(DATA_PAGE(71) + KOFF + 0x100, "TTBR1");
    exclusive_ro(TV + 3 * page);
    rt_printf("%s granule: DC ZVA, DCZID_EL0 = %x\n", gname(), read_sysreg(dczid_el0));
    dc_zva(TV + 0x200, "TTBR0");
    dc_zva(DATA_PAGE(71) + KOFF + 0x200, "TTBR1");
    TRY("dc zva of a read-only page", p_dc_zva, TV + 3 * page + 0x123, 0, ESR_ABT(EC_DABT_CUR, FSC_PERM(3)) | ESR_WNR);
    TRY("dc zva of an unmapped page", p_dc_zva, TV + 2 * page + 0x123, 0, ESR_ABT(EC_DABT_CUR, FSC_TRANS(3)) | ESR_WNR);
    unaligned();

    mmu_restore();
    pt_pool_release(mark);
}

int main(void)
{
    rt_puts("memory: exclusives, DC ZVA and unaligned accesses with the MMU on, 4K and 64K granules\n");
    data_fill();
    for (unsigned gs = 12; gs <= 16; gs += 4) {
        mmu_setup(gs);
        run_high(tests, gs);
        mmu_teardown();
    }
    rt_printf("memory: %u failures\n", (u64)failures);
    return 0;
}
