/*
 * insns: exercises every A64 integer instruction class a freestanding compiler emits, and some it
 * rarely does (through inline assembly), over a table of corner-case inputs read through volatile
 * memory so nothing folds at compile time. Each class prints how many results it folded and an
 * order-sensitive checksum of them (results of flag-setting forms include NZCV). The same program built by
 * gcc and clang at any optimisation level prints the same lines; kvmdbg must print what QEMU prints.
 * Every access is naturally aligned: with the MMU off, data memory is Device memory, where an unaligned
 * access takes an Alignment fault (Arm ARM B2.5.2); QEMU 7.2 does not check that, kvmdbg does.
 */
#include "rt.h"

static volatile u64 inputs[] = {
    0, 1, 31, 32, 63, 64, 0x7f, 0x80, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
    0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x123456789abcdef0, 0xdeadbeefcafef00d,
};
#define NIN (sizeof(inputs) / sizeof(inputs[0]))
/* Second operands: the values where shifts, divisions, carries and overflows change behaviour. */
static volatile u64 inputs2[] = {
    0, 1, 63, 64, 0x80000000, 0x8000000000000000, 0xffffffffffffffff, 0xdeadbeefcafef00d,
};
#define NIN2 (sizeof(inputs2) / sizeof(inputs2[0]))

static u64 hash, count;

/* Folds one result into the running checksum (a multiply-xorshift mix; order-sensitive). */
static void mix(u64 v)
{
    hash = (hash ^ v) * 0x100000001b3UL;
    hash ^= hash >> 29;
    count++;
}

static void begin(void) { hash = 0xcbf29ce484222325UL; count = 0; }
static void report(const char *cls) { rt_printf("%s: %u results, checksum %X\n", cls, count, hash); }

typedef u64 (*binop)(u64, u64);

/* r = INSN(a, b) */
#define OP(name, text) \
    static NOINLINE u64 name(u64 a, u64 b) { u64 r; __asm__ volatile(text : "=&r"(r) : "r"(a), "r"(b) : "x9", "cc"); return r; }
/* r = INSN(a, b), plus the NZCV it leaves */
#define OPF(name, text) OP(name, text "\n\tmrs x9, nzcv\n\teor %0, %0, x9, lsl #4")
/* with the carry flag preset from (a < b) by a compare first */
#define OPC(name, text) OPF(name, "cmp %1, %2\n\t" text)

static void run_ops(const binop *ops, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        for (unsigned i = 0; i < NIN; i++)
            for (unsigned j = 0; j < NIN2; j++)
                mix(ops[k](inputs[i], inputs2[j]));
}
#define RUN(cls, table) do { begin(); run_ops(table, sizeof(table) / sizeof(table[0])); report(cls); } while (0)

