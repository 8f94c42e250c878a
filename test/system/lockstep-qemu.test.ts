/**
 * Lock step with QEMU's gdbstub over the MMU, EL0 and timer guests (test/system/lockstep/lockstep.ts):
 * each guest runs under qemu-system-aarch64 -M virt -cpu cortex-a57 and under kvmdbg, both held at
 * reset, and every single step of each window must leave x0..x30, SP, PC and CPSR equal on both. The
 * windows cover reset and the start of main, the MMU being turned on (mmu_setup's SCTLR_EL1 write),
 * the first exception taken through the guest's vectors up to its ERET and back, and per guest: TLBI
 * after a remap (tlb), a hardware breakpoint and watchpoint on TTBR1 VAs (hwdebug), EL0 code and its
 * exceptions (el0), a timer interrupt through the IRQ vector on GICv2 and GICv3 (timer). Each window's
 * coverage is checked (the instructions it claims were executed).
 *
 * Interrupts: QEMU's gdbstub masks interrupts while it single-steps (sstep flags NOIRQ, NOTIMER), KVM
 * does not (a step can land in the IRQ vector), so an interrupt is compared breakpoint to breakpoint:
 * both run to a hardware breakpoint on the IRQ vector, where the registers must be equal, and the
 * handler is then stepped (interrupts masked by PSTATE.I there).
 *
 * `LOCKSTEP_TRACE=1` prints each window's start, length and coverage.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSymbol, parseElf, type ElfImage } from '../../src/vmm/elf.ts';
import { RAM_BASE } from '../../src/vmm/virt.ts';
import { ROOT, requireTool } from './gdb-harness.ts';
import { Pair, type Window } from './lockstep/lockstep.ts';

const BIN = join(ROOT, 'guests', 'bin');

class Guest {
  readonly image: ElfImage;
  constructor(readonly elf: string) {
    this.image = parseElf(readFileSync(elf), { base: RAM_BASE, size: 128n << 20n });
  }

  sym(name: string): bigint {
    const s = findSymbol(this.image, name);
    if (!s) throw new Error(`${this.elf} has no symbol ${name}`);
    return s.value;
  }

  word(addr: bigint): number {
    for (const seg of this.image.segments) {
      const off = Number(addr - seg.paddr);
      if (off >= 0 && off + 4 <= seg.data.length) {
        return (seg.data[off]! | (seg.data[off + 1]! << 8) | (seg.data[off + 2]! << 16) | (seg.data[off + 3]! << 24)) >>> 0;
      }
    }
    throw new Error(`${this.elf}: no code at 0x${addr.toString(16)}`);
  }

  /** The address of the first instruction at or after `from` (within `limit` words) with (word & mask) == value. */
  find(from: bigint, mask: number, value: number, what: string, limit = 4096): bigint {
    for (let i = 0; i < limit; i++) {
      const a = from + BigInt(4 * i);
      if (((this.word(a) & mask) >>> 0) === value) return a;
    }
    throw new Error(`${this.elf}: no ${what} within ${limit} instructions of 0x${from.toString(16)}`);
  }
}

const MSR_SCTLR = [0xffffffe0, 0xd5181000] as const;    // msr sctlr_el1, xN
const MSR_MAIR = [0xffffffe0, 0xd518a200] as const;     // msr mair_el1, xN
const ERET = [0xffffffff, 0xd69f03e0] as const;
const TLBI_VAE1IS = [0xffffffe0, 0xd5088320] as const;  // tlbi vae1is, xN
const VEC_SYNC_SPX = 0x200n, VEC_IRQ_SPX = 0x280n, VEC_SYNC_LOWER = 0x400n;

interface Case {
  name: string;
  machine: string;
  kvmdbgArgs: string[];
  qemuArgs?: string[];
  /** The windows, and for each the addresses its steps must reach (coverage: at the VA or at its alias). */
  plan: (g: Guest) => { windows: Window[]; covers: bigint[][] };
}

/** The guests' TTBR1 alias of RAM (guests/rt/mmu.h: KVA_RAM - RAM_PA). */
const KOFF = 0xffffffffbe000000n;
const alias = (a: bigint): bigint => BigInt.asUintN(64, a + KOFF);

/** Every vector entry of the guest's table, at the identity VA and at the alias. */
function vectors(g: Guest): bigint[] {
  const v = g.sym('rt_vectors');
  return Array.from({ length: 16 }, (_, i) => v + BigInt(i * 0x80)).flatMap((a) => [a, alias(a)]);
}

/**
 * Reset through the start of main; the MMU turned on; the first exception at vector offset `vec`
 * (taken at the identity VA or at the alias) to its ERET and back.
 */
function common(g: Guest, vec: bigint, excSteps: number): { windows: Window[]; covers: bigint[][] } {
  const mmu = g.sym('mmu_setup');
  const sctlr = g.find(mmu, ...MSR_SCTLR, 'msr sctlr_el1');
  const eret = g.find(g.sym('rt_vector_common'), ...ERET, 'eret');
  const entry = g.sym('rt_vectors') + vec;
  return {
    windows: [
      ...start(g),
      { label: 'the MMU turned on', at: [g.find(mmu, ...MSR_MAIR, 'msr mair_el1')], steps: 300 },
      { label: 'the first exception taken and returned from', at: [entry, alias(entry)], steps: excSteps },
    ],
    covers: [...startCovers(g), [sctlr, sctlr + 4n], [eret]],
  };
}

