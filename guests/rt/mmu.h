/*
 * Stage-1 translation for kvmdbg's guests (Arm ARM D8, VMSAv8-64 at EL1&0): page-table building for the
 * 4 KiB and 64 KiB granules, the guest's standard address map, running code at either alias of the
 * image, running code at EL0, and recording the synchronous exceptions a probe takes.
 *
 * Physical layout (RAM at 0x4000_0000 on QEMU virt and in kvmdbg): the image at 0x4008_0000, the
 * translation-table pool at PT_POOL and the test pages at DATA_PA, all at fixed addresses so that what
 * the guests print does not depend on the compiler that built them.
 *
 * Standard map (mmu_setup): TTBR0 maps VA = PA (devices below 1 GiB as Device-nGnRnE, RAM as Normal
 * write-back), TTBR1 maps the first 16 MiB of RAM at KVA_RAM (the "kernel" alias, where the guests
 * run while they reconfigure TTBR0) and the PL011 at KVA_UART. Both with T0SZ/T1SZ given by the caller.
 */
#ifndef KVMDBG_GUEST_MMU_H
#define KVMDBG_GUEST_MMU_H

#include "rt.h"

#define RAM_PA      0x40000000UL
#define PT_POOL     0x40400000UL    /* 4 MiB of translation tables */
#define PT_POOL_END 0x40800000UL
#define DATA_PA     0x40800000UL    /* 8 MiB of test pages, DATA_PAGE(n) = DATA_PA + n * 64 KiB */
#define DATA_PAGE(n) (DATA_PA + (u64)(n) * 0x10000UL)
#define UART_PA     0x09000000UL

/* The kernel alias: the top 32 MiB of the TTBR1 range, valid for every T1SZ from 16 to 39. */
#define KVA_RAM     0xfffffffffe000000UL     /* = RAM_PA */
#define KVA_UART    0xffffffffff000000UL     /* = UART_PA */
#define KOFF        (KVA_RAM - RAM_PA)
#define KRAM_SIZE   0x01000000UL

/* Stage-1 descriptor fields (Arm ARM D8.3). */
#define D_VALID     1UL
#define D_TABLE     3UL
#define D_BLOCK     1UL
#define D_PAGE      3UL
#define D_ATTR(i)   ((u64)(i) << 2)
#define D_AP(ap)    ((u64)(ap) << 6)     /* AP[2:1]: 0 EL1 RW, 1 EL1+EL0 RW, 2 EL1 RO, 3 EL1+EL0 RO */
#define D_SH(sh)    ((u64)(sh) << 8)
#define D_AF        (1UL << 10)
#define D_NG        (1UL << 11)
#define D_PXN       (1UL << 53)
#define D_UXN       (1UL << 54)
#define T_PXN       (1UL << 59)          /* PXNTable */
#define T_UXN       (1UL << 60)          /* UXNTable */
#define T_AP(ap)    ((u64)(ap) << 61)    /* APTable */

/* MAIR_EL1 attribute indexes of the guests (mmu_setup programs MAIR_EL1 with these). */
#define MT_DEV_nGnRnE 0   /* 0x00 */
#define MT_DEV_nGnRE  1   /* 0x04 */
#define MT_DEV_GRE    2   /* 0x0c */
#define MT_NC         3   /* 0x44 Normal Non-cacheable */
#define MT_WB         4   /* 0xff Normal write-back, read/write-allocate */
#define MT_WT         5   /* 0xbb Normal write-through, read/write-allocate */
#define MT_DEV_nGRE   6   /* 0x08 */
#define MT_WB_ONC     7   /* 0x4f inner write-back, outer Non-cacheable */
#define MAIR_VALUE  0x4f08bbff440c0400UL

/* Leaf attributes of ordinary memory: Normal WB, inner shareable, accessed, EL1 RW. */
#define NORMAL      (D_ATTR(MT_WB) | D_SH(3) | D_AF)
#define DEVICE      (D_ATTR(MT_DEV_nGnRnE) | D_AF | D_PXN | D_UXN)

/* TCR_EL1 fields (Arm ARM D19.2). */
#define TCR_T0SZ(n)   ((u64)(n))
#define TCR_EPD0      (1UL << 7)
#define TCR_WALK0     ((1UL << 8) | (1UL << 10) | (3UL << 12))  /* IRGN0 = ORGN0 = WB WA, SH0 = inner */
#define TCR_TG0_4K    (0UL << 14)
#define TCR_TG0_64K   (1UL << 14)
#define TCR_T1SZ(n)   ((u64)(n) << 16)
#define TCR_A1        (1UL << 22)
#define TCR_EPD1      (1UL << 23)
#define TCR_WALK1     ((1UL << 24) | (1UL << 26) | (3UL << 28))
#define TCR_TG1_4K    (2UL << 30)
#define TCR_TG1_64K   (3UL << 30)
#define TCR_IPS(n)    ((u64)(n) << 32)    /* 0: 32 bits, 1: 36, 2: 40, 3: 42, 4: 44, 5: 48 */
#define TCR_AS        (1UL << 36)
#define TCR_TBI0      (1UL << 37)
#define TCR_TBI1      (1UL << 38)