/* ---- add/sub: immediate, shifted register, extended register, with carry ---- */
OP(add_imm, "add %0, %1, #0xabc")
OP(add_imm12, "add %0, %1, #0x7b, lsl #12")
OPF(adds_imm, "adds %0, %1, #1")
OPF(subs_imm, "subs %0, %1, #0xfff")
OPF(subs_imm_w, "subs %w0, %w1, #1")
OPF(cmn_imm, "cmn %1, #1\n\tmov %0, #0")
OP(add_lsl, "add %0, %1, %2, lsl #3")
OP(add_lsr, "add %0, %1, %2, lsr #17")
OP(add_asr, "add %0, %1, %2, asr #63")
OPF(adds_reg, "adds %0, %1, %2")
OPF(adds_reg_w, "adds %w0, %w1, %w2")
OPF(subs_reg, "subs %0, %1, %2")
OPF(subs_reg_w, "subs %w0, %w1, %w2, asr #5")
OP(sub_reg_w, "sub %w0, %w1, %w2, lsl #31")
OP(neg_reg, "neg %0, %2, lsr #1")
OPF(negs_reg, "negs %w0, %w2")
OP(add_uxtb, "add %0, %1, %w2, uxtb #1")
OP(add_uxth, "add %0, %1, %w2, uxth #4")
OP(add_uxtw, "add %0, %1, %w2, uxtw #2")
OP(add_sxtb, "add %0, %1, %w2, sxtb")
OP(add_sxth, "add %0, %1, %w2, sxth #3")
OP(add_sxtw, "add %0, %1, %w2, sxtw #1")
OP(add_sxtx, "add %0, %1, %2, sxtx #4")
OPF(subs_uxtw, "subs %0, %1, %w2, uxtw")
OPF(subs_sxtb_w, "subs %w0, %w1, %w2, sxtb #2")
OP(add_sp_ext, "mov x9, sp\n\tmov sp, %1\n\tadd %0, sp, %w2, uxtw #1\n\tmov sp, x9")
OPC(adc_x, "adc %0, %1, %2")
OPC(adcs_x, "adcs %0, %1, %2")
OPC(adcs_w, "adcs %w0, %w1, %w2")
OPC(sbc_x, "sbc %0, %1, %2")
OPC(sbcs_x, "sbcs %0, %1, %2")
OPC(sbcs_w, "sbcs %w0, %w1, %w2")
OPC(ngcs_x, "ngcs %0, %2")
static const binop arith_ops[] = {
    add_imm, add_imm12, adds_imm, subs_imm, subs_imm_w, cmn_imm, add_lsl, add_lsr, add_asr, adds_reg,
    adds_reg_w, subs_reg, subs_reg_w, sub_reg_w, neg_reg, negs_reg, add_uxtb, add_uxth, add_uxtw,
    add_sxtb, add_sxth, add_sxtw, add_sxtx, subs_uxtw, subs_sxtb_w, add_sp_ext, adc_x, adcs_x, adcs_w,
    sbc_x, sbcs_x, sbcs_w, ngcs_x,
};

/* ---- logical: shifted register (incl. ROR), immediates (bitmask patterns), NOT forms ---- */
OP(and_reg, "and %0, %1, %2")
OP(orr_ror, "orr %0, %1, %2, ror #13")
OP(eor_lsl_w, "eor %w0, %w1, %w2, lsl #7")
OP(bic_asr, "bic %0, %1, %2, asr #2")
OP(orn_w, "orn %w0, %w1, %w2, ror #31")
OP(eon_reg, "eon %0, %1, %2, lsr #9")
OPF(ands_reg, "ands %0, %1, %2")
OPF(ands_w, "ands %w0, %w1, %w2, ror #4")
OPF(bics_reg, "bics %0, %1, %2, lsl #1")
OPF(tst_imm, "tst %1, #0x8000000000000000\n\tmov %0, #1")
OP(and_imm1, "and %0, %1, #0x00ff00ff00ff00ff")
OP(orr_imm2, "orr %0, %1, #0xaaaaaaaaaaaaaaaa")
OP(eor_imm3, "eor %0, %1, #0x7ffffffffffffffe")
OP(and_imm_w, "and %w0, %w1, #0x3c3c3c3c")
OPF(ands_imm_w, "ands %w0, %w1, #0x80000001")
OP(orr_imm_w, "orr %w0, %w1, #0xfffe")
OP(mvn_w, "mvn %w0, %w1")
OP(mov_bitmask, "mov %0, #0x0f0f0f0f0f0f0f0f\n\teor %0, %0, %1")
static const binop logic_ops[] = {
    and_reg, orr_ror, eor_lsl_w, bic_asr, orn_w, eon_reg, ands_reg, ands_w, bics_reg, tst_imm,
    and_imm1, orr_imm2, eor_imm3, and_imm_w, ands_imm_w, orr_imm_w, mvn_w, mov_bitmask,
};

