/*
 * The test pages of the MMU guests: DATA_PAGE(n) (64 KiB apart, mmu.h) starts with pattern(n) and
 * its complement, so a load tells which physical page a translation reached.
 */
#ifndef KVMDBG_GUEST_DATA_H
#define KVMDBG_GUEST_DATA_H

#include "mmu.h"

#define DATA_PAGES 128

static inline u64 pattern(unsigned n) { return 0xda7a0000UL + n; }

/* Write every page's pattern (through phys_off). */
static inline void data_fill(void)
{
    for (unsigned n = 0; n < DATA_PAGES; n++) {
        PHYS(DATA_PAGE(n))[0] = pattern(n);
        PHYS(DATA_PAGE(n))[1] = ~pattern(n);
    }
}

/* Which page a pattern came from, or -1. */
static inline int page_of(u64 v)
{
    return v >= pattern(0) && v < pattern(DATA_PAGES) ? (int)(v - pattern(0)) : -1;
}

/* Invalidate all stage-1 TLB entries of the EL1&0 regime after a table change. */
static inline void tlb_sync(void)
{
    dsb(ishst);
    tlbi(vmalle1);
    dsb(ish);
    isb();
}

/* PAR_EL1 after a successful AT: ATTR, PA, SH, and bits 11 (IMPLEMENTATION DEFINED, 1 on this core)
 * and 9 (NS: the output is Non-secure). */
#define PAR_OK(pa, attr, sh) (((u64)(attr) << 56) | ((u64)(pa) & 0xfffffffff000UL) | 0x800UL | 0x200UL | ((u64)(sh) << 7))
/* PAR_EL1 after a failed AT: F, FST (the fault status code), bit 11. PTW and S are 0 (stage 1). */
#define PAR_FAULT(fsc) (0x801UL | ((u64)(fsc) << 1))

#endif
