/*
 * hello: the default guest of `kvmdbg run`. It says what it is, checks the state it was started in
 * (EL1, x0 = 0 as QEMU leaves it for a bare ELF, the MMU off), does a little arithmetic, makes one
 * supervisor call through its own vector table, and powers the machine off with PSCI SYSTEM_OFF.
 */
#include "rt.h"

static volatile u64 svc_esr, svc_elr;

static void on_svc(struct rt_frame *f)
{
    svc_esr = f->esr;
    svc_elr = f->pc;        /* SVC's preferred return address is the next instruction */
    f->x[0] = f->x[0] * 2;  /* answer: twice the argument */
}

static NOINLINE u64 fib(unsigned n)
{
    u64 a = 0, b = 1;
    while (n--) { u64 t = a + b; a = b; b = t; }
    return a;
}

static const char *ok(int cond) { return cond ? "[ ok ]" : "[FAIL]"; }

int main(u64 x0_at_entry)
{
    u64 el = (read_sysreg(CurrentEL) >> 2) & 3;
    u64 sctlr = read_sysreg(sctlr_el1);
    u64 sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));

    rt_puts("Hello from a kvmdbg guest: bare-metal AArch64, console on the PL011 at 0x09000000.\n");
    rt_printf("  %s started at EL%u with x0 = %x (no device tree)\n", ok(el == 1 && x0_at_entry == 0),
              el, x0_at_entry);
    rt_printf("  %s MMU off (SCTLR_EL1.M = %u), stack 16-byte aligned\n",
              ok((sctlr & 1) == 0 && (sp & 15) == 0), sctlr & 1);
    u64 f = fib(90);
    rt_printf("  %s fib(90) = %u\n", ok(f == 2880067194370816120UL), f);

    rt_set_handler(EC_SVC64, on_svc);
    register u64 arg __asm__("x0") = 21;
    __asm__ volatile("svc_site: svc #42" : "+r"(arg) : : "memory");
    extern char svc_site[];
    rt_printf("  %s svc #42 through our own vector table: ESR_EL1 = %x, doubled 21 into %u\n",
              ok(svc_esr == 0x5600002aUL && svc_elr == (u64)svc_site + 4 && arg == 42), svc_esr, arg);
    rt_puts("Powering off with PSCI SYSTEM_OFF (hvc #0). Bye.\n");
    return 0;
}