/* ---- shifts by register and immediate, move wide ---- */
OP(lslv_x, "lsl %0, %1, %2")
OP(lsrv_x, "lsr %0, %1, %2")
OP(asrv_x, "asr %0, %1, %2")
OP(rorv_x, "ror %0, %1, %2")
OP(lslv_w, "lsl %w0, %w1, %w2")
OP(lsrv_w, "lsr %w0, %w1, %w2")
OP(asrv_w, "asr %w0, %w1, %w2")
OP(rorv_w, "ror %w0, %w1, %w2")
OP(lsl_imm, "lsl %0, %1, #60")
OP(lsr_imm_w, "lsr %w0, %w1, #31")
OP(asr_imm_w, "asr %w0, %w1, #7")
OP(ror_imm, "ror %0, %1, #1")
OP(movk_ops, "mov %0, %1\n\tmovk %0, #0xbeef, lsl #16\n\tmovk %0, #0x1234, lsl #48")
OP(movz_movn, "movz %0, #0x1234, lsl #32\n\tmovn x9, #0x5678, lsl #16\n\teor %0, %0, x9\n\tmovn w9, #7\n\tadd %0, %0, x9\n\teor %0, %0, %1")
static const binop shift_ops[] = {
    lslv_x, lsrv_x, asrv_x, rorv_x, lslv_w, lsrv_w, asrv_w, rorv_w, lsl_imm, lsr_imm_w, asr_imm_w,
    ror_imm, movk_ops, movz_movn,
};

/* ---- bitfield and extract ---- */
OP(sbfx_x, "sbfx %0, %1, #7, #9")
OP(ubfx_x, "ubfx %0, %1, #33, #30")
OP(sbfx_w, "sbfx %w0, %w1, #28, #4")
OP(ubfiz_x, "ubfiz %0, %1, #40, #20")
OP(sbfiz_w, "sbfiz %w0, %w1, #3, #12")
OP(bfi_x, "mov %0, %2\n\tbfi %0, %1, #12, #24")
OP(bfxil_w, "mov %0, %2\n\tbfxil %w0, %w1, #5, #27")
OP(bfm_wrap, "mov %0, %2\n\tbfm %0, %1, #60, #3")
OP(sbfm_wrap, "sbfm %0, %1, #62, #1")
OP(ubfm_w_wrap, "ubfm %w0, %w1, #30, #2")
OP(sxtb_x, "sxtb %0, %w1")
OP(sxth_w, "sxth %w0, %w1")
OP(sxtw_x, "sxtw %0, %w1")
OP(uxtb_w, "uxtb %w0, %w1")
OP(uxth_w, "uxth %w0, %w1")
OP(extr_x, "extr %0, %1, %2, #23")
OP(extr_w, "extr %w0, %w1, %w2, #31")
OP(extr_0, "extr %0, %1, %2, #0")
static const binop bitfield_ops[] = {
    sbfx_x, ubfx_x, sbfx_w, ubfiz_x, sbfiz_w, bfi_x, bfxil_w, bfm_wrap, sbfm_wrap, ubfm_w_wrap,
    sxtb_x, sxth_w, sxtw_x, uxtb_w, uxth_w, extr_x, extr_w, extr_0,
};

/* ---- conditional select and compare, over all conditions ---- */
#define CSEL_ALL(name, insn) \
    static NOINLINE u64 name(u64 a, u64 b) { \
        u64 r = 0, t; \
        __asm__ volatile("cmp %2, %3\n\t" insn " %1, %2, %3, eq\n\teor %0, %0, %1, ror #1\n\t" \
            insn " %1, %2, %3, ne\n\teor %0, %0, %1, ror #2\n\t" insn " %1, %2, %3, hs\n\teor %0, %0, %1, ror #3\n\t" \
            insn " %1, %2, %3, lo\n\teor %0, %0, %1, ror #4\n\t" insn " %1, %2, %3, mi\n\teor %0, %0, %1, ror #5\n\t" \
            insn " %1, %2, %3, pl\n\teor %0, %0, %1, ror #6\n\t" insn " %1, %2, %3, vs\n\teor %0, %0, %1, ror #7\n\t" \
            insn " %1, %2, %3, vc\n\teor %0, %0, %1, ror #8\n\t" insn " %1, %2, %3, hi\n\teor %0, %0, %1, ror #9\n\t" \
            insn " %1, %2, %3, ls\n\teor %0, %0, %1, ror #10\n\t" insn " %1, %2, %3, ge\n\teor %0, %0, %1, ror #11\n\t" \
            insn " %1, %2, %3, lt\n\teor %0, %0, %1, ror #12\n\t" insn " %1, %2, %3, gt\n\teor %0, %0, %1, ror #13\n\t" \
            insn " %1, %2, %3, le\n\teor %0, %0, %1, ror #14\n\t" insn " %1, %2, %3, al\n\teor %0, %0, %1, ror #15\n\t" \
            insn " %1, %2, %3, nv\n\teor %0, %0, %1, ror #16" \
            : "+&r"(r), "=&r"(t) : "r"(a), "r"(b) : "cc"); \
        return r; }