#define SCTLR_M   (1UL << 0)
#define SCTLR_A   (1UL << 1)
#define SCTLR_C   (1UL << 2)
#define SCTLR_SA  (1UL << 3)
#define SCTLR_I   (1UL << 12)
#define SCTLR_WXN (1UL << 19)

/* Exception classes and fault status codes (Arm ARM D19.2.45, ESR_EL1). */
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define FSC_ADDR(l)  (0x00 + (l))
#define FSC_TRANS(l) (0x04 + (l))
#define FSC_AF(l)    (0x08 + (l))
#define FSC_PERM(l)  (0x0c + (l))
#define FSC_ALIGN    0x21
#define ESR_IL      (1UL << 25)
#define ESR_CM      (1UL << 8)
#define ESR_WNR     (1UL << 6)
#define ESR_ABT(ec, fsc) (((u64)(ec) << 26) | ESR_IL | (u64)(fsc))

#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define tlbi(op) __asm__ volatile("tlbi " #op ::: "memory")
#define tlbi_x(op, v) __asm__ volatile("tlbi " #op ", %0" : : "r"((u64)(v)) : "memory")

/* One translation-table tree: granule 4 KiB (gshift 12) or 64 KiB (16), input size 64 - txsz. */
struct pt {
    unsigned gshift, txsz;
    int start;          /* initial lookup level */
    u64 root;           /* physical address of the initial table */
};

/* Offset from a physical address to where the running code reaches it: 0 with the MMU off or while
 * running at the identity alias, KOFF while running at the kernel alias. */
extern u64 phys_off;
#define PHYS(pa) ((volatile u64 *)((u64)(pa) + phys_off))

/* First lookup level and the shift of a level's index, for granule shift g and input size `bits`. */
int pt_start_level(unsigned gshift, unsigned txsz);
unsigned pt_shift(unsigned gshift, int level);
/* A new tree (the table pool is shared; pt_pool_mark/pt_pool_release free what a test allocated). */
void pt_init(struct pt *t, unsigned gshift, unsigned txsz);
u64 pt_pool_mark(void);
void pt_pool_release(u64 mark);
/* The descriptor of `va` at `level`, creating table descriptors (with the extra bits `tbits`) above it. */
volatile u64 *pt_desc(struct pt *t, u64 va, int level, u64 tbits);
/* Map [va, va + size) to pa with leaf descriptors at `level` (block or page) carrying `attrs`. */
void pt_map(struct pt *t, u64 va, u64 pa, u64 size, int level, u64 attrs);
/* Map with the largest leaves the alignment allows. */
void pt_map_auto(struct pt *t, u64 va, u64 pa, u64 size, u64 attrs);

/* The standard configuration. */
struct mmu_std {
    unsigned gshift;
    struct pt ident, kern;      /* TTBR0 identity, TTBR1 kernel alias */
    u64 tcr, pool_mark;         /* pool_mark: what the standard tables use */
};
extern struct mmu_std std;
/* With the MMU off at the identity alias: build the standard tables, program MAIR/TCR/TTBRs, turn
 * the MMU (and caches) on. T0SZ and T1SZ of the standard map are 16 and 25. */
void mmu_setup(unsigned gshift);
/* Back to the MMU off (call at the identity alias with the standard TTBR0). */
void mmu_teardown(void);
/* Restore the standard TCR/TTBR0/TTBR1 and invalidate the TLB. */
void mmu_restore(void);
u64 tcr_granule(unsigned gshift);   /* TG0 | TG1 for the granule */

/* Run fn(arg) at the kernel alias (from the identity alias) or at the identity alias (from the
 * kernel alias): stack, VBAR_EL1, phys_off and the PL011 address follow. */
void run_high(void (*fn)(u64), u64 arg);
void run_low(void (*fn)(u64), u64 arg);

/* What the last probe saw. */
struct seen {
    u64 count;          /* exceptions taken */
    u64 esr, far, elr;
    u64 spsr;
    unsigned kind;      /* vector index */
};
extern volatile struct seen seen;
/* Route data/instruction aborts, alignment and other synchronous exceptions at EL1 (and all
 * synchronous exceptions from EL0) to the recorder. Data aborts resume after the instruction,
 * instruction aborts at the link register. Call it at the alias the code runs at. */
