/**
 * Where gdb stops going back, kvmdbg against QEMU's own record/replay as the behavioural reference: the
 * gdb test guest (test/system/gdb-guest: main calls bump(1..4), each adding its argument to `counter`) is
 * recorded by qemu-system-aarch64 (`-icount shift=auto,rr=record,rrfile=F,rrsnapshot=init`), then replayed
 * (`rr=replay`) under its gdbstub, and the same gdb-multiarch script runs against the replay and against
 * kvmdbg: reverse-continue to the previous breakpoint hit, reverse-stepi, stepi, a watchpoint forward, then
 * reverse-continue with the watchpoint to each earlier write and to the start.
 *
 * QEMU's reverse execution loads the snapshot taken when recording began, which it keeps in a qcow2 image
 * (internal snapshots): the minimal setup is an empty qcow2 drive on no device (`-drive if=none`), which
 * this test writes itself (qcow2 version 3, 64 KiB clusters: header, refcount table, one refcount block,
 * a one-entry L1 table; docs/interop/qcow2.txt), so Debian's qemu-system-arm alone is enough (no qemu-img).
 *
 * Where the two agree: reverse-continue to a breakpoint, reverse-stepi, stepi, the forward watchpoint, and
 * where a stub stops for a write going back: just after it (the PC past the store, the new value in
 * memory), read from the stop replies to `bc` (gdb's `set debug remote`).
 * Where QEMU 7.2 differs, asserted as it is (docs/gdb.md lists it):
 *  - its reverse stops for a watchpoint are a bare T05 (no `watch:` in the stop reply), so gdb says
 *    "Program received signal SIGTRAP", cannot tell a write that left the value unchanged, and stays
 *    after the store; kvmdbg's reply says `watch:`, so gdb, whose AArch64 watchpoints trap before the
 *    access (gdbarch_have_nonsteppable_watchpoint), steps once more in the direction it runs (a `bs`) to
 *    complete the access, which going back undoes it: gdb ends on the store, the value from before it;
 *  - from just after a write, the next reverse-continue skips that write and goes to the one before;
 *  - so it stops at .bss zeroing (0 written over 0), which gdb passes over on kvmdbg's watch stop;
 *  - at the start of the recording it stops with a bare T05 too, not `replaylog:begin`, so gdb does not
 *    say "No more reverse-execution history".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GDB_GUEST, GDB_GUEST_DIR, freePort, requireTool, runCaptured, runGdb, waitListening } from './gdb-harness.ts';

requireTool('gdb-multiarch', 'gdb-multiarch');
requireTool('qemu-system-aarch64', 'qemu-system-arm');

const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-rr-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** An empty qcow2 (version 3) image of `size` bytes: what QEMU needs to keep its record/replay snapshot. */
function emptyQcow2(size: number): Uint8Array {
  const CLUSTER = 1 << 16;
  const file = new Uint8Array(3 * CLUSTER + 8);
  const v = new DataView(file.buffer);
  const u64 = (off: number, x: number): void => v.setBigUint64(off, BigInt(x));   // qcow2 is big-endian
  v.setUint32(0, 0x514649fb);            // magic "QFI\xfb"
  v.setUint32(4, 3);                     // version
  v.setUint32(20, 16);                   // cluster_bits
  u64(24, size);                         // virtual size
  v.setUint32(36, 1);                    // l1_size: one L2 table covers 512 MiB
  u64(40, 3 * CLUSTER);                  // l1_table_offset
  u64(48, CLUSTER);                      // refcount_table_offset
  v.setUint32(56, 1);                    // refcount_table_clusters
  v.setUint32(96, 4);                    // refcount_order: 16-bit refcounts
  v.setUint32(100, 104);                 // header_length; the end-of-extensions marker (zeros) follows
  u64(CLUSTER, 2 * CLUSTER);             // refcount table entry 0: the refcount block
  for (let c = 0; c < 4; c++) v.setUint16(2 * CLUSTER + 2 * c, 1);   // clusters 0..3 are in use once
  return file;
}