CSEL_ALL(csel_all, "csel")
CSEL_ALL(csinc_all, "csinc")
CSEL_ALL(csinv_all, "csinv")
CSEL_ALL(csneg_all, "csneg")
OP(cset_forms, "cmp %w1, %w2\n\tcset %w0, gt\n\tcsetm x9, hi\n\tadd %0, %0, x9, lsl #1\n\tcinc x9, %1, lt\n\tadd %0, %0, x9\n\tcneg x9, %2, vs\n\teor %0, %0, x9\n\tcinv w9, %w1, ls\n\tadd %0, %0, x9")
OPF(ccmp_reg, "cmp %1, #64\n\tccmp %1, %2, #0b1010, lo\n\tcset %0, ge")
OPF(ccmp_imm_w, "cmp %w1, %w2\n\tccmp %w2, #31, #0b0101, ne\n\tcset %0, mi")
OPF(ccmn_reg, "tst %1, #1\n\tccmn %1, %2, #0b0011, eq\n\tcset %0, vs")
OPF(ccmn_imm, "cmp %2, %1\n\tccmn %1, #5, #0b1111, gt\n\tcset %0, hi")
static const binop csel_ops[] = {
    csel_all, csinc_all, csinv_all, csneg_all, cset_forms, ccmp_reg, ccmp_imm_w, ccmn_reg, ccmn_imm,
};

/* ---- multiply and divide ---- */
OP(mul_x, "mul %0, %1, %2")
OP(mul_w, "mul %w0, %w1, %w2")
OP(madd_x, "madd %0, %1, %2, %1")
OP(msub_w, "msub %w0, %w1, %w2, %w2")
OP(mneg_x, "mneg %0, %1, %2")
OP(smull_x, "smull %0, %w1, %w2")
OP(umull_x, "umull %0, %w1, %w2")
OP(smaddl_x, "smaddl %0, %w1, %w2, %2")
OP(umsubl_x, "umsubl %0, %w1, %w2, %1")
OP(smnegl_x, "smnegl %0, %w1, %w2")
OP(smulh_x, "smulh %0, %1, %2")
OP(umulh_x, "umulh %0, %1, %2")
OP(udiv_x, "udiv %0, %1, %2")
OP(sdiv_x, "sdiv %0, %1, %2")
OP(udiv_w, "udiv %w0, %w1, %w2")
OP(sdiv_w, "sdiv %w0, %w1, %w2")
static NOINLINE u64 c_divmod(u64 a, u64 b) { return b ? a / b + a % b : a; }
static NOINLINE u64 c_sdivmod(u64 a, u64 b)
{
    s64 x = (s64)a, y = (s64)b;
    if (y == 0 || (y == -1 && x == (s64)0x8000000000000000UL)) return a;
    return (u64)(x / y) ^ (u64)(x % y);
}
static NOINLINE u64 c_mul128(u64 a, u64 b) { unsigned __int128 p = (unsigned __int128)a * b; return (u64)p ^ (u64)(p >> 64); }
static const binop muldiv_ops[] = {
    mul_x, mul_w, madd_x, msub_w, mneg_x, smull_x, umull_x, smaddl_x, umsubl_x, smnegl_x, smulh_x,
    umulh_x, udiv_x, sdiv_x, udiv_w, sdiv_w, c_divmod, c_sdivmod, c_mul128,
};

