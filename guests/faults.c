/*
 * faults: every stage-1 fault kind at every level where it can occur, with the 4 KiB and the 64 KiB
 * granule, taken through the guest's own vectors (Arm ARM D8.14 "MMU faults", D19.2 ESR_EL1):
 *   - translation: an invalid descriptor at each level of the walk, a reserved level-3 descriptor,
 *     a block where the granule allows none (4K: level 0; 64K: level 1), fetches from unmapped code;
 *   - access flag (AF = 0, no hardware update): loads, stores and fetches, at each level with leaves;
 *   - permission: AP[2:1] for EL1 and EL0 loads/stores, LDTR/STTR from EL1 (EL0's permissions),
 *     UXN/PXN, EL1 execution of EL0-writable memory, APTable/UXNTable/PXNTable at every table level,
 *     SCTLR_EL1.WXN;
 *   - address size (TCR_EL1.IPS): TTBR, table and leaf addresses past the output size, also with an
 *     IPS larger than the implemented PARange;
 *   - alignment: SCTLR_EL1.A, Device memory (every Device type) against Normal, load/store-exclusive and
 *     load-acquire/store-release, DC ZVA on Device memory;
 *   - cache maintenance (DC CIVAC) of an unmapped address;
 *   - priorities between them.
 * Each line prints ESR_EL1 (EC, DFSC/IFSC with level, WnR, CM, S1PTW), FAR_EL1 and ELR_EL1 relative to
 * the faulting instruction, then ok or FAIL against the architecture.
 */
#include "data.h"

static unsigned g;              /* granule shift */
static u64 page;
static struct pt t;
static u64 mark;

#define V      0x0000008000000000UL     /* an L3 page -> DATA_PAGE(3) */
#define PV     0x0000000040000000UL     /* the probe page for EL0 (EL0 and EL1 read-only, EL0-executable) */
#define XV     0x0000008000100000UL     /* the probe page again, for fetch tests (EL1 read-only) */
#define XT     (XV + 2 * page)              /* and again, for the SCTLR_EL1.WXN tests */

static const char *gname(void) { return g == 12 ? "4K" : "64K"; }
static int first_block_level(void) { return g == 12 ? 1 : 2; }

/* One leaf per level: its VA, its block's PA, and the VA of DATA_PAGE(4) inside it. */
static u64 leaf_va(int l)
{
    if (l == 3) return V;
    if (l == 2) return g == 12 ? 0x0000008000200000UL : 0x0000008020000000UL;
    return 0x0000008040000000UL;
}
static u64 leaf_pa(int l) { return l == 3 ? DATA_PAGE(3) : l == 2 && g == 12 ? DATA_PA : RAM_PA; }
static u64 leaf_probe(int l) { return l == 3 ? V : leaf_va(l) + (DATA_PAGE(4) - leaf_pa(l)); }
static u64 leaf_size(int l) { return 1UL << pt_shift(g, l); }

static u64 probe_pa(void) { return (u64)probe_page - phys_off; }
static u64 el0_exit(void) { return PROBE_AT(PV, p_el0_exit); }

/* Break-before-make: invalidate, then write the new descriptor. */
static void set_desc(volatile u64 *d, u64 v)
{
    *d = 0;
    tlb_sync();
    *d = v;
    tlb_sync();
}

static volatile u64 *leaf(int l) { return pt_desc(&t, leaf_va(l), l, 0); }
static u64 leaf_desc(int l, u64 attrs) { return leaf_pa(l) | attrs | (l == 3 ? D_PAGE : D_BLOCK); }

static void build(void)
{
    mark = pt_pool_mark();
    pt_init(&t, g, 16);
    for (int l = first_block_level(); l <= 3; l++) pt_map(&t, leaf_va(l), leaf_pa(l), leaf_size(l), l, NORMAL);
    pt_map(&t, PV, probe_pa(), page, 3, NORMAL | D_AP(3) | D_PXN);
    pt_map(&t, XV, probe_pa(), page, 3, NORMAL | D_AP(2) | D_UXN);
    pt_map(&t, XT, probe_pa(), page, 3, NORMAL | D_AP(2) | D_UXN);
    write_sysreg(t.root, ttbr0_el1);
    isb();
    tlb_sync();
}

static void teardown(void)
{
    mmu_restore();
    pt_pool_release(mark);
}

