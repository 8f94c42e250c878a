/*
 * kvmdbg guest runtime: PL011 console, PSCI power-off, system-register access and EL1 exception
 * dispatch by exception class. Freestanding: no libc, general-purpose registers only.
 */
#ifndef KVMDBG_GUEST_RT_H
#define KVMDBG_GUEST_RT_H

typedef unsigned long u64;
typedef long s64;
typedef unsigned int u32;
typedef int s32;
typedef unsigned short u16;
typedef short s16;
typedef unsigned char u8;
typedef signed char s8;

#define NOINLINE __attribute__((noinline))
#define STR_(x) #x
#define STR(x) STR_(x)

/* One saved register frame, built by the vectors in start.S. */
struct rt_frame {
    u64 x[31];
    u64 pc;      /* ELR_EL1: where ERET returns */
    u64 pstate;  /* SPSR_EL1: the PSTATE ERET restores */
    u64 esr;     /* ESR_EL1 at entry */
    u64 far;     /* FAR_EL1 at entry */
};

/* Exception classes (ESR_ELx.EC, Arm ARM D24.2.45) the guests handle. */
#define EC_UNKNOWN     0x00
#define EC_SVC64       0x15
#define EC_BREAKPT_CUR 0x31
#define EC_SOFTSTP_CUR 0x33
#define EC_WATCHPT_CUR 0x35
#define EC_BRK64       0x3c

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)

/* SPSR bits (Arm ARM C5.2.18). */
#define SPSR_D  (1UL << 9)
#define SPSR_SS (1UL << 21)

typedef void (*rt_handler)(struct rt_frame *f);
/* Route synchronous exceptions of class `ec` taken from EL1 (SP_EL1) to `h` (0 removes it). */
void rt_set_handler(unsigned ec, rt_handler h);
/* Route every exception taken through vector `kind` (0..15, the order of start.S) to `h` instead
 * (0 removes it): lower-EL exceptions and interrupts. */
void rt_set_vector_handler(unsigned kind, rt_handler h);

/* Where the PL011 is (its physical address until a guest maps it elsewhere). */
extern u64 rt_uart_base;

void rt_putc(char c);
void rt_puts(const char *s);
/* A tiny printf: %s %c %d %u (64-bit), %x (64-bit, shortest), %X (64-bit, 16 digits), %% . */
void rt_printf(const char *fmt, ...);
void rt_poweroff(void) __attribute__((noreturn));

void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);

#define read_sysreg(r) ({ u64 v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define write_sysreg(v, r) do { u64 v_ = (u64)(v); __asm__ volatile("msr " #r ", %0" : : "r"(v_)); } while (0)
#define isb() __asm__ volatile("isb" ::: "memory")

#endif
