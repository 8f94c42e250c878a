/*
 * The guest the gdb system tests debug, on kvmdbg and on qemu-system-aarch64 alike. Small functions
 * with symbols and line info for break/hbreak/finish/bt; a global `counter` for watch/rwatch/awatch;
 * `spin_enabled` (set by a test through gdb) makes main spin so a SIGINT to gdb has something to stop.
 */
typedef unsigned long u64;

#define UART_DR ((volatile unsigned int *)0x09000000)
#define NOINLINE __attribute__((noinline))

volatile u64 counter;
volatile u64 spin_enabled;
volatile u64 spins;

static void puts_uart(const char *s)
{
    while (*s) *UART_DR = (unsigned int)*s++;
}

NOINLINE void bump(u64 x)
{
    counter = counter + x;
}

NOINLINE u64 twice(u64 x)
{
    return x * 2;
}

NOINLINE u64 leaf_sum(u64 n)
{
    u64 s = 0;
    for (u64 i = 1; i <= n; i++) s += twice(i);
    return s;
}

int main(void)
{
    puts_uart("gdb guest\n");
    for (u64 i = 1; i <= 4; i++) bump(i);
    u64 r = leaf_sum(counter);
    counter = r;
    while (spin_enabled) spins++;
    puts_uart("bye\n");
    return 0;
}
