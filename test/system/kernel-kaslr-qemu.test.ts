/**
 * `monitor kaslr`'s computation against a real randomised kernel: Debian's 6.1 Image under QEMU
 * (-M virt -cpu cortex-a57, 2 CPUs), booted with the device tree kvmdbg generates for `--seed 7`, whose
 * /chosen/kaslr-seed makes the kernel randomise its base. QEMU's gdbstub gives VBAR_EL1 (QEMU names it
 * VBAR) and memory; findKaslrOffset turns VBAR_EL1 and Debian's System.map into an offset, and the
 * truth is the kernel's own: linux_banner + offset holds the "Linux version" line the kernel printed
 * on its console; a second boot with the same seed picks the same offset, another seed another one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFdt } from '../../src/vmm/fdt.ts';
import { findKaslrOffset, type KaslrReader } from '../../src/vmm/kaslr.ts';
import { parseSymbolFile } from '../../src/vmm/symbol-file.ts';
import { virtFdt } from '../../src/vmm/virt-fdt.ts';
import { requireTool } from './gdb-harness.ts';
import { KernelStub, runGdbCommands, runGdbScript, type KernelGuest } from './kernel-gdb/harness.ts';
import { fetchKernelSymbols, fetchRealGuests } from './real-guests/fetch.ts';
import { buildInitramfs } from './real-guests/initramfs.ts';

requireTool('gdb-multiarch', 'gdb-multiarch');
requireTool('qemu-system-aarch64', 'qemu-system-arm');

const SEED = 7n;
const MIB = 512;
/** busybox sh on the console keeps the kernel running (idle, in the kernel) while gdb attaches. */
const SHELL_PROMPT = '/ # ';

/** Reads that the computation asked for and could not be answered yet, to be fetched through gdb. */
function recordingReader(vbar: bigint, memory: Map<bigint, Uint8Array>, asked: { va: bigint; len: number }[]): KaslrReader {
  return {
    vbar: () => vbar,
    read: (va, len) => {
      const m = memory.get(va);
      if (m?.length === 0) return undefined;                       // gdb could not read it: unmapped
      if (m && m.length >= len) return m.subarray(0, len);
      asked.push({ va, len });
      return undefined;
    },
  };
}

/** `x/Nxb ADDR` output → bytes. */
function parseXb(text: string, len: number): Uint8Array {
  const bytes = [...text.matchAll(/\t0x([0-9a-f]{2})/g)].map((m) => parseInt(m[1]!, 16));
  assert.equal(bytes.length, len, text);
  return new Uint8Array(bytes);
}

async function bootAndFind(guest: KernelGuest, symbols: ReturnType<typeof parseSymbolFile>): Promise<{ offset: bigint; banner: string; console: string }> {
  const s = await KernelStub.start('qemu', guest);
  try {
    await s.waitFor(SHELL_PROMPT, 120_000);
    // attaching stops the VM; VBAR_EL1 and PSTATE of each vCPU, then let it run on
    const first = await runGdbScript(s, `set pagination off
target remote 127.0.0.1:PORT
p/x $VBAR
p/x $cpsr
thread 2
p/x $VBAR
p/x $cpsr
detach
`);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    const values = [...first.stdout.matchAll(/^\$\d+ = (0x[0-9a-f]+)$/gm)].map((m) => BigInt(m[1]!));
    assert.equal(values.length, 4, first.stdout);
    // a vCPU in the kernel (EL1): at EL0 VBAR_EL1 holds the KPTI trampoline
    const at = [0, 2].find((i) => ((values[i + 1]! >> 2n) & 3n) === 1n);
    assert.ok(at !== undefined, `no vCPU at EL1:\n${first.stdout}`);
    const vbar = values[at]!;
    const memory = new Map<bigint, Uint8Array>();
    for (let round = 0; round < 3; round++) {
      const asked: { va: bigint; len: number }[] = [];
      const r = findKaslrOffset(symbols, recordingReader(vbar, memory, asked));
      if (r.ok) {
        const banner = new TextDecoder().decode(memory.get(symbols.find((x) => x.name === 'linux_banner')!.value + r.offset)!);
        return { offset: r.offset, banner, console: s.console };
      }
      assert.ok(asked.length, `no offset and nothing more to read: ${r.message}`);
      // each read as its own command, so an unmapped one (an error) leaves the others
      const fetch = await runGdbCommands(s, ['set pagination off', 'target remote 127.0.0.1:PORT',
        ...asked.flatMap((a) => [`x/${a.len}xb 0x${a.va.toString(16)}`, 'echo --\\n']), 'detach']);
      const dumps = fetch.stdout.split('--\n').slice(0, asked.length);
      const unmapped = (i: number): boolean => !dumps[i]!.includes(`0x${asked[i]!.va.toString(16)}`);
      asked.forEach((a, i) => memory.set(a.va, unmapped(i) ? new Uint8Array(0) : parseXb(dumps[i]!, a.len)));
    }
    assert.fail('the computation kept asking for memory');
  } finally {
    await s.stop();
  }
}

test('KASLR under QEMU with kvmdbg\'s kaslr-seed: the offset from VBAR_EL1 and System.map is where the kernel runs', { timeout: 600_000 }, async (t) => {
  const g = fetchRealGuests();
  const syms = fetchKernelSymbols();
  const symbols = parseSymbolFile(readFileSync(syms.systemMap));
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-kaslr-'));
  const initrd = join(dir, 'initramfs.cpio');
  writeFileSync(initrd, buildInitramfs(readFileSync(g.busybox)));
  const guestWithSeed = (seed: bigint): KernelGuest => {
    const dtb = join(dir, `seed-${seed}.dtb`);
    writeFileSync(dtb, writeFdt(virtFdt({ ramBase: 0x4000_0000n, ramSize: BigInt(MIB) << 20n, mpidrs: [0x8000_0000n, 0x8000_0001n], gic: 'v3', seed })));
    return { kernel: g.kernel, initrd, append: 'console=ttyAMA0 rdinit=/bin/sh', smp: 2, gic: 3, memory: MIB, dtb, wait: false };
  };
  const guest = guestWithSeed(SEED);

  const a = await bootAndFind(guest, symbols);
  assert.match(a.console, /KASLR enabled/, 'the kernel randomised its base');
  assert.notEqual(a.offset, 0n);
  assert.equal(a.offset % 0x20_0000n, 0n, 'a 2 MiB-aligned image keeps a 2 MiB-aligned offset');
  // the kernel's own words: the banner it printed first on the console is the one at linux_banner + offset
  const printed = /Linux version [^\n]*/.exec(a.console)?.[0];
  assert.ok(printed, a.console.slice(0, 2000));
  assert.equal(a.banner.slice(0, printed.length), printed.slice(0, a.banner.length));
  assert.match(a.banner, new RegExp(`^Linux version ${fetchRealGuests().kernelRelease.replace(/[.+]/g, '\\$&')} `));

  // the same seed, the same offset
  const b = await bootAndFind(guest, symbols);
  assert.equal(b.offset, a.offset);
  // another seed, another offset
  const c = await bootAndFind(guestWithSeed(SEED + 1n), symbols);
  assert.notEqual(c.offset, a.offset);
  t.diagnostic(`--seed ${SEED}: offset 0x${a.offset.toString(16)}; --seed ${SEED + 1n}: 0x${c.offset.toString(16)}`);
});
