/*
 * corrupt: a guest with a memory-corruption bug, for the time-travel walkthrough of docs/gdb.md ("who
 * wrote this value?"). It configures a sensor (a name and an alarm limit of 300), then checks readings
 * against the limit. copy_name() bounds the characters it copies but not the terminating NUL: a name of
 * exactly NAME_LEN characters ends one byte past `name`, in the low byte of the neighbouring `limit`,
 * which becomes 256. Readings of 270 and 290, below the configured limit, then raise the alarm.
 *
 * The bug is deterministic (no input, no timer), so the guest prints the same under QEMU and kvmdbg.
 */
#include "rt.h"

#define NAME_LEN 8

/* Kept as written, so a debugger shows each function with its arguments (gcc would otherwise specialise
 * them for their one caller, and tail-call copy_name). */
#ifdef __clang__
#define KEEP __attribute__((noinline))
#else
#define KEEP __attribute__((noipa))
#endif

struct sensor {
    char name[NAME_LEN];    /* NUL-terminated, unless it is NAME_LEN characters long: see copy_name */
    u32 limit;              /* readings above it raise the alarm */
    u32 alarms;             /* how many readings did */
};

struct sensor sensor;

static const u32 readings[] = { 120, 250, 270, 180, 290 };

/* Copies `src` into s->name: at most NAME_LEN characters, then the NUL. */
static KEEP void copy_name(struct sensor *s, const char *src)
{
    unsigned i;
    for (i = 0; i < NAME_LEN && src[i]; i++)
        s->name[i] = src[i];
    s->name[i] = 0;         /* BUG: i == NAME_LEN for an 8-character name: writes s->limit's first byte */
}

static KEEP void configure(const char *name, u32 limit)
{
    sensor.limit = limit;
    copy_name(&sensor, name);
    sensor.alarms = 0;
}

static KEEP void alarm(u32 reading)
{
    sensor.alarms++;
    rt_printf("  ALARM %s: reading %u is over the limit %u\n", sensor.name, reading, sensor.limit);
}

static KEEP void check(u32 reading)
{
    if (reading > sensor.limit)
        alarm(reading);
    else
        rt_printf("  %s: reading %u\n", sensor.name, reading);
}

int main(void)
{
    rt_puts("corrupt: a sensor with an alarm limit of 300\n");
    configure("thermal1", 300);
    for (unsigned i = 0; i < sizeof(readings) / sizeof(readings[0]); i++)
        check(readings[i]);
    rt_printf("corrupt: %u alarms for readings that never reached 300\n", sensor.alarms);
    return 0;
}
