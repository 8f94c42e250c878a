/*
 * kvmdbg guest runtime (see rt.h).
 * PL011 UART (ARM DDI 0183): data register at +0x00, flag register at +0x18 with TXFF (transmit FIFO
 * full) in bit 5. PSCI (ARM DEN 0022) SYSTEM_OFF is function 0x84000008, called with `hvc #0` because
 * QEMU's virt machine without EL2 advertises the hvc conduit.
 */
#include "rt.h"
#include <stdarg.h>

#define UART_DR   (*(volatile u32 *)(rt_uart_base + 0x00))
#define UART_FR   (*(volatile u32 *)(rt_uart_base + 0x18))
#define UART_FR_TXFF (1u << 5)

u64 rt_uart_base = 0x09000000UL;

#define PSCI_SYSTEM_OFF 0x84000008UL

static rt_handler handlers[64];
static rt_handler vector_handlers[16];

void rt_set_handler(unsigned ec, rt_handler h) { handlers[ec & 63] = h; }
void rt_set_vector_handler(unsigned kind, rt_handler h) { vector_handlers[kind & 15] = h; }

void rt_putc(char c)
{
    while (UART_FR & UART_FR_TXFF) { }
    UART_DR = (u32)(u8)c;
}

void rt_puts(const char *s)
{
    while (*s) rt_putc(*s++);
}

static void put_u64(u64 v, unsigned base, int width)
{
    char buf[24];
    int n = 0;
    do {
        unsigned d = (unsigned)(v % base);
        buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    while (n < width) buf[n++] = '0';
    while (n) rt_putc(buf[--n]);
}

void rt_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') { rt_putc(*fmt); continue; }
        switch (*++fmt) {
        case 's': rt_puts(va_arg(ap, const char *)); break;
        case 'c': rt_putc((char)va_arg(ap, int)); break;
        case 'u': put_u64(va_arg(ap, u64), 10, 1); break;
        case 'd': {
            s64 v = va_arg(ap, s64);
            if (v < 0) { rt_putc('-'); put_u64(-(u64)v, 10, 1); } else put_u64((u64)v, 10, 1);
            break;
        }
        case 'x': rt_puts("0x"); put_u64(va_arg(ap, u64), 16, 1); break;
        case 'X': rt_puts("0x"); put_u64(va_arg(ap, u64), 16, 16); break;
        case '%': rt_putc('%'); break;
        case 0: fmt--; break;
        default: rt_putc('?'); break;
        }
    }
    va_end(ap);
}

void rt_poweroff(void)
{
    register u64 x0 __asm__("x0") = PSCI_SYSTEM_OFF;
    __asm__ volatile("hvc #0" : "+r"(x0) : : "memory");
    for (;;) __asm__ volatile("wfi");
}

/* Names inline (no pointers), so they print whichever alias of the image the code runs at. */
static const char kind_names[16][16] = {
    "sync/SP_EL0", "irq/SP_EL0", "fiq/SP_EL0", "serror/SP_EL0",
    "sync/SP_ELx", "irq/SP_ELx", "fiq/SP_ELx", "serror/SP_ELx",
    "sync/lower64", "irq/lower64", "fiq/lower64", "serror/lower64",
    "sync/lower32", "irq/lower32", "fiq/lower32", "serror/lower32",
};

/* Called from start.S with the saved frame and the vector index (0..15). */
void rt_exception(struct rt_frame *f, u64 kind)
{
    unsigned ec = (unsigned)ESR_EC(f->esr);
    if (vector_handlers[kind & 15]) {
        vector_handlers[kind & 15](f);
        return;
    }
    if (kind == 4 && handlers[ec]) {
        handlers[ec](f);
        return;
    }
    rt_printf("UNEXPECTED exception %s ESR_EL1=%X ELR_EL1=%X FAR_EL1=%X\n",
              kind_names[kind & 15], f->esr, f->pc, f->far);
    rt_puts("FAIL\n");
    rt_poweroff();
}

/* Byte loops through volatile pointers, so the compiler cannot turn them back into calls to themselves. */
void *memset(void *d, int c, unsigned long n)
{
    volatile u8 *p = d;
    while (n--) *p++ = (u8)c;
    return d;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
    volatile u8 *p = d;
    const volatile u8 *q = s;
    while (n--) *p++ = *q++;
    return d;
}