/* ---- count/reverse ---- */
OP(clz_x, "clz %0, %1")
OP(clz_w, "clz %w0, %w1")
OP(cls_x, "cls %0, %1")
OP(cls_w, "cls %w0, %w1")
OP(rbit_x, "rbit %0, %1")
OP(rbit_w, "rbit %w0, %w1")
OP(rev_x, "rev %0, %1")
OP(rev_w, "rev %w0, %w1")
OP(rev16_x, "rev16 %0, %1")
OP(rev16_w, "rev16 %w0, %w1")
OP(rev32_x, "rev32 %0, %1")
static NOINLINE u64 c_ctz(u64 a, u64 b) { (void)b; return a ? (u64)__builtin_ctzl(a) : 64; }
static NOINLINE u64 c_bswap(u64 a, u64 b) { return __builtin_bswap64(a) ^ __builtin_bswap32((u32)b); }
static const binop bits_ops[] = {
    clz_x, clz_w, cls_x, cls_w, rbit_x, rbit_w, rev_x, rev_w, rev16_x, rev16_w, rev32_x, c_ctz, c_bswap,
};

/* ---- loads and stores: every addressing form, sizes and sign extensions ---- */
static u64 buf[32] __attribute__((aligned(16)));

static NOINLINE void loadstore(u64 a, u64 b)
{
    u8 *p = (u8 *)buf;
    u64 r0, r1, r2, q;
    for (int i = 0; i < 32; i++) buf[i] = a * (u64)(i + 1) ^ b;
    __asm__ volatile(
        "ldrb %w0, [%3, #7]\n\tldrsb %1, [%3, #15]\n\tldrsb %w2, [%3, #23]\n\t"
        : "=&r"(r0), "=&r"(r1), "=&r"(r2) : "r"(p) : "memory");
    mix(r0); mix(r1); mix(r2);
    __asm__ volatile(
        "ldrh %w0, [%3, #6]\n\tldrsh %1, [%3, #14]\n\tldrsh %w2, [%3, #30]\n\t"
        : "=&r"(r0), "=&r"(r1), "=&r"(r2) : "r"(p) : "memory");
    mix(r0); mix(r1); mix(r2);
    __asm__ volatile(
        "ldr %w0, [%3, #4]\n\tldrsw %1, [%3, #12]\n\tldr %2, [%3, #248]\n\t"
        : "=&r"(r0), "=&r"(r1), "=&r"(r2) : "r"(p) : "memory");
    mix(r0); mix(r1); mix(r2);
    /* unscaled offsets, negative offsets */
    q = (u64)(p + 64);
    __asm__ volatile(
        "ldur %0, [%3, #-8]\n\tldursw %1, [%3, #-4]\n\tldurh %w2, [%3, #-2]\n\t"
        "stur %1, [%3, #-16]\n\tsturh %w0, [%3, #-18]\n\tsturb %w0, [%3, #-19]\n\t"
        : "=&r"(r0), "=&r"(r1), "=&r"(r2) : "r"(q) : "memory");
    mix(r0); mix(r1); mix(r2);
    /* pre- and post-index write-back */
    q = (u64)p;
    __asm__ volatile(
        "ldr %0, [%2, #16]!\n\tldr %1, [%2], #8\n\tstr %0, [%2, #8]!\n\tstrb %w1, [%2], #-3\n\t"
        "ldrh %w1, [%2, #-1]!\n\tstrh %w0, [%2, #-2]!\n\t"
        : "=&r"(r0), "=&r"(r1), "+r"(q) : : "memory");
    mix(r0); mix(r1); mix(q - (u64)p);
    /* register offsets with extends and shifts */
    u64 idx = 3;
    s64 neg = -2;
    __asm__ volatile(
        "ldr %0, [%3, %4, lsl #3]\n\tldr %w1, [%3, %w4, uxtw #2]\n\tldrh %w2, [%3, %w4, uxtw #1]\n\t"
        : "=&r"(r0), "=&r"(r1), "=&r"(r2) : "r"(p + 64), "r"(idx) : "memory");
    mix(r0); mix(r1); mix(r2);
    __asm__ volatile(
        "ldr %0, [%3, %w4, sxtw #3]\n\tldrsb %1, [%3, %4, sxtx]\n\tstr %0, [%3, %4, lsl #3]\n\tldrb %w2, [%3, %4]\n\t"
        : "=&r"(r0), "=&r"(r1), "=&r"(r2) : "r"(p + 64), "r"(neg) : "memory");
    mix(r0); mix(r1); mix(r2);
    /* pairs: signed offset, pre/post index, 32-bit, sign-extending, non-temporal */
    q = (u64)p;
    __asm__ volatile(
        "ldp %0, %1, [%3, #16]\n\tstp %1, %0, [%3, #32]!\n\tldp %w0, %w1, [%3, #-8]\n\tstp %w1, %w0, [%3], #-16\n\t"
        "ldpsw %0, %2, [%3, #40]\n\tldnp %1, %2, [%3, #64]\n\tstnp %0, %1, [%3, #80]\n\t"
        : "=&r"(r0), "=&r"(r1), "=&r"(r2), "+r"(q) : : "memory");
    mix(r0); mix(r1); mix(r2); mix(q - (u64)p);
    /* literal loads */
    __asm__ volatile(
        "ldr %0, 1f\n\tldrsw %1, 2f\n\tldr %w2, 2f\n\tb 3f\n\t.balign 8\n1:\t.quad 0x0123456789abcdef\n2:\t.word 0x87654321\n\t.word 0\n3:\n\t"
        : "=&r"(r0), "=&r"(r1), "=&r"(r2));
    mix(r0); mix(r1); mix(r2);
    for (int i = 0; i < 32; i++) mix(buf[i]);
}

