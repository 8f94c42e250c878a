/*
 * fpmath: scalar and vector maths built without -mgeneral-regs-only, printing checksums of the results'
 * bit patterns, so any difference in rounding, NaN handling or a vector lane shows. main enables
 * SIMD&FP (CPACR_EL1.FPEN = 0b11) before calling anything that uses the FP registers.
 *   matmul   double matrix multiply (fused multiply-add where the compiler contracts)
 *   mandel   one Mandelbrot row in doubles
 *   floats   single precision: sqrt, division, conversions to and from integers and double, rounding
 *   vecint   loops the compiler vectorises: bytes, halfwords and words, saturation, min/max, dot products
 * Sizes: -DFP_N (matrix order), -DFP_W (Mandelbrot width). The data words `reps` (repetitions) and
 * `work` (bit 0: matmul, mandel, floats; bit 1: vecint) are patched in the ELF by npm run bench.
 */
#include "rt.h"

#ifndef FP_N
#define FP_N 16
#endif
#ifndef FP_W
#define FP_W 48
#endif
static volatile u64 reps = 1;
static volatile u64 work = 3;

static u64 seed = 0x9e3779b97f4a7c15UL;
static u64 next(void) { seed = seed * 6364136223846793005UL + 1442695040888963407UL; return seed >> 11; }

static u64 bits_d(double d) { u64 u; memcpy(&u, &d, 8); return u; }
static u32 bits_f(float f) { u32 u; memcpy(&u, &f, 4); return u; }
static u64 mix(u64 h, u64 v) { return (h ^ v) * 0x100000001b3UL + (h >> 29); }

static double A[FP_N][FP_N], B[FP_N][FP_N], C[FP_N][FP_N];

static NOINLINE u64 matmul(void)
{
    for (int i = 0; i < FP_N; i++)
        for (int j = 0; j < FP_N; j++) {
            A[i][j] = (double)(s64)(next() % 2000001 - 1000000) / 1024.0;
            B[i][j] = 1.0 / (double)(1 + (s64)(next() % 1000));
        }
    for (int i = 0; i < FP_N; i++)
        for (int j = 0; j < FP_N; j++) {
            double s = 0.0;
            for (int k = 0; k < FP_N; k++) s += A[i][k] * B[k][j];
            C[i][j] = s;
        }
    u64 h = 0;
    for (int i = 0; i < FP_N; i++)
        for (int j = 0; j < FP_N; j++) h = mix(h, bits_d(C[i][j]));
    return h;
}

static NOINLINE u64 mandel(double y)
{
    u64 h = 0;
    for (int px = 0; px < FP_W; px++) {
        double cx = -2.0 + 2.5 * px / FP_W, zx = 0.0, zy = 0.0;
        int it = 0;
        while (it < 256 && zx * zx + zy * zy < 4.0) {
            double t = zx * zx - zy * zy + cx;
            zy = 2.0 * zx * zy + y;
            zx = t;
            it++;
        }
        h = mix(h, (u64)it);
        h = mix(h, bits_d(zx));
        h = mix(h, bits_d(zy));
    }
    return h;
}

static float fa[64];
static s32 ia[64];

static NOINLINE u64 floats(void)
{
    u64 h = 0;
    for (int i = 0; i < 64; i++) {
        u32 r = (u32)next();
        fa[i] = (float)(s32)r / 65536.0f;
        ia[i] = (s32)(next() >> 20) - 1000;
    }
    for (int i = 0; i < 64; i++) {
        float a = fa[i], b = fa[(i * 7 + 3) & 63];
        float q = a / (b == 0.0f ? 1.0f : b);
        float s = __builtin_sqrtf(a < 0 ? -a : a);
        double d = (double)a * (double)b + 1.0 / 3.0;
        h = mix(h, bits_f(q));
        h = mix(h, bits_f(s));
        h = mix(h, bits_d(d));
        h = mix(h, (u64)(s64)(q * 3.0f));
        h = mix(h, (u64)(u32)(s32)d);
        h = mix(h, bits_f((float)ia[i] * 0.1f));
        h = mix(h, bits_d(__builtin_floor(d)));
        h = mix(h, bits_d(__builtin_ceil(d)));
        h = mix(h, bits_d(__builtin_trunc(d)));
        h = mix(h, bits_f(__builtin_roundf(q)));
        h = mix(h, bits_f((float)d));
        h = mix(h, bits_d(__builtin_fma(d, 3.0, -(double)a)));
        h = mix(h, (u64)(a < b) | ((u64)(a == b) << 1) | ((u64)(d >= 0.5) << 2));
    }
    return h;
}

static u8 b8[256], c8[256];
static u16 h16[256];
static u32 w32[256], v32[256];

static NOINLINE u64 vecint(void)
{
    for (int i = 0; i < 256; i++) {
        u64 r = next();
        b8[i] = (u8)r; c8[i] = (u8)(r >> 8); h16[i] = (u16)(r >> 16); w32[i] = (u32)(r >> 20); v32[i] = (u32)(r >> 7);
    }
    u64 h = 0;
    for (int i = 0; i < 256; i++) { unsigned s = b8[i] + c8[i]; b8[i] = s > 255 ? 255 : (u8)s; }
    for (int i = 0; i < 256; i++) c8[i] = (u8)((c8[i] ^ b8[i]) + (b8[i] >> 3));
    for (int i = 0; i < 256; i++) w32[i] = w32[i] * 3 + v32[i] * (u32)h16[i];
    u32 mx = 0, mn = 0xffffffffu;
    u64 dot = 0;
    for (int i = 0; i < 256; i++) { mx = w32[i] > mx ? w32[i] : mx; mn = w32[i] < mn ? w32[i] : mn; }
    for (int i = 0; i < 256; i++) dot += (u64)h16[i] * (u64)(u16)w32[i];
    for (int i = 0; i < 256; i++) h16[i] = (u16)(h16[i] >> 1) + (u16)(c8[i] << 2);
    for (int i = 0; i < 256; i++) h = mix(h, b8[i] | ((u64)c8[i] << 8) | ((u64)h16[i] << 16) | ((u64)w32[i] << 32));
    return mix(mix(mix(h, mx), mn), dot);
}

static NOINLINE void run(void)
{
    u64 n = reps, w = work;
    for (u64 r = 0; r < n; r++) {
        u64 m = 0, f = 0, v = 0, md = 0;
        if (w & 1) {
            m = matmul(); f = floats();
            for (int row = 0; row < 4; row++) md = mix(md, mandel(-1.0 + 0.5 * row));
        }
        if (w & 2) v = vecint();
        if (r == n - 1) {
            rt_printf("matmul %X\n", m);
            rt_printf("mandel %X\n", md);
            rt_printf("floats %X\n", f);
            rt_printf("vecint %X\n", v);
        }
    }
}

int main(void)
{
    write_sysreg(3UL << 20, cpacr_el1); /* FPEN: no SIMD&FP traps at EL1 and EL0 */
    isb();
    run();
    return 0;
}
