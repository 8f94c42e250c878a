/** `kvmdbg run` argument validation: every bad input is a usage error (status 2) whose message names it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../main.ts';

const HELLO = fileURLToPath(new URL('../../../guests/bin/hello-gcc-O2.elf', import.meta.url));
const EMPTY = join(mkdtempSync(join(tmpdir(), 'kvmdbg-run-')), 'empty.bin');
writeFileSync(EMPTY, '');

async function run(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await main(['run', ...args], { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { status, out, err };
}

test('kvmdbg run --help lists every option with its default and the exit statuses', async () => {
  const r = await run('--help');
  assert.equal(r.status, 0);
  for (const opt of ['--kernel FILE', '--initrd FILE', '--append TEXT', '--dtb FILE', '--bios FILE', '--smp N', '--gic v2|v3',
    '--seed N', '--host-kernel 5.10|6.1', 'default 6.1', '--host-endian le|be', 'default le', '--memory SIZE', 'default 128M',
    '--trace-exits', '--exit-log FILE', '--max-insns N', '--timeout S', '--guest-debug CONTROL', '--break ADDR|SYMBOL',
    '--hbreak ADDR|SYMBOL', '--symbols FILE', '--watch ADDR|SYMBOL[:LEN][:r|w|rw]', '--step N', '--stats', '-v, --verbose', 'exit status',
    '--idle wait|skip']) {
    assert.ok(r.out.includes(opt), `help mentions ${opt}`);
  }
});

const CASES: [string[], RegExp][] = [
  [['--host-kernel', '4.19'], /--host-kernel must be 5\.10 or 6\.1, not '4\.19'/],
  [['--kernel', '6.1'], /--kernel takes the guest kernel file now; the Linux version the KVM model behaves like is --host-kernel 6\.1/],
  [['--kernel', '5.10'], /--host-kernel 5\.10/],
  [['--kernel', HELLO], /give the guest once/],
  [['--smp', '9', '--gic', 'v2'], /--smp 9: a GICv2 on the virt board serves at most 8 CPUs; use --gic v3/],
  [['--smp', '124', '--gic', 'v3'], /--smp 124: a GICv3 on the virt board serves at most 123 CPUs/],
  [['--smp', '124'], /--smp 124: a GICv3 on the virt board serves at most 123 CPUs/],
  [['--smp', '0'], /--smp 0 is out of range/],
  [['--gic', 'v4'], /--gic must be v2 or v3, not 'v4'/],
  [['--seed', 'x'], /--seed 'x' must be a number from 0 to 2\^64-1/],
  [['--seed', '0x10000000000000000'], /--seed/],
  [['--initrd', '/dev/null'], /--initrd needs a Linux Image, and '.*hello-gcc-O2\.elf' is an ELF file/],
  [['--append', 'quiet'], /--append needs a Linux Image/],
  [['--bios', '/dev/null'], /--bios runs firmware from flash and cannot be combined with a guest kernel/],
  [['--host-endian', 'middle'], /--host-endian must be le or be/],
  [['--memory', '3G'], /memory size '3G' is out of range/],
  [['--memory', 'lots'], /bad memory size 'lots'/],
  [['--max-insns', '0'], /--max-insns 0 is out of range/],
  [['--max-insns', '1e3'], /--max-insns '1e3' is not a number/],
  [['--timeout=-1'], /--timeout '-1' must be a positive number/],
  [['--timeout', '0'], /--timeout '0' must be a positive number/],
  [['--timeout', 'soon'], /--timeout 'soon'/],
  [['--step', 'x'], /--step 'x' is not a number/],
  [['--idle', 'nap'], /--idle must be wait or skip, not 'nap'/],
  [['--guest-debug', '0x100000000'], /--guest-debug 0x100000000 is out of range/],
  // the kernel refuses control bits outside KVM_GUESTDBG_VALID_MASK (0x30003) with EINVAL
  [['--guest-debug', '0xffffffff'], /--guest-debug 0xffffffff: KVM_SET_GUEST_DEBUG with control 0xffffffff failed: EINVAL/],
  [['--gdb', '0', '--step', '3'], /--step .* with --gdb/],
  [['--break', 'no_such_function'], /unknown symbol 'no_such_function'/],
  [['--break', '0x40080002'], /--break 0x40080002: 0x40080002 is not 4-byte aligned/],
  [['--break', '0x1000'], /--break 0x1000: no instruction to replace at 0x1000: guest-physical 0x1000 is not in guest RAM/],
  [['--break', '0xffff800008000000'], /no instruction to replace at 0xffff800008000000: .*the MMU is off.*use --hbreak/],
  [['--hbreak', 'main+2'], /is not 4-byte aligned/],
  [['--watch', 'svc_esr:0'], /watch length 0 .* out of range 1\.\.2\^31/],
  [['--watch', 'svc_esr:2147483649'], /out of range 1\.\.2\^31/],
  [['--watch', 'svc_esr:8:x'], /bad watch kind 'x'/],
  [['--watch', 'svc_esr:8:r:w'], /bad watch spec/],
  [['--watch', 'nosuch:8'], /unknown symbol 'nosuch'/],
  [['--watch', '0x40090006:40'], /not enough free watchpoint registers for 40 bytes .*KVM_CAP_GUEST_DEBUG_HW_WPS/],
  [['--bogus'], /Unknown option '--bogus'/],
  [['a.elf', 'b.elf'], /one guest ELF at most/],
  [['--exit-log', '/nonexistent-dir/x.jsonl'], /cannot write --exit-log .*ENOENT/],
];

for (const [args, message] of CASES) {
  test(`kvmdbg run ${args.join(' ')}: usage error (status 2)`, async () => {
    const r = await run(...(args.includes('a.elf') ? args : [HELLO, ...args]));
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, message);
    assert.equal(r.out, '', 'the guest did not run');
  });
}

const NO_GUEST_CASES: [string[], RegExp][] = [
  [['--bios', '/nonexistent/u-boot.bin'], /cannot read firmware '\/nonexistent\/u-boot\.bin': ENOENT/],
  [['--bios', EMPTY], /--bios: the firmware file is empty/],
  [['--bios', '/dev/zero'], /firmware \/dev\/zero is not a regular file \(a character device\)/],
  [['--initrd', '/dev/null'], /--initrd needs a Linux Image given with --kernel/],
  [['--kernel', fileURLToPath(new URL('../../../package.json', import.meta.url))], /not an arm64 Linux Image \(no "ARM\\x64" magic at offset 0x38\) and not an ELF file/],
  [['--kernel', HELLO.replace('hello-gcc-O2.elf', 'nope.img')], /cannot read guest '.*nope\.img': ENOENT/],
];

for (const [args, message] of NO_GUEST_CASES) {
  test(`kvmdbg run ${args.join(' ')}: usage error (status 2)`, async () => {
    const r = await run(...args);
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, message);
    assert.equal(r.out, '', 'the guest did not run');
  });
}

test('more hardware breakpoints than KVM_CAP_GUEST_DEBUG_HW_BPS offers is a usage error naming the limit', async () => {
  const args = Array.from({ length: 17 }, (_, i) => ['--hbreak', `0x${(0x4008_0000 + 4 * i).toString(16)}`]).flat();
  const r = await run(HELLO, ...args);
  assert.equal(r.status, 2);
  assert.match(r.err, /no free hardware breakpoint \(the kernel offers \d+, KVM_CAP_GUEST_DEBUG_HW_BPS\)/);
});

const TIMER = fileURLToPath(new URL('../../../guests/bin/timer-gcc-O2.elf', import.meta.url));

/** A terminal on stdin that types nothing. */
const quietTerminal = { isTTY: true, on() {}, off() {}, resume() {}, pause() {} } as unknown as NodeJS.ReadStream;