/* ---- exclusives, acquire/release ---- */
static NOINLINE void exclusive(u64 a, u64 b)
{
    u64 old, st, st2, r1, r2;
    buf[0] = a; buf[1] = b;
    __asm__ volatile(
        "ldxr %0, [%4]\n\tadd %0, %0, #1\n\tstxr %w1, %0, [%4]\n\t"
        "ldaxr %w0, [%4]\n\tstlxr %w2, %w0, [%4, #0]\n\t"
        : "=&r"(old), "=&r"(st), "=&r"(st2), "=&r"(r1) : "r"(buf) : "memory");
    mix(old); mix(st); mix(st2); mix(buf[0]);
    /* a store-exclusive without a matching load-exclusive must fail (status 1) after CLREX */
    __asm__ volatile("ldxr %0, [%2]\n\tclrex\n\tstxr %w1, %0, [%2]\n\t" : "=&r"(old), "=&r"(st) : "r"(buf + 1) : "memory");
    mix(st); mix(buf[1]);
    __asm__ volatile(
        "ldxrb %w0, [%4]\n\tstxrb %w1, %w0, [%4]\n\tldaxrh %w2, [%4]\n\tstlxrh %w3, %w2, [%4]\n\t"
        : "=&r"(old), "=&r"(st), "=&r"(r1), "=&r"(st2) : "r"(buf + 2) : "memory");
    mix(old); mix(st); mix(r1); mix(st2);
    __asm__ volatile(
        "ldxp %0, %1, [%4]\n\tstxp %w2, %1, %0, [%4]\n\tldaxp %w0, %w1, [%4]\n\tstlxp %w3, %w0, %w1, [%4]\n\t"
        : "=&r"(r1), "=&r"(r2), "=&r"(st), "=&r"(st2) : "r"(buf) : "memory");
    mix(r1); mix(r2); mix(st); mix(st2); mix(buf[0]); mix(buf[1]);
    __asm__ volatile(
        "stlr %2, [%3]\n\tldar %0, [%3]\n\tstlrb %w2, [%4]\n\tldarb %w1, [%4]\n\tadd %0, %0, %1\n\t"
        "stlrh %w2, [%4]\n\tldarh %w1, [%4]\n\tadd %0, %0, %1\n\tstlr %w2, [%4]\n\tldar %w1, [%4]\n\t"
        "dmb ish\n\tdsb sy\n\tisb\n\t"
        : "=&r"(r1), "=&r"(r2) : "r"(a ^ b), "r"(buf + 4), "r"(buf + 5) : "memory");
    mix(r1); mix(r2); mix(buf[4]); mix(buf[5]);
}

