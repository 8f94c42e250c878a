/*
 * brk: a guest that uses BRK itself, the way an OS uses it for assertions and traps, and handles it
 * in its own vector: `brk #1` prints the character in x0, `brk #2` adds x1 to x0, `brk #3` is a
 * "soft assertion" that counts. The handler reads the immediate from ESR_EL1.ISS and skips the BRK.
 * Its output must not change when a debugger that also uses BRK (software breakpoints) attaches:
 * BRKs that are not the debugger's own have to be re-delivered to the guest.
 */
#include "rt.h"

static volatile u64 brk_count, asserts;

static void on_brk(struct rt_frame *f)
{
    u64 imm = f->esr & 0xffff;
    brk_count++;
    switch (imm) {
    case 1: rt_putc((char)f->x[0]); break;
    case 2: f->x[0] += f->x[1]; break;
    case 3: asserts++; break;
    default: rt_printf("[unknown brk #%x]", imm); break;
    }
    f->pc += 4;
}

static NOINLINE void brk_putc(char c)
{
    register u64 x0 __asm__("x0") = (u8)c;
    __asm__ volatile("brk #1" : : "r"(x0) : "memory");
}

static NOINLINE u64 brk_add(u64 a, u64 b)
{
    register u64 x0 __asm__("x0") = a;
    register u64 x1 __asm__("x1") = b;
    __asm__ volatile("brk #2" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

int main(void)
{
    rt_set_handler(EC_BRK64, on_brk);
    const char *msg = "brk: this line is printed one BRK #1 at a time\n";
    while (*msg) brk_putc(*msg++);
    u64 sum = 0;
    for (u64 i = 1; i <= 10; i++) sum = brk_add(sum, i * i);
    rt_printf("brk: sum of squares 1..10 through BRK #2 = %u\n", sum);
    for (int i = 0; i < 5; i++) __asm__ volatile("brk #3" ::: "memory");
    __asm__ volatile("brk #0x99" ::: "memory");
    rt_printf("\nbrk: %u soft assertions, %u BRKs handled in all %s\n", asserts, brk_count,
              sum == 385 && asserts == 5 ? "PASS" : "FAIL");
    return 0;
}