#define DABT(fsc)   ESR_ABT(EC_DABT_CUR, fsc)
#define DABTW(fsc)  (ESR_ABT(EC_DABT_CUR, fsc) | ESR_WNR)
#define DABT0(fsc)  ESR_ABT(EC_DABT_LOW, fsc)
#define DABT0W(fsc) (ESR_ABT(EC_DABT_LOW, fsc) | ESR_WNR)
#define IABT(fsc)   ESR_ABT(EC_IABT_CUR, fsc)
#define IABT0(fsc)  ESR_ABT(EC_IABT_LOW, fsc)

static char line[96];

/* A tiny formatter for test names: "%d" only. */
static const char *name(const char *fmt, s64 n)
{
    unsigned i = 0;
    for (; *fmt && i < sizeof line - 4; fmt++) {
        if (fmt[0] == '%' && fmt[1] == 'd') {
            line[i++] = (char)('0' + n);
            fmt++;
        } else {
            line[i++] = *fmt;
        }
    }
    line[i] = 0;
    return line;
}

static void translation(void)
{
    rt_printf("%s granule: translation faults\n", gname());
    build();
    for (int l = t.start; l <= 3; l++) {
        volatile u64 *d = pt_desc(&t, V, l, 0);
        u64 saved = *d;
        set_desc(d, 0);
        TRY(name("load, invalid descriptor at L%d", l), p_ldr_x, V + 8, 0, DABT(FSC_TRANS(l)));
        TRY(name("store, invalid descriptor at L%d", l), p_str_x, V + 16, 1, DABTW(FSC_TRANS(l)));
        set_desc(d, saved);
    }
    volatile u64 *d3 = leaf(3);
    u64 saved = *d3;
    set_desc(d3, ~1UL);
    TRY("load, L3 descriptor with every bit but the valid bit set", p_ldr_x, V, 0, DABT(FSC_TRANS(3)));
    set_desc(d3, (saved & ~3UL) | 1);
    TRY("load, reserved L3 descriptor (0b01)", p_ldr_x, V, 0, DABT(FSC_TRANS(3)));
    set_desc(d3, saved);
    /* a block descriptor where the granule has none: 4K level 0, 64K level 1 */
    int nb = first_block_level() - 1;
    volatile u64 *db = pt_desc(&t, V, nb, 0);
    saved = *db;
    set_desc(db, NORMAL | D_BLOCK);
    TRY(name("load, block descriptor at L%d", nb), p_ldr_x, V, 0, DABT(FSC_TRANS(nb)));
    set_desc(db, saved);
    try_fetch("fetch, unmapped at L3", XV + page + 0x100, IABT(FSC_TRANS(3)));
    try_fetch_el0("EL0 fetch, unmapped at L3", XV + page + 0x100, el0_exit(), IABT0(FSC_TRANS(3)));
    teardown();
}

static void access_flag(void)
{
    rt_printf("%s granule: access flag faults (AF = 0)\n", gname());
    build();
    for (int l = first_block_level(); l <= 3; l++) {
        set_desc(leaf(l), leaf_desc(l, NORMAL & ~D_AF));
        TRY(name("load, L%d leaf", l), p_ldr_x, leaf_probe(l), 0, DABT(FSC_AF(l)));
        TRY(name("store, L%d leaf", l), p_str_x, leaf_probe(l) + 8, 5, DABTW(FSC_AF(l)));
        TRY0(name("EL0 load, L%d leaf", l), PV, p_ldr_x, leaf_probe(l), 0, DABT0(FSC_AF(l)));
        set_desc(leaf(l), leaf_desc(l, NORMAL));
        TRY(name("load, L%d leaf with AF = 1 again", l), p_ldr_x, leaf_probe(l), 0, 0);
    }
    volatile u64 *dx = pt_desc(&t, XV, 3, 0);
    u64 saved = *dx;
    set_desc(dx, saved & ~D_AF);
    try_fetch("fetch, L3 page", PROBE_AT(XV, p_ret), IABT(FSC_AF(3)));
    set_desc(dx, saved);
    try_fetch("fetch, L3 page with AF = 1 again", PROBE_AT(XV, p_ret), 0);
    teardown();
}