/* ---- branches ---- */
#define TAKEN(cond, bit) "b." cond " 1f\n\torr %0, %0, #" #bit "\n1:\n\t"
static NOINLINE u64 bcond_all(u64 a, u64 b)
{
    u64 r = 0;
    __asm__ volatile("cmp %1, %2\n\t"
        TAKEN("eq", 0x1) TAKEN("ne", 0x2) TAKEN("hs", 0x4) TAKEN("lo", 0x8) TAKEN("mi", 0x10)
        TAKEN("pl", 0x20) TAKEN("vs", 0x40) TAKEN("vc", 0x80) TAKEN("hi", 0x100) TAKEN("ls", 0x200)
        TAKEN("ge", 0x400) TAKEN("lt", 0x800) TAKEN("gt", 0x1000) TAKEN("le", 0x2000) TAKEN("al", 0x4000)
        "cmn %w1, %w2\n\t"
        TAKEN("eq", 0x10000) TAKEN("hs", 0x20000) TAKEN("mi", 0x40000) TAKEN("vs", 0x80000)
        TAKEN("hi", 0x100000) TAKEN("ge", 0x200000) TAKEN("gt", 0x400000)
        : "+&r"(r) : "r"(a), "r"(b));
    return r;
}
static NOINLINE u64 cb_tb(u64 a, u64 b)
{
    u64 r = 0;
    __asm__ volatile(
        "cbz %1, 1f\n\torr %0, %0, #1\n1:\tcbnz %w1, 1f\n\torr %0, %0, #2\n1:\t"
        "tbz %1, #63, 1f\n\torr %0, %0, #4\n1:\ttbnz %1, #0, 1f\n\torr %0, %0, #8\n1:\t"
        "tbz %w2, #31, 1f\n\torr %0, %0, #16\n1:\ttbnz %2, #32, 1f\n\torr %0, %0, #32\n1:\t"
        "cbnz %2, 1f\n\torr %0, %0, #64\n1:\t"
        : "+&r"(r) : "r"(a), "r"(b));
    return r;
}
static NOINLINE u64 f_add(u64 a, u64 b) { return a + b; }
static NOINLINE u64 f_sub(u64 a, u64 b) { return a - b; }
static NOINLINE u64 f_xor(u64 a, u64 b) { return a ^ b; }
static binop volatile indirect[3] = { f_add, f_sub, f_xor };
static NOINLINE u64 calls(u64 a, u64 b)
{
    u64 r = 0;
    for (int i = 0; i < 3; i++) r = r * 31 + indirect[i](a, b);   /* blr */
    u64 t;
    __asm__ volatile("adr x9, 1f\n\tbr x9\n\tmov %0, #1\n1:\tmov %0, #2\n\tbl 2f\n\tb 3f\n2:\tadd %0, %0, #5\n\tret\n3:\n\t"
                     : "=&r"(t) : : "x9", "x30");
    return r + t;
}
static NOINLINE u64 jumptable(u64 a, u64 b)
{
    switch ((a ^ b) % 9) {
    case 0: return a + 1;
    case 1: return b * 3;
    case 2: return a - b;
    case 3: return a << 1;
    case 4: return b >> 2;
    case 5: return ~a;
    case 6: return a | b;
    case 7: return a & 0xf0f0;
    default: return 42;
    }
}
static NOINLINE u64 rec(u64 n) { return n < 2 ? n : rec(n - 1) + rec(n - 2); }
static NOINLINE u64 recursion(u64 a, u64 b) { return rec((a + b) % 16); }
static const binop branch_ops[] = { bcond_all, cb_tb, calls, jumptable, recursion };

