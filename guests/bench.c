/*
 * bench: CPU benchmarks. bench1 is the tight loop s = (s + i) ^ (s >> 3) for i < BENCH_ITERS (five
 * instructions per iteration with gcc and clang); bench2 is a mixed workload: a bitwise CRC-32 of a
 * pseudo-random buffer, an insertion sort of it and a checksum, repeated BENCH_ROUNDS times.
 * Set the sizes at build time with -DBENCH_ITERS=... / -DBENCH_ROUNDS=...
 */
#include "rt.h"

#ifndef BENCH_ITERS
#define BENCH_ITERS 200000UL
#endif
#ifndef BENCH_ROUNDS
#define BENCH_ROUNDS 4
#endif

static volatile u64 iters = BENCH_ITERS;

static NOINLINE u64 bench1(u64 n)
{
    u64 s = 0;
    for (u64 i = 0; i < n; i++) s = (s + i) ^ (s >> 3);
    return s;
}

static u32 data[256];

static NOINLINE u32 crc32(const u32 *p, unsigned n)
{
    u32 crc = 0xffffffffu;
    for (unsigned i = 0; i < n; i++) {
        u32 w = p[i];
        for (int b = 0; b < 4; b++) {
            crc ^= (w >> (8 * b)) & 0xff;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
        }
    }
    return ~crc;
}

static NOINLINE void sort(u32 *a, unsigned n)
{
    for (unsigned i = 1; i < n; i++) {
        u32 v = a[i];
        unsigned j = i;
        while (j > 0 && a[j - 1] > v) { a[j] = a[j - 1]; j--; }
        a[j] = v;
    }
}

static NOINLINE u64 bench2(unsigned rounds)
{
    u64 acc = 0;
    u32 seed = 12345;
    for (unsigned r = 0; r < rounds; r++) {
        for (unsigned i = 0; i < 256; i++) { seed = seed * 1103515245u + 12345u; data[i] = seed ^ (seed >> 16); }
        u32 before = crc32(data, 256);
        sort(data, 256);
        u32 after = crc32(data, 256);
        acc = acc * 31 + before + ((u64)after << 32) + data[0] + data[255];
    }
    return acc;
}

int main(void)
{
    rt_printf("bench1: s = (s + i) ^ (s >> 3) for i < %u\n", iters);
    rt_printf("bench1: result %X\n", bench1(iters));
    rt_printf("bench2: crc32 + insertion sort of 256 words, %u rounds\n", (u64)BENCH_ROUNDS);
    rt_printf("bench2: result %X\n", bench2(BENCH_ROUNDS));
    return 0;
}