const SCRIPT = `set pagination off
set confirm off
file ELF
target remote 127.0.0.1:PORT
break bump
continue
continue
continue
print counter
reverse-continue
print counter
print x
reverse-stepi
print/x $pc
stepi
print/x $pc
delete
watch counter
continue
set debug remote-packet-max-chars unlimited
set debug remote 1
reverse-continue
print/x $pc
print counter
reverse-continue
print/x $pc
print counter
reverse-continue
print/x $pc
print counter
kill
`;

/** The script against QEMU replaying a recording of the guest. */
async function qemuReplay(): Promise<string> {
  const disk = join(dir, 'rr.qcow2');
  writeFileSync(disk, emptyQcow2(1 << 20));
  const rrfile = join(dir, 'rr.bin');
  const machine = ['-M', 'virt', '-cpu', 'cortex-a57', '-nographic', '-nic', 'none', '-monitor', 'none', '-serial', 'stdio',
    '-kernel', GDB_GUEST, '-drive', `file=${disk},format=qcow2,if=none,id=rr`];
  const rec = await runCaptured('qemu-system-aarch64', [...machine, '-icount', `shift=auto,rr=record,rrfile=${rrfile},rrsnapshot=init`]);
  assert.equal(rec.status, 0, rec.out);
  assert.match(rec.out, /gdb guest\s+bye/);
  const port = await freePort();
  const qemu = spawn('qemu-system-aarch64', [...machine, '-icount', `shift=auto,rr=replay,rrfile=${rrfile},rrsnapshot=init`,
    '-gdb', `tcp:127.0.0.1:${port}`, '-S'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let qout = '';
  qemu.stdout.on('data', (d: Buffer) => { qout += d.toString(); });
  qemu.stderr.on('data', (d: Buffer) => { qout += d.toString(); });
  const exited = new Promise<void>((r) => qemu.on('exit', () => r()));
  try {
    await waitListening(port, qemu, 'qemu-system-aarch64 (rr=replay)');
    const file = join(dir, 'script.gdb');
    writeFileSync(file, SCRIPT.replaceAll('PORT', String(port)).replaceAll('ELF', GDB_GUEST));
    const { status, out } = await runCaptured('gdb-multiarch', ['-batch', '-nx', '-x', file], { cwd: GDB_GUEST_DIR });
    assert.equal(status, 0, out + qout);
    return out;
  } finally {
    qemu.kill('SIGKILL');
    await exited;
  }
}

/** The values gdb printed ($N = ...), in order, and the lines where it stopped (the PC's location). */
function printed(out: string): string[] {
  return [...out.matchAll(/^\$\d+ = (.*)$/gm)].map((m) => m[1]!);
}

/**
 * From gdb's remote debug log: for each `bc` gdb sent, the PC the stub stopped at, and whether its stop reply
 * said `watch:`. The PC is the expedited register 0x20 of the stop reply, else the one the next `g` reply
 * holds (after x0..x30 and sp: 32 registers of 16 hex digits, little-endian).
 */
function bcStops(out: string): { pc: string; watch: boolean }[] {
  const le = (hex: string): string => `0x${BigInt(`0x${hex.match(/../g)!.reverse().join('')}`).toString(16)}`;
  const lines = out.split('\n');
  const stops: { pc: string; watch: boolean }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/Sending packet: \$bc#/.test(lines[i]!)) continue;
    let j = i + 1;
    while (j < lines.length && !/Packet received: T/.test(lines[j]!)) j++;
    const reply = lines[j] ?? '';
    let pc = /;20:([0-9a-f]{16})/.exec(reply)?.[1];
    for (let k = j + 1; pc === undefined && k < lines.length && !/Sending packet: \$b/.test(lines[k]!); k++) {
      if (!/Sending packet: \$g#/.test(lines[k]!)) continue;
      while (k < lines.length && !/Packet received: [0-9a-fx]+/.test(lines[k]!)) k++;
      pc = /Packet received: ([0-9a-fx]+)/.exec(lines[k] ?? '')?.[1]?.slice(32 * 16, 33 * 16);
    }
    stops.push({ pc: pc ? le(pc) : 'none', watch: /watch:/.test(reply) });
  }
  return stops;
}

test('gdb going back: QEMU\'s record/replay and kvmdbg stop at the same breakpoint hit and the same instruction for reverse-continue, reverse-stepi and stepi; with a watchpoint, both stubs stop just after a write (QEMU with a bare SIGTRAP, kvmdbg as a watchpoint, which gdb steps back onto the store)', async () => {
  const qemu = await qemuReplay();
  const kvm = await runGdb('kvmdbg', SCRIPT);
  const kout = kvm.stdout + kvm.stderr;
  assert.equal(kvm.status, 0, kout + kvm.stubOutput);
  const q = printed(qemu), k = printed(kout);
  // counter at bump(3); back to bump(2): counter 1, x 2; reverse-stepi to main's bl; stepi into bump
  assert.deepEqual(q.slice(0, 5), ['3', '1', '2', '0x400800f4', '0x40080050']);
  assert.deepEqual(k.slice(0, 5), q.slice(0, 5), 'kvmdbg stops where QEMU\'s replay does');
  for (const out of [qemu, kout]) {
    assert.match(out, /Breakpoint 1, bump \(x=x@entry=3\)[\s\S]*?Breakpoint 1, bump \(x=x@entry=2\)/);
    // forward with the watchpoint: the write of bump(2), 1 -> 3, reported past the store (gdb steps over it)
    assert.match(out, /Hardware watchpoint 2: counter\s+Old value = 1\s+New value = 3\s+0x0000000040080060 in bump \(x=x@entry=2\)/);
  }
  // where each stub stopped for the reverse-continues with the watchpoint: just after a store (0x40080060,
  // past 4008005c str x1, [x2, #400] of bump; 0x4008001c, past 40080018 str xzr, [x1], #8 of the .bss
  // zeroing in _start) or at the start (0x40080000). kvmdbg's stops say watch:, QEMU's do not. kvmdbg stops
  // for the writes of bump(2) and bump(1), then at the .bss zeroing, where gdb, stepped back onto the store,
  // sees 0 written over 0 and goes on (a fourth bc); QEMU skips bump(2)'s write, the one just behind
  const qs = bcStops(qemu), ks = bcStops(kout);
  assert.deepEqual(qs, [{ pc: '0x40080060', watch: false }, { pc: '0x4008001c', watch: false }, { pc: '0x40080000', watch: false }]);
  assert.deepEqual(ks, [{ pc: '0x40080060', watch: true }, { pc: '0x40080060', watch: true }, { pc: '0x4008001c', watch: true },
    { pc: '0x40080000', watch: false }]);
  // kvmdbg going back with the watchpoint: gdb steps back from just after the store of bump(2) onto it
  // and shows the change backwards, then the same for bump(1), then the start of history
  assert.deepEqual(k.slice(5), ['0x4008005c', '1', '0x4008005c', '0', '0x40080000', '0']);
  assert.match(kout, /Old value = 3\s+New value = 1\s+0x000000004008005c in bump \(x=x@entry=2\)/);
  assert.match(kout, /Old value = 1\s+New value = 0\s+0x000000004008005c in bump \(x=x@entry=1\)/);
  assert.match(kout, /No more reverse-execution history\.\s+_start \(\)/);
  // QEMU 7.2's replay: past the store of bump(1) (bump(2)'s write, the one just behind, is skipped), past
  // the .bss-zeroing store in _start (0 over 0), then the start of the recording; each a bare SIGTRAP
  assert.deepEqual(q.slice(5), ['0x40080060', '1', '0x4008001c', '0', '0x40080000', '0']);
  assert.equal([...qemu.matchAll(/Program received signal SIGTRAP/g)].length, 3);
  assert.doesNotMatch(qemu, /No more reverse-execution history|Old value = 3/);
});