/* A fetch with SCTLR_EL1.WXN = 1, through wxn_try at XV. */
static void wxn_case(const char *what, u64 target, int el0, u64 expect_esr)
{
    static volatile u64 out[3];
    u64 (*fn)(u64, u64, u64, volatile u64 *) = (u64 (*)(u64, u64, u64, volatile u64 *))PROBE_AT(XV, wxn_try);
    u64 r = fn(target, (u64)el0, el0_exit(), out);
    seen_clear();
    if (out[0] && !(el0 && ESR_EC(out[0]) == EC_SVC64)) {
        seen.count = 1;
        seen.esr = out[0];
        seen.far = out[1];
        seen.elr = out[2];
    }
    rt_printf("  %s: ", what);
    judge(expect_esr, target, "target", target);
    if (!seen.count && r != 42) {
        failures++;
        rt_printf("    FAIL: the code at the target returned %x\n", r);
    }
}

static void permission(void)
{
    rt_printf("%s granule: permission faults\n", gname());
    build();
    /* read-only leaves at every level */
    for (int l = first_block_level(); l <= 3; l++) {
        set_desc(leaf(l), leaf_desc(l, NORMAL | D_AP(2)));
        TRY(name("store, read-only L%d leaf", l), p_str_x, leaf_probe(l) + 8, 5, DABTW(FSC_PERM(l)));
        TRY(name("load, read-only L%d leaf", l), p_ldr_x, leaf_probe(l), 0, 0);
        TRY0(name("EL0 load, EL1-only L%d leaf", l), PV, p_ldr_x, leaf_probe(l), 0, DABT0(FSC_PERM(l)));
        set_desc(leaf(l), leaf_desc(l, NORMAL));
    }
    /* AP[2:1] for EL1, EL0 and unprivileged accesses from EL1 */
    static const char ap_names[4][24] = { "EL1 RW", "EL1 and EL0 RW", "EL1 RO", "EL1 and EL0 RO" };
    for (unsigned ap = 0; ap < 4; ap++) {
        set_desc(leaf(3), leaf_desc(3, NORMAL | D_AP(ap)));
        rt_printf(" AP[2:1]=%u (%s):\n", (u64)ap, ap_names[ap]);
        int el0r = ap & 1, el0w = ap == 1, el1w = !(ap & 2);
        TRY("EL1 load", p_ldr_x, V, 0, 0);
        TRY("EL1 store", p_str_x, V + 8, ~pattern(3), el1w ? 0 : DABTW(FSC_PERM(3)));
        TRY0("EL0 load", PV, p_ldr_x, V, 0, el0r ? 0 : DABT0(FSC_PERM(3)));
        TRY0("EL0 store", PV, p_str_x, V + 8, ~pattern(3), el0w ? 0 : DABT0W(FSC_PERM(3)));
        TRY("LDTR at EL1", p_ldtr_x, V, 0, el0r ? 0 : DABT(FSC_PERM(3)));
        TRY("STTR at EL1", p_sttr_x, V + 8, ~pattern(3), el0w ? 0 : DABTW(FSC_PERM(3)));
    }
    set_desc(leaf(3), leaf_desc(3, NORMAL));
    TRY0("EL0 load of the kernel alias", PV, p_ldr_x, DATA_PAGE(3) + KOFF, 0, DABT0(FSC_PERM(g == 12 ? 2 : 3)));
    TRY("LDTR at EL1 of the kernel alias", p_ldtr_x, DATA_PAGE(3) + KOFF, 0, DABT(FSC_PERM(g == 12 ? 2 : 3)));

    /* execute permissions: the probe page at XV */
    volatile u64 *dx = pt_desc(&t, XV, 3, 0);
    u64 x = PROBE_AT(XV, p_ret), xpa = probe_pa() | D_PAGE;
    rt_puts(" execute permissions:\n");
    set_desc(dx, xpa | NORMAL | D_AP(2) | D_PXN);
    try_fetch("EL1 fetch, PXN", x, IABT(FSC_PERM(3)));
    try_fetch_el0("EL0 fetch, PXN (UXN = 0)", x, el0_exit(), 0);
    set_desc(dx, xpa | NORMAL | D_AP(2) | D_UXN);
    try_fetch("EL1 fetch, UXN (PXN = 0)", x, 0);
    try_fetch_el0("EL0 fetch, UXN", x, el0_exit(), IABT0(FSC_PERM(3)));
    set_desc(dx, xpa | NORMAL | D_AP(1));
    try_fetch("EL1 fetch, EL0-writable (AP[2:1]=1)", x, IABT(FSC_PERM(3)));
    try_fetch_el0("EL0 fetch, EL0-writable", x, el0_exit(), 0);
    set_desc(dx, xpa | NORMAL | D_AP(0));
    try_fetch_el0("EL0 fetch, EL1-only (AP[2:1]=0, UXN = 0)", x, el0_exit(), 0);
    TRY0("EL0 load of it", PV, p_ldr_x, x, 0, DABT0(FSC_PERM(3)));

    /* SCTLR_EL1.WXN: writable means not executable (the image itself is writable, so wxn_try runs
     * from the read-only alias XV with its own vectors, and the targets are at XT) */
    rt_puts(" SCTLR_EL1.WXN = 1:\n");
    set_desc(dx, xpa | NORMAL | D_AP(2) | D_UXN);
    volatile u64 *dt = pt_desc(&t, XT, 3, 0);
    u64 xt = PROBE_AT(XT, p_ret);
    set_desc(dt, xpa | NORMAL | D_AP(0));
    wxn_case("EL1 fetch, EL1-writable", xt, 0, IABT(FSC_PERM(3)));
    wxn_case("EL0 fetch, EL1-writable (EL0 cannot write)", xt, 1, 0);
    set_desc(dt, xpa | NORMAL | D_AP(1));
    wxn_case("EL0 fetch, EL0-writable", xt, 1, IABT0(FSC_PERM(3)));
    wxn_case("EL1 fetch, EL0-writable", xt, 0, IABT(FSC_PERM(3)));
    set_desc(dt, xpa | NORMAL | D_AP(2));
    wxn_case("EL1 fetch, read-only", xt, 0, 0);
    set_desc(dt, xpa | NORMAL | D_AP(3));
    wxn_case("EL0 fetch, read-only", xt, 1, 0);

    /* hierarchical controls in the table descriptors: the fault is reported at the leaf level */
    set_desc(dx, xpa | NORMAL | D_AP(3));
    for (int l = t.start; l < 3; l++) {
        rt_printf(" table descriptor at L%d:\n", (s64)l);
        volatile u64 *d = pt_desc(&t, V, l, 0), *e = pt_desc(&t, XV, l, 0);
        u64 sd = *d, se = *e;
        set_desc(d, sd | T_AP(2));
        TRY("APTable=2, EL1 store", p_str_x, V + 8, ~pattern(3), DABTW(FSC_PERM(3)));
        TRY("APTable=2, EL1 load", p_ldr_x, V, 0, 0);
        set_desc(d, sd | T_AP(1));
        TRY0("APTable=1, EL0 load", PV, p_ldr_x, V, 0, DABT0(FSC_PERM(3)));
        TRY("APTable=1, EL1 store", p_str_x, V + 8, ~pattern(3), 0);
        set_desc(d, sd);
        set_desc(e, se | T_PXN);
        try_fetch("PXNTable, EL1 fetch", x, IABT(FSC_PERM(3)));
        try_fetch_el0("PXNTable, EL0 fetch", x, el0_exit(), 0);
        set_desc(e, se | T_UXN);
        try_fetch_el0("UXNTable, EL0 fetch", x, el0_exit(), IABT0(FSC_PERM(3)));
        try_fetch("UXNTable, EL1 fetch", x, 0);
        set_desc(e, se);
    }
    teardown();
}