/** Reset (start.S: VBAR_EL1, SP, the start of clearing .bss) and the start of main. */
function start(g: Guest): Window[] {
  return [{ label: 'reset', steps: 300 }, { label: 'main', at: [g.sym('main')], steps: 300 }];
}
function startCovers(g: Guest): bigint[][] {
  return [[g.find(g.image.entry, 0xffffffe0, 0xd518c000, 'msr vbar_el1')], [g.sym('main')]];
}

const cases: Case[] = [
  ...['paging', 'faults', 'memory'].map((name): Case => ({
    name, machine: 'virt', kvmdbgArgs: [],
    plan: (g) => common(g, VEC_SYNC_SPX, 400),
  })),
  {
    name: 'tlb', machine: 'virt', kvmdbgArgs: [],
    plan: (g) => {
      const c = common(g, VEC_SYNC_SPX, 400);
      const tlbi = g.find(g.sym('do_tlbi'), ...TLBI_VAE1IS, 'tlbi vae1is', 64);
      c.windows.push({ label: 'TLBI VAE1IS after a remap', at: [tlbi, alias(tlbi)], steps: 600 });
      c.covers.push([tlbi]);
      return c;
    },
  },
  {
    // reset and the MMU only: the guest's own breakpoint and watchpoint are not the guest's while a
    // debugger uses KVM's debug registers (KVM_GUESTDBG_USE_HW) or steps (MDCR_EL2.TDE), as on real
    // KVM, where QEMU keeps the two apart
    name: 'hwdebug', machine: 'virt', kvmdbgArgs: [],
    plan: (g) => {
      const c = common(g, VEC_SYNC_SPX, 0);
      return { windows: c.windows.slice(0, 3), covers: c.covers.slice(0, 3) };
    },
  },
  {
    // MMU off: reset, then the first exception from EL0 through the lower-EL vector and back
    name: 'el0', machine: 'virt', kvmdbgArgs: [],
    plan: (g) => {
      const entry = g.sym('rt_vectors') + VEC_SYNC_LOWER;
      return {
        windows: [...start(g), { label: 'the first exception from EL0 taken and returned from', at: [entry], steps: 400 }],
        covers: [...startCovers(g), [g.find(g.sym('rt_vector_common'), ...ERET, 'eret')]],
      };
    },
  },
  ...['2', '3'].map((v): Case => ({
    name: 'timer', machine: `virt,gic-version=${v}`, kvmdbgArgs: ['--gic', `v${v}`], qemuArgs: ['-icount', 'shift=4'],
    plan: (g) => {
      const irq = g.sym('rt_vectors') + VEC_IRQ_SPX;
      const eret = g.find(g.sym('rt_vector_common'), ...ERET, 'eret');
      return {
        windows: [
          { label: 'reset to the first WFI', steps: 20000, time: true },
          { label: 'the first timer interrupt', at: [irq], steps: 400, time: true },
        ],
        covers: [[g.sym('main')], [irq, eret]],
      };
    },
  })),
];

const trace = process.env.LOCKSTEP_TRACE === '1';

describe('lock step with QEMU\'s gdbstub over the MMU, EL0 and timer guests', { concurrency: 1 }, () => {
  requireTool('qemu-system-aarch64', 'qemu-system-arm');
  const pairs: Pair[] = [];
  after(async () => { for (const p of pairs) await p.stop(); });

  for (const c of cases) {
    const elf = join(BIN, `${c.name}-gcc-O2.elf`);
    test(`${c.name}-gcc-O2.elf on -M ${c.machine}`, { timeout: 300_000 }, async () => {
      const g = new Guest(elf);
      const { windows, covers } = c.plan(g);
      const pair = await Pair.start(elf, c.machine, c.kvmdbgArgs, c.qemuArgs);
      pairs.push(pair);
      for (const v of vectors(g)) pair.vectors.add(v);
      const t0 = Date.now();
      const res = await pair.run(windows);
      await pair.stop();
      if (trace) {
        console.log(`${c.name} ${c.machine}: ${res.steps} steps in ${Date.now() - t0} ms, aligned ${JSON.stringify([...res.aligned])}, ` +
          `NZCV at entry ${res.nzcvAtEntry}, counter reads ${res.counterReads}, CVAL writes ${res.cvalWrites}, K ${res.ks.join(' ')}, WFI ends ${res.endedAtWfi}`);
        windows.forEach((w, i) => console.log(`  ${w.label}: from 0x${res.windowPcs[i]?.toString(16)}, covers ${
          covers[i]!.map((a) => `0x${a.toString(16)}@${res.visited[i]?.get(a) ?? res.visited[i]?.get(alias(a)) ?? 'never'}`).join(' ')}`));
      }
      assert.equal(res.exited, false, 'the guest ran to the end of every window');
      windows.forEach((w, i) => {
        for (const a of covers[i]!) {
          assert.ok(res.visited[i]!.has(a) || res.visited[i]!.has(alias(a)), `${w.label}: the window stepped through 0x${a.toString(16)}`);
        }
      });
    });
  }
});