/* ---- flag corner cases: the V and C flags at the boundaries, 32 and 64 bit ---- */
static NOINLINE u64 nzcv_after(u64 a, u64 b, int which)
{
    u64 f;
    switch (which) {
    case 0: __asm__ volatile("adds xzr, %1, %2\n\tmrs %0, nzcv" : "=r"(f) : "r"(a), "r"(b)); break;
    case 1: __asm__ volatile("subs xzr, %1, %2\n\tmrs %0, nzcv" : "=r"(f) : "r"(a), "r"(b)); break;
    case 2: __asm__ volatile("adds wzr, %w1, %w2\n\tmrs %0, nzcv" : "=r"(f) : "r"(a), "r"(b)); break;
    case 3: __asm__ volatile("subs wzr, %w1, %w2\n\tmrs %0, nzcv" : "=r"(f) : "r"(a), "r"(b)); break;
    case 4: __asm__ volatile("msr nzcv, xzr\n\tcmp xzr, xzr\n\tadcs xzr, %1, %2\n\tmrs %0, nzcv" : "=r"(f) : "r"(a), "r"(b)); break;
    default: __asm__ volatile("mov x9, #0x20000000\n\tmsr nzcv, x9\n\tsbcs wzr, %w1, %w2\n\tmrs %0, nzcv" : "=r"(f) : "r"(a), "r"(b) : "x9"); break;
    }
    return f >> 28;
}

static void flags_table(void)
{
    static const char *const names[] = { "adds x", "subs x", "adds w", "subs w", "adcs x C=1", "sbcs w C=1" };
    static const u64 pairs[][2] = {
        { 0x7fffffffffffffff, 1 }, { 0x8000000000000000, 1 }, { 0xffffffffffffffff, 1 }, { 0, 0 },
        { 0x7fffffff, 1 }, { 0x80000000, 0xffffffff }, { 0, 1 }, { 0x8000000000000000, 0x8000000000000000 },
    };
    begin();
    for (int w = 0; w < 6; w++) {
        rt_printf("  %s:", names[w]);
        for (unsigned i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
            u64 f = nzcv_after(inputs[0] + pairs[i][0], inputs[0] + pairs[i][1], w);
            mix(f);
            rt_printf(" %c%c%c%c", f & 8 ? 'N' : '-', f & 4 ? 'Z' : '-', f & 2 ? 'C' : '-', f & 1 ? 'V' : '-');
        }
        rt_puts("\n");
    }
    for (unsigned i = 0; i < NIN; i++)
        for (unsigned j = 0; j < NIN2; j++)
            for (int w = 0; w < 6; w++) mix(nzcv_after(inputs[i], inputs2[j], w));
    report("flags");
}

/* ---- PC-relative addressing: values relative to the code so they do not depend on the link address ---- */
extern char adr_anchor[];
static void pcrel(void)
{
    u64 adr_fwd, adr_back, page, here, lr;
    __asm__ volatile(
        "adr_anchor:\n\tadr %0, 1f\n\tadr %1, adr_anchor\n\tadrp %2, adr_anchor\n\tbl 1f\n1:\tmov %4, x30\n\tadr %3, 1b\n\t"
        : "=&r"(adr_fwd), "=&r"(adr_back), "=&r"(page), "=&r"(here), "=&r"(lr) : : "x30");
    u64 base = (u64)adr_anchor;
    rt_printf("pcrel: adr +%u, adr back %d, adrp page offset %u, bl link +%u, adr to label +%u\n",
              adr_fwd - base, (s64)(adr_back - base), base - page, lr - base, here - base);
    rt_printf("pcrel: adrp page aligned %s\n", (page & 0xfff) == 0 && page == (base & ~0xfffUL) ? "yes" : "NO");
}

int main(void)
{
    rt_puts("insns: A64 integer instruction classes, checksummed over corner-case inputs\n");
    RUN("arith", arith_ops);
    RUN("logic", logic_ops);
    RUN("shift/move", shift_ops);
    RUN("bitfield", bitfield_ops);
    RUN("csel/ccmp", csel_ops);
    RUN("mul/div", muldiv_ops);
    RUN("clz/rbit/rev", bits_ops);
    RUN("branch", branch_ops);
    begin();
    for (unsigned i = 0; i < NIN; i += 3)
        for (unsigned j = 0; j < NIN; j += 5) loadstore(inputs[i], inputs[j]);
    report("load/store");
    begin();
    for (unsigned i = 0; i < NIN; i += 2) exclusive(inputs[i], inputs[NIN - 1 - i]);
    report("exclusive/acq-rel");
    flags_table();
    pcrel();
    rt_puts("insns: done\n");
    return 0;
}