static void set_ips(unsigned ips)
{
    write_sysreg((std.tcr & ~(7UL << 32)) | TCR_IPS(ips), tcr_el1);
    isb();
    tlb_sync();
}

static void address_size(void)
{
    rt_printf("%s granule: address size faults\n", gname());
    build();
    rt_puts(" TCR_EL1.IPS = 0 (32 bits):\n");
    set_ips(0);
    TRY("load, every table and the leaf below 4 GiB", p_ldr_x, V, 0, 0);
    write_sysreg(t.root | (1UL << 32), ttbr0_el1);
    isb();
    tlb_sync();
    TRY("load, TTBR0_EL1 base with bit 32 set", p_ldr_x, V, 0, DABT(FSC_ADDR(0)));
    write_sysreg(t.root, ttbr0_el1);
    isb();
    tlb_sync();
    for (int l = t.start; l < 3; l++) {
        volatile u64 *d = pt_desc(&t, V, l, 0);
        u64 saved = *d;
        set_desc(d, saved | (1UL << 32));
        TRY(name("load, next-level table address at L%d with bit 32 set", l), p_ldr_x, V, 0, DABT(FSC_ADDR(l)));
        set_desc(d, saved);
    }
    for (int l = first_block_level(); l <= 3; l++) {
        set_desc(leaf(l), leaf_desc(l, NORMAL) | (1UL << 32));
        TRY(name("load, L%d output address with bit 32 set", l), p_ldr_x, leaf_probe(l), 0, DABT(FSC_ADDR(l)));
        TRY(name("store, L%d output address with bit 32 set", l), p_str_x, leaf_probe(l) + 8, 0, DABTW(FSC_ADDR(l)));
        set_desc(leaf(l), leaf_desc(l, NORMAL));
    }
    set_desc(leaf(3), leaf_desc(3, NORMAL & ~D_AF) | (1UL << 32));
    TRY("load, L3 output address with bit 32 set and AF = 0: address size first", p_ldr_x, V, 0, DABT(FSC_ADDR(3)));
    volatile u64 *dx = pt_desc(&t, XV, 3, 0);
    u64 sx = *dx;
    set_desc(dx, sx | (1UL << 32));
    try_fetch("fetch, L3 output address with bit 32 set", PROBE_AT(XV, p_ret), IABT(FSC_ADDR(3)));
    set_desc(dx, sx);

    rt_puts(" TCR_EL1.IPS = 2 (40 bits):\n");
    set_ips(2);
    set_desc(leaf(3), leaf_desc(3, NORMAL) | (1UL << 39));
    check_par("AT S1E1R, output address with bit 39 set", p_at_s1e1r(V, 0), PAR_OK(DATA_PAGE(3) | (1UL << 39), 0xff, 3));
    set_desc(leaf(3), leaf_desc(3, NORMAL) | (1UL << 40));
    TRY("load, output address with bit 40 set", p_ldr_x, V, 0, DABT(FSC_ADDR(3)));
    rt_puts(" TCR_EL1.IPS = 5 (48 bits) on a core with 44-bit physical addresses:\n");
    set_ips(5);
    set_desc(leaf(3), leaf_desc(3, NORMAL) | (1UL << 43));
    check_par("AT S1E1R, output address with bit 43 set", p_at_s1e1r(V, 0), PAR_OK(DATA_PAGE(3) | (1UL << 43), 0xff, 3));
    set_desc(leaf(3), leaf_desc(3, NORMAL) | (1UL << 44));
    TRY("load, output address with bit 44 set (past PARange)", p_ldr_x, V, 0, DABT(FSC_ADDR(3)));
    set_desc(leaf(3), leaf_desc(3, NORMAL));
    set_ips(2);
    teardown();
}

