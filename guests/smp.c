/*
 * Two CPUs through PSCI (ARM DEN 0022): the boot CPU asks for the PSCI version and features, finds the
 * second CPU off (AFFINITY_INFO), starts it with CPU_ON (entry point and context id), sees it on once it
 * runs (CPU_ON again: ALREADY_ON; AFFINITY_INFO: ON), and hands it turns
 * through shared memory: the second CPU prints its MPIDR_EL1 and context id, computes a sum of squares
 * and powers itself off with CPU_OFF; the boot CPU waits for AFFINITY_INFO to say OFF, starts it a second
 * time with another context id, then powers the machine off. Every line comes from one CPU while the
 * other waits, so the output is the same under any interleaving. Needs 2 CPUs (QEMU: -smp 2).
 */
#include "rt.h"

#define PSCI_VERSION        0x84000000UL
#define PSCI_CPU_OFF        0x84000002UL
#define PSCI_CPU_ON64       0xc4000003UL
#define PSCI_AFFINITY_INFO  0xc4000004UL
#define PSCI_MIGRATE_INFO   0x84000006UL
#define PSCI_FEATURES       0x8400000aUL

static s64 psci(u64 fn, u64 a1, u64 a2, u64 a3)
{
    register u64 x0 __asm__("x0") = fn;
    register u64 x1 __asm__("x1") = a1;
    register u64 x2 __asm__("x2") = a2;
    register u64 x3 __asm__("x3") = a3;
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return (s64)x0;
}

/* Whose turn it is to print: 0 the boot CPU, 1 the second CPU. */
static volatile u64 turn;
static volatile u64 result;
/* Set by the second CPU as soon as it runs. */
static volatile u64 alive;
u8 secondary_stack[4096] __attribute__((aligned(16)));

void secondary_main(u64 context);

/* The second CPU starts here at EL1h with x0 = the context id, MMU off, no stack. */
__asm__(
    "    .text\n"
    "    .global secondary_entry\n"
    "secondary_entry:\n"
    "    adr     x1, rt_vectors\n"
    "    msr     vbar_el1, x1\n"
    "    isb\n"
    "    adrp    x1, secondary_stack + 4096\n"
    "    add     x1, x1, :lo12:secondary_stack + 4096\n"
    "    mov     sp, x1\n"
    "    bl      secondary_main\n"
    "1:  b       1b\n");
extern char secondary_entry[];

void secondary_main(u64 context)
{
    alive = 1;
    while (turn != 1) { }
    rt_printf("cpu1: MPIDR_EL1 %x, context id %x\n", read_sysreg(mpidr_el1), context);
    u64 s = 0;
    for (u64 i = 1; i <= 1000 + (context & 0xff); i++) s += i * i;
    result = s;
    turn = 0;
    s64 r = psci(PSCI_CPU_OFF, 0, 0, 0);
    rt_printf("cpu1: CPU_OFF returned %d\n", r);
    for (;;) { }
}

static void run_second(u64 context)
{
    alive = 0;
    s64 on = psci(PSCI_CPU_ON64, 1, (u64)secondary_entry, context);
    rt_printf("cpu0: CPU_ON(1) = %d\n", on);
    while (!alive) { }
    rt_printf("cpu0: cpu1 runs; CPU_ON(1) again = %d, AFFINITY_INFO(1) = %d\n",
              psci(PSCI_CPU_ON64, 1, (u64)secondary_entry, context), psci(PSCI_AFFINITY_INFO, 1, 0, 0));
    turn = 1;
    while (turn != 0) { }
    rt_printf("cpu0: cpu1 computed %u\n", result);
    u64 polls = 0;
    while (psci(PSCI_AFFINITY_INFO, 1, 0, 0) != 1) polls++;
    rt_printf("cpu0: cpu1 is off again (AFFINITY_INFO = 1)\n");
}

int main(void)
{
    rt_printf("cpu0: MPIDR_EL1 %x\n", read_sysreg(mpidr_el1));
    rt_printf("cpu0: PSCI_VERSION %x\n", psci(PSCI_VERSION, 0, 0, 0));
    rt_printf("cpu0: FEATURES(CPU_ON) = %d, FEATURES(0x84000005) = %d\n",
              psci(PSCI_FEATURES, PSCI_CPU_ON64, 0, 0), psci(PSCI_FEATURES, 0x84000005UL, 0, 0));
    rt_printf("cpu0: MIGRATE_INFO_TYPE = %d\n", psci(PSCI_MIGRATE_INFO, 0, 0, 0));
    rt_printf("cpu0: AFFINITY_INFO(0) = %d, (1) = %d, (2) = %d\n",
              psci(PSCI_AFFINITY_INFO, 0, 0, 0), psci(PSCI_AFFINITY_INFO, 1, 0, 0), psci(PSCI_AFFINITY_INFO, 2, 0, 0));
    rt_printf("cpu0: CPU_ON(2) = %d\n", psci(PSCI_CPU_ON64, 2, (u64)secondary_entry, 0));
    run_second(0x5eed0001);
    run_second(0x5eed0042);
    rt_puts("cpu0: powering off\n");
    return 0;
}
