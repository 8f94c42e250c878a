/*
 * exceptions: takes its own synchronous exceptions through VBAR_EL1 and prints the syndrome each
 * handler saw: SVC (ESR EC 0x15, ELR after the SVC), BRK (EC 0x3c, ELR at the BRK, skipped by the
 * handler), an undefined instruction (UDF, EC 0x00, skipped), a system register that does not exist
 * (EC 0x00), and an indirect branch to a misaligned PC (EC 0x22, FAR = ELR = the bad PC; the handler
 * returns to the link register). Addresses are printed relative to labels in the code.
 */
#include "rt.h"

static volatile u64 seen_esr, seen_elr, seen_far, seen_count, seen_imm;

static void record(struct rt_frame *f)
{
    seen_esr = f->esr;
    seen_elr = f->pc;
    seen_far = f->far;
    seen_count++;
}

static void on_svc(struct rt_frame *f) { record(f); seen_imm = f->esr & 0xffff; f->x[0] += 1000; }
static void on_brk(struct rt_frame *f) { record(f); seen_imm = f->esr & 0xffff; f->pc += 4; }
static void on_undef(struct rt_frame *f) { record(f); f->pc += 4; }
static void on_pc_align(struct rt_frame *f) { record(f); f->pc = f->x[30]; }

static void show(const char *what, const char *label, u64 site, u64 expect_esr, s64 expect_elr_off)
{
    s64 off = (s64)(seen_elr - site);
    int pass = seen_esr == expect_esr && off == expect_elr_off;
    rt_printf("%s: ESR_EL1=%X (EC %x) ELR_EL1=%s%c%u %s\n", what, seen_esr, seen_esr >> 26, label,
              off < 0 ? '-' : '+', (u64)(off < 0 ? -off : off), pass ? "PASS" : "FAIL");
}

extern char svc_site[], brk_site[], udf_site[], sysreg_site[], misaligned_site[];

int main(void)
{
    rt_puts("exceptions: synchronous exceptions taken to our own EL1 vectors\n");
    rt_set_handler(EC_SVC64, on_svc);
    rt_set_handler(EC_BRK64, on_brk);
    rt_set_handler(EC_UNKNOWN, on_undef);
    rt_set_handler(0x22, on_pc_align);

    register u64 x0 __asm__("x0") = 7;
    __asm__ volatile("svc_site: svc #0x123" : "+r"(x0) : : "memory");
    u64 after = x0;
    show("svc #0x123", "svc_site", (u64)svc_site, 0x56000123, 4);
    rt_printf("  imm16 %x, x0 after return %u (the handler added 1000)\n", seen_imm, after);

    __asm__ volatile("brk_site: brk #0x77" : : : "memory");
    show("brk #0x77", "brk_site", (u64)brk_site, 0xf2000077, 0);
    rt_printf("  imm16 %x, execution continued after the brk\n", seen_imm);

    __asm__ volatile("udf_site: udf #0x1234" : : : "memory");
    show("udf #0x1234", "udf_site", (u64)udf_site, 0x02000000, 0);

    u64 v = 0x5a5a;
    __asm__ volatile("sysreg_site: mrs %0, s3_1_c15_c15_7" : "+r"(v) : : "memory");
    show("mrs of an unallocated system register", "sysreg_site", (u64)sysreg_site, 0x02000000, 0);
    rt_printf("  destination register untouched: %x\n", v);

    __asm__ volatile("adr x1, 1f\n\torr x1, x1, #2\nmisaligned_site: blr x1\n1:\n\t" : : : "x1", "x30", "memory");
    show("blr to a misaligned PC", "misaligned_site", (u64)misaligned_site, 0x8a000000, 6);
    rt_printf("  FAR_EL1 = ELR_EL1: %s\n", seen_far == seen_elr ? "yes" : "no");

    rt_printf("exceptions: %u taken\n", seen_count);
    return 0;
}