static void alignment(void)
{
    rt_printf("%s granule: alignment faults\n", gname());
    build();
    /* Device pages of each type next to V */
    static const unsigned devs[3] = { MT_DEV_nGnRnE, MT_DEV_nGnRE, MT_DEV_GRE };
    static const char dev_names[3][8] = { "nGnRnE", "nGnRE", "GRE" };
    for (unsigned i = 0; i < 3; i++)
        pt_map(&t, V + (4 + i) * page, DATA_PAGE(40 + i), page, 3, D_ATTR(devs[i]) | D_AF | D_UXN | D_PXN);
    pt_map(&t, V + 7 * page, DATA_PAGE(43), page, 3, D_ATTR(MT_DEV_nGnRnE) | D_AF | D_AP(2) | D_UXN | D_PXN);
    pt_map(&t, V + 8 * page, DATA_PAGE(44), page, 3, D_ATTR(MT_NC) | D_AF | D_SH(2));
    tlb_sync();
    rt_puts(" SCTLR_EL1.A = 1:\n");
    write_sysreg(read_sysreg(sctlr_el1) | SCTLR_A, sctlr_el1);
    isb();
    TRY("ldr x at +4", p_ldr_x, V + 4, 0, DABT(FSC_ALIGN));
    TRY("str w at +2", p_str_w, V + 2, 0, DABTW(FSC_ALIGN));
    TRY("ldrh at +1", p_ldrh, V + 1, 0, DABT(FSC_ALIGN));
    TRY("ldrb at +1", p_ldrb, V + 1, 0, 0);
    TRY("ldp x at +8", p_ldp_x, V + 8, 0, 0);
    TRY("ldp x at +4", p_ldp_x, V + 4, 0, DABT(FSC_ALIGN));
    TRY("ldr x at +4 of an unmapped page: alignment first", p_ldr_x, V + 2 * page + 4, 0, DABT(FSC_ALIGN));
    write_sysreg(read_sysreg(sctlr_el1) & ~SCTLR_A, sctlr_el1);
    isb();
    rt_puts(" SCTLR_EL1.A = 0:\n");
    TRY("ldr x at +4, Normal", p_ldr_x, V + 4, 0, 0);
    TRY("str w at +2, Normal", p_str_w, V + 0x102, 0, 0);
    TRY("ldr x at +4, Normal Non-cacheable", p_ldr_x, V + 8 * page + 4, 0, 0);
    for (unsigned i = 0; i < 3; i++) {
        rt_printf(" Device-%s:\n", dev_names[i]);
        u64 d = V + (4 + i) * page;
        TRY("ldr x at +0", p_ldr_x, d, 0, 0);
        TRY("ldr x at +4", p_ldr_x, d + 4, 0, DABT(FSC_ALIGN));
        TRY("str w at +2", p_str_w, d + 2, 0, DABTW(FSC_ALIGN));
        TRY("ldrh at +1", p_ldrh, d + 1, 0, DABT(FSC_ALIGN));
        TRY("dc zva", p_dc_zva, d + 0x40, 0, DABTW(FSC_ALIGN));
    }
    TRY("str w at +2 of a read-only Device page: alignment before permission", p_str_w, V + 7 * page + 2, 0,
        DABTW(FSC_ALIGN));
    TRY("str w at +0 of it", p_str_w, V + 7 * page, 0, DABTW(FSC_PERM(3)));
    rt_puts(" exclusives and acquire/release, Normal memory, SCTLR_EL1.A = 0:\n");
    TRY("ldxr x at +4", p_ldxr_x, V + 4, 0, DABT(FSC_ALIGN));
    TRY("ldaxr x at +4", p_ldaxr_x, V + 4, 0, DABT(FSC_ALIGN));
    TRY("ldxr w at +2", p_ldxr_w, V + 2, 0, DABT(FSC_ALIGN));
    TRY("stxr x at +4", p_stxr_x, V + 4, 0, DABTW(FSC_ALIGN));
    TRY("ldar x at +4", p_ldar_x, V + 4, 0, DABT(FSC_ALIGN));
    TRY("stlr x at +4", p_stlr_x, V + 4, 0, DABTW(FSC_ALIGN));
    TRY("ldxr x at +4 of an unmapped page: alignment first", p_ldxr_x, V + 2 * page + 4, 0, DABT(FSC_ALIGN));
    p_clrex(0, 0);
    teardown();
}