void faults_install(void);
void seen_clear(void);

/* Probes (probe.S): one instruction and a return, in their own 64 KiB-aligned section so that EL0
 * can be given that page alone. They take the address in x0 and a value to store in x1. */
typedef u64 (*probe_fn)(u64 va, u64 v);
extern char probe_page[];
u64 p_ldr_x(u64, u64);  u64 p_ldr_w(u64, u64);  u64 p_ldrh(u64, u64);  u64 p_ldrb(u64, u64);
u64 p_str_x(u64, u64);  u64 p_str_w(u64, u64);  u64 p_strh(u64, u64);  u64 p_strb(u64, u64);
u64 p_ldp_x(u64, u64);  u64 p_stp_x(u64, u64);   /* ldp returns the sum of the pair; stp stores v, ~v */
u64 p_ldtr_x(u64, u64); u64 p_sttr_x(u64, u64);
u64 p_ldxr_x(u64, u64); u64 p_ldxr_w(u64, u64); u64 p_ldaxr_x(u64, u64);
u64 p_ldar_x(u64, u64); u64 p_stlr_x(u64, u64);
u64 p_stxr_x(u64, u64); u64 p_stlxr_x(u64, u64); /* return the status (0 = stored) */
u64 p_dc_zva(u64, u64); u64 p_dc_civac(u64, u64); u64 p_clrex(u64, u64);
u64 p_at_s1e1r(u64, u64); u64 p_at_s1e1w(u64, u64); u64 p_at_s1e0r(u64, u64); u64 p_at_s1e0w(u64, u64);
u64 p_ret(u64, u64);        /* returns x0 + 1: the code instruction-fetch probes branch to */
u64 p_el0_exit(u64, u64);   /* svc #0: how EL0 code hands back */
u64 wxn_try(u64 target, u64 el0, u64 exit_va, volatile u64 *out);   /* see probe.S */
/* Where `sym` of the probe page is when the page is mapped at `base`. */
#define PROBE_AT(base, sym) ((u64)(base) + ((u64)(sym) - (u64)probe_page))
/* Call fn (an address of the probe page as EL0 sees it) at EL0 with x0 = arg, x1 = v, x30 = lr and
 * SP_EL0 = sp0; returns x0 at the SVC of lr (p_el0_exit), or ~0 when EL0 took another exception
 * (recorded in `seen`). */
u64 el0_call(u64 fn, u64 arg, u64 lr, u64 sp0, u64 v);
/* The SPSR_EL1 el0_call enters EL0 with (0x3c0: EL0t, D A I F masked). */
extern u64 el0_spsr;

/* Probe and judge: run the probe, print one line "  what: <exception or none> ok|FAIL" judged
 * against expect_esr (0: no exception) with FAR = va and ELR = the probe instruction. */
extern unsigned failures;
u64 try_el1(const char *what, probe_fn p, const char *pname, u64 va, u64 v, u64 expect_esr);
#define TRY(what, probe, va, v, esr) try_el1(what, probe, #probe, va, v, esr)
/* The same with FAR expected somewhere else than va. */
u64 try_el1_far(const char *what, probe_fn p, const char *pname, u64 va, u64 v, u64 expect_esr, u64 far);
#define TRYF(what, probe, va, v, esr, far) try_el1_far(what, probe, #probe, va, v, esr, far)
/* The same at EL0, with the probe page mapped for EL0 at `base` (see el0_setup). */
u64 try_el0(const char *what, u64 base, probe_fn p, const char *pname, u64 va, u64 v, u64 expect_esr);
#define TRY0(what, base, probe, va, v, esr) try_el0(what, base, probe, #probe, va, v, esr)
/* Instruction fetch at EL1: branch to va (expected to hold p_ret when it does not fault). */
u64 try_fetch(const char *what, u64 va, u64 expect_esr);
/* Instruction fetch at EL0: ERET to va, which returns to exit_va (p_el0_exit as EL0 sees it). */
u64 try_fetch_el0(const char *what, u64 va, u64 exit_va, u64 expect_esr);
/* Print "  what: PAR_EL1=<par> ok|FAIL" against the expected value; par_result prints from ": ". */
void check_par(const char *what, u64 par, u64 expect);
void par_result(u64 par, u64 expect);
/* Print the exception `seen` (or "no exception") against the expectation; returns 1 if as expected. */
int judge(u64 expect_esr, u64 expect_far, const char *site, u64 site_addr);

/* Printing helpers. */
const char *fsc_name(unsigned fsc);
void print_esr(u64 esr);

#endif
