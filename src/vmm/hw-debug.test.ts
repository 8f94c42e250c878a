/**
 * Debug register values against the Arm ARM field layouts (DBGBCR/DBGWCR, D13.3) and the values QEMU's
 * gdbstub programs on real KVM (bcr 0x1e7, store watchpoint wcr 0x1ff7, load/store 0x1fff: the values of
 * conformance rows c and d, conformance/scenarios/04-hw-breakpoint.json and 05-watchpoints.json), and the
 * watchpoint attribution rule of Linux's hw_breakpoint.c.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BCR_EXEC, distanceFromSpan, lscMatches, nearestWatchpoint, planWatchpoint, watchSpan, wcrBas } from './hw-debug.ts';

test('DBGBCR for an EL1/EL0 address breakpoint is 0x1e7 (E, PMC=0b11, BAS=0b1111)', () => {
  assert.equal(BCR_EXEC, 0x1e7n);
});

test('DBGWCR: an aligned 8-byte store watchpoint is 0x1ff7 and a load/store one 0x1fff, as QEMU programs them', () => {
  assert.deepEqual(planWatchpoint(0x10800n, 8, 'write'), [{ wvr: 0x10800n, wcr: 0x1ff7n }]);
  assert.deepEqual(planWatchpoint(0x10800n, 8, 'access'), [{ wvr: 0x10800n, wcr: 0x1fffn }]);
});

test('DBGWCR: a 1-byte read watchpoint at byte 3 of a doubleword sets only BAS bit 3 and LSC=0b01', () => {
  // E(1) | PAC 0b11 (6) | LSC 0b01 << 3 (8) | BAS 0b00001000 << 5 (0x100)
  assert.deepEqual(planWatchpoint(0x4000_1003n, 1, 'read'), [{ wvr: 0x4000_1000n, wcr: 0x10fn }]);
});

test('a range crossing a doubleword boundary takes one BAS register per doubleword', () => {
  // bytes 0x1006..0x1009: BAS 0b11000000 in 0x1000, BAS 0b00000011 in 0x1008
  assert.deepEqual(planWatchpoint(0x1006n, 4, 'write'), [
    { wvr: 0x1000n, wcr: wcrBas(0xc0, 'write') },
    { wvr: 0x1008n, wcr: wcrBas(0x03, 'write') },
  ]);
});

test('an aligned power-of-two range of 16 bytes or more is one MASK register (MASK = log2 size, BAS = 0xff)', () => {
  assert.deepEqual(planWatchpoint(0x4000_0040n, 64, 'write'), [{ wvr: 0x4000_0040n, wcr: 0x06001ff7n }]);
  assert.deepEqual(planWatchpoint(0x8000_0000n, 2 ** 31, 'access'), [{ wvr: 0x8000_0000n, wcr: (31n << 24n) | 0x1fffn }]);
});

test('any range is covered exactly: the registers watch precisely the requested bytes, in few registers', () => {
  fc.assert(fc.property(fc.bigInt({ min: 0x4000_0000n, max: 0x4100_0000n }), fc.integer({ min: 1, max: 300 }), (addr, len) => {
    const regs = planWatchpoint(addr, len, 'write');
    const covered = new Set<bigint>();
    for (const r of regs) {
      const mask = Number((r.wcr >> 24n) & 0x1fn);
      const bas = Number((r.wcr >> 5n) & 0xffn);
      if (mask) {
        assert.equal(bas, 0xff);
        assert.equal(r.wvr % (1n << BigInt(mask)), 0n, 'MASK region aligned');
        for (let i = 0n; i < 1n << BigInt(mask); i++) covered.add(r.wvr + i);
      } else {
        assert.equal(r.wvr & 7n, 0n, 'BAS watchpoints use a doubleword-aligned DBGWVR');
        for (let i = 0; i < 8; i++) if (bas & (1 << i)) covered.add(r.wvr + BigInt(i));
      }
    }
    assert.equal(covered.size, len);
    for (let i = 0n; i < BigInt(len); i++) assert.ok(covered.has(addr + i));
    // at most two partial doublewords plus one block per power of two
    assert.ok(regs.length <= 2 + 2 * Math.ceil(Math.log2(len + 1)));
  }));
});

test('watchSpan gives the first and last watched byte (Linux: val + __ffs(len), val + __fls(len))', () => {
  assert.deepEqual(watchSpan({ wvr: 0x1000n, wcr: wcrBas(0x3c, 'write') }), { lo: 0x1002n, hi: 0x1005n });
  assert.deepEqual(watchSpan({ wvr: 0x4000_0040n, wcr: 0x06001ff7n }), { lo: 0x4000_0040n, hi: 0x4000_007fn });
});

test('distance from a watchpoint is 0 inside, else to the nearer end (get_distance_from_watchpoint)', () => {
  const span = { lo: 0x1000n, hi: 0x1003n };
  assert.equal(distanceFromSpan(0x1002n, span), 0n);
  assert.equal(distanceFromSpan(0x0ff8n, span), 8n);
  assert.equal(distanceFromSpan(0x1008n, span), 5n);
});

test('a watchpoint hit goes to the nearest watchpoint of a matching access type; the first wins a tie', () => {
  const a = { regs: planWatchpoint(0x1000n, 4, 'read') };     // [0x1000, 0x1003]
  const b = { regs: planWatchpoint(0x1010n, 8, 'access') };   // [0x1010, 0x1017]
  assert.equal(nearestWatchpoint([a, b], 0x1008n, false), 0);  // 5 vs 8
  assert.equal(nearestWatchpoint([a, b], 0x100en, false), 1);  // 11 vs 2
  assert.equal(nearestWatchpoint([a, b], 0x1001n, true), 1, 'a write never belongs to a read-only watchpoint');
  const c = { regs: planWatchpoint(0x1007n, 1, 'read') };     // [0x1007, 0x1007]
  assert.equal(nearestWatchpoint([a, c], 0x1005n, false), 0, 'both at distance 2: the first');
  assert.equal(nearestWatchpoint([c, a], 0x1005n, false), 0, 'both at distance 2: the first');
  assert.equal(nearestWatchpoint([], 0x1005n, false), -1);
});

test('LSC decides which accesses fire', () => {
  assert.equal(lscMatches(wcrBas(0xff, 'read'), false), true);
  assert.equal(lscMatches(wcrBas(0xff, 'read'), true), false);
  assert.equal(lscMatches(wcrBas(0xff, 'write'), true), true);
  assert.equal(lscMatches(wcrBas(0xff, 'access'), false), true);
});

test('a 2 GiB range that is only 1 GiB-aligned takes two 1 GiB MASK registers', () => {
  assert.deepEqual(planWatchpoint(0x4000_0000n, 2 ** 31, 'write'),
    [{ wvr: 0x4000_0000n, wcr: (30n << 24n) | 0x1ff7n }, { wvr: 0x8000_0000n, wcr: (30n << 24n) | 0x1ff7n }]);
});