static void priorities(void)
{
    rt_printf("%s granule: fault priorities\n", gname());
    build();
    set_desc(leaf(3), leaf_desc(3, (NORMAL & ~D_AF) | D_AP(2)));
    TRY("store, read-only and AF = 0: access flag before permission", p_str_x, V + 8, 0, DABTW(FSC_AF(3)));
    set_desc(leaf(3), leaf_desc(3, NORMAL));
    volatile u64 *d = pt_desc(&t, V, 2, 0);
    u64 saved = *d;
    set_desc(d, 0);
    write_sysreg(read_sysreg(sctlr_el1) | SCTLR_A, sctlr_el1);
    isb();
    TRY("ldr x at +4, SCTLR_EL1.A = 1, invalid at L2: alignment before translation", p_ldr_x, V + 4, 0,
        DABT(FSC_ALIGN));
    write_sysreg(read_sysreg(sctlr_el1) & ~SCTLR_A, sctlr_el1);
    isb();
    TRY("ldr x at +4, SCTLR_EL1.A = 0, invalid at L2", p_ldr_x, V + 4, 0, DABT(FSC_TRANS(2)));
    set_desc(d, saved);
    teardown();
}

static void cache_maintenance(void)
{
    rt_printf("%s granule: cache maintenance by VA\n", gname());
    build();
    TRY("dc civac, mapped", p_dc_civac, V + 0x40, 0, 0);
    TRY("dc civac, unmapped", p_dc_civac, V + 2 * page + 0x40, 0, DABTW(FSC_TRANS(3)) | ESR_CM);
    teardown();
}

static void tests(u64 gshift)
{
    faults_install();
    g = (unsigned)gshift;
    page = 1UL << g;
    translation();
    access_flag();
    permission();
    address_size();
    alignment();
    priorities();
    cache_maintenance();
}

int main(void)
{
    rt_puts("faults: stage-1 MMU faults at every level, 4K and 64K granules\n");
    data_fill();
    for (unsigned gs = 12; gs <= 16; gs += 4) {
        mmu_setup(gs);
        run_high(tests, gs);
        mmu_teardown();
    }
    rt_printf("faults: %u failures\n", (u64)failures);
    return 0;
}