test('kvmdbg run --idle: at a terminal the timer guest returns to the VMM at each of its deadlines to wait for it in wall time, piped it skips them; the output and instruction count are the same', async () => {
  const runWith = async (stdin: NodeJS.ReadStream | undefined, ...args: string[]): Promise<{ status: number; out: string; err: string }> => {
    let out = '', err = '';
    const status = await main(['run', TIMER, '--stats', ...args], { out: (t) => { out += t; }, err: (t) => { err += t; }, stdin });
    return { status, out, err };
  };
  const tty = await runWith(quietTerminal);
  const piped = await runWith(undefined);
  const forced = await runWith(undefined, '--idle', 'wait');
  const skipped = await runWith(quietTerminal, '--idle', 'skip');
  for (const r of [tty, piped, forced, skipped]) assert.equal(r.status, 0, r.err);
  // each of the 14 deadlines the guest sleeps to comes back as an EINTR the VMM waits at (how long, and so
  // whether --stats counts a wait, is the wall clock's: a deadline already passed is not waited for)
  for (const r of [tty, forced]) assert.match(r.err, /KVM_RUN returns \(.*INTR 14[,)]/);
  for (const r of [piped, skipped]) assert.doesNotMatch(r.err, /INTR|idle: waited/);
  assert.match(piped.out, /timer: 0 failures/);
  for (const r of [tty, forced, skipped]) assert.equal(r.out, piped.out);
  const insns = (r: { err: string }): string | undefined => /(\d+) guest instructions/.exec(r.err)?.[1];
  assert.equal(insns(tty), insns(piped));
});
