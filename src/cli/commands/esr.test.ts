import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../main.ts';

/**
 * `kvmdbg esr`. Expected field values come from the Arm ARM bit positions (D24.2.45 ESR_EL1) and the
 * debug-exit bytes are what real Linux KVM wrote (conformance rows s1b and s2a on 6.1 and 5.10, values in
 * test/system/conformance-reference.ts).
 */

async function esr(...args: string[]) {
  let out = '';
  let err = '';
  const status = await main(['esr', ...args], { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { status, out, err };
}

test('kvmdbg esr 0xd2000062: a bit-range tree with EC, IL and the watchpoint ISS fields nested', async () => {
  const r = await esr('0xd2000062');
  assert.equal(r.status, 0);
  assert.equal(r.err, '');
  assert.match(r.out, /^31\.\.26 EC\s+0x34\s+Watchpoint exception from a lower Exception level$/m);
  assert.match(r.out, /^25\s+IL\s+0x1\s+32-bit/m);
  assert.match(r.out, /^24\.\.0\s+ISS\s+0x62\s+watchpoint hit on a write$/m);
  assert.match(r.out, /^ {2}6\s+WnR\s+0x1\s+the access was a write$/m);
  assert.match(r.out, /^ {2}5\.\.0\s+DFSC\s+0x22\s+Debug exception$/m);
});

test('kvmdbg esr: decimal, hex and underscore spellings of one value print the same', async () => {
  const a = await esr('0x96000050');
  const b = await esr('2516582480');
  const c = await esr('0x9600_0050');
  assert.equal(a.status, 0);
  assert.equal(b.out, a.out);
  assert.equal(c.out, a.out);
});

test('kvmdbg esr -v adds long names and the Arm ARM section of the ISS encoding', async () => {
  const r = await esr('-v', '0xcb000022');
  assert.equal(r.status, 0);
  assert.match(r.out, /\(Instruction Syndrome Valid\)/);
  assert.match(r.out, /ISS encoding for an exception from a Software Step exception/);
  assert.match(r.out, /^ {2}23\.\.7\s+RES0\s+0x0/m, 'zero RES0 ranges are shown with -v');
  const plain = await esr('0xcb000022');
  assert.doesNotMatch(plain.out, /RES0/);
});

test('kvmdbg esr --json: the documented shape; esr as a hex string, field values as numbers', async () => {
  const r = await esr('--json', '0xffffffffffffffff');
  assert.equal(r.status, 0);
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j), ['esr', 'ec', 'il', 'iss', 'iss2', 'fields', 'warnings']);
  assert.equal(j.esr, '0xffffffffffffffff');
  assert.deepEqual(j.ec, { value: 0x3f, name: 'ESR_ELx_EC_RESERVED_0x3F', description: j.ec.description });
  assert.equal(j.il, 1);
  assert.equal(j.iss, 0x1ffffff);
  assert.equal(j.iss2, 0xffffff);
  const walk = (fs: Array<Record<string, unknown>>) => {
    for (const f of fs) {
      assert.deepEqual(Object.keys(f), ['name', 'start', 'width', 'value', 'description', 'fields']);
      assert.equal(typeof f.value, 'number');
      walk(f.fields as Array<Record<string, unknown>>);
    }
  };
  walk(j.fields);
  assert.deepEqual(j.fields.map((f: { name: string; start: number; width: number }) => [f.name, f.start, f.width]),
    [['RES0', 56, 8], ['ISS2', 32, 24], ['EC', 26, 6], ['IL', 25, 1], ['ISS', 0, 25]]);
  assert.ok(j.warnings.some((w: string) => /63\.\.56 are RES0/.test(w)));
  assert.ok(j.warnings.some((w: string) => /not allocated/.test(w)));
});

test('kvmdbg esr: malformed values exit 2 with a message naming the problem and print nothing on stdout', async () => {
  const cases: Array<[string[], RegExp]> = [
    [[''], /empty/], [['xyz'], /not a decimal number/], [['-5'], /negative/], [['0x1_0000_0000_0000_0000'], /64 bits/],
    [['18446744073709551616'], /64 bits/], [[], /missing VALUE/], [['1', '2'], /expected one VALUE/], [['--nope', '1'], /Unknown option/],
    [['0x1', '--flags', '1'], /only applies with --debug-exit/],
  ];
  for (const [args, re] of cases) {
    const r = await esr(...args);
    assert.equal(r.status, 2, `args ${JSON.stringify(args)}`);
    assert.match(r.err, re, `args ${JSON.stringify(args)}`);
    assert.equal(r.out, '');
  }
});

test('kvmdbg esr --help exits 0 and documents input forms and the JSON shape', async () => {
  const r = await esr('--help');
  assert.equal(r.status, 0);
  assert.match(r.out, /0x9600_0050/);
  assert.match(r.out, /"esr":"0x…"/);
});

// S1b: BRK #0x4321 after an MMIO exit to IPA 0xab_cdef_0000.
const S1B_61 = '21 43 00 f2 00 00 00 00 88 77 66 55 44 33 22 11'; // 6.1: flags 0x0001
const S1B_510 = '21 43 00 f2 ab 00 00 00 88 77 66 55 44 33 22 11'; // 5.10: flags 0, bytes 4..7 stale
// S2a: watchpoint write at 0x10800 (6.1).
const S2A_61 = '62 00 00 d2 00 00 00 00 00 08 01 00 00 00 00 00';

test('kvmdbg esr --debug-exit with KVM_DEBUG_ARCH_HSR_HIGH_VALID: hsr_high is ESR[63:32], far not meaningful for BRK', async () => {
  const r = await esr('--debug-exit', S1B_61, '--flags', '1');
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /^hsr\s+0xf2004321\s+ESR\[31:0\]$/m);
  assert.match(r.out, /^hsr_high 0x00000000\s+ESR\[63:32\]$/m);
  assert.match(r.out, /^far\s+0x1122334455667788\s+not meaningful/m);
  assert.match(r.out, /^ESR 0xf2004321: BRK instruction execution in AArch64 state/m);
  assert.match(r.out, /^ {2}15\.\.0\s+Comment\s+0x4321/m);
});

test('kvmdbg esr --debug-exit without the flag (5.10 bytes): the upper half is unknown, never read as ESR', async () => {
  const r = await esr('--debug-exit', S1B_510, '--flags', '0');
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /^hsr_high unknown {2}the flag is clear, so bytes 4\.\.7 \(ab 00 00 00\) are not ESR\[63:32\]/m);
  assert.match(r.out, /^ESR\[31:0\] 0xf2004321 \(ESR\[63:32\] unknown\)/m);
  assert.doesNotMatch(r.out, /^55\.\.32/m);
  assert.doesNotMatch(r.out, /0xab/);
  const j = JSON.parse((await esr('--json', '--debug-exit', S1B_510, '--flags', '0')).out);
  assert.equal(j.esr, '0xf2004321');
  assert.equal(j.iss2, null);
  assert.deepEqual(j.fields.map((f: { name: string }) => f.name), ['EC', 'IL', 'ISS']);
  assert.deepEqual({ ...j.debugExit, raw: undefined }, {
    endian: 'le', flags: 0, highValid: false, hsr: 0xf2004321, hsrHigh: null, far: '0x1122334455667788', farMeaningful: false, raw: undefined,
  });
  assert.ok(j.warnings[0].startsWith('ESR[63:32] unknown'));
});

test('kvmdbg esr --debug-exit: a watchpoint exit reports its FAR; any flags value with bit 0 set counts', async () => {
  const j = JSON.parse((await esr('--json', '--debug-exit', S2A_61.replaceAll(' ', ''), '--flags', '0xffff')).out);
  assert.equal(j.debugExit.highValid, true);
  assert.equal(j.debugExit.hsrHigh, 0);
  assert.equal(j.debugExit.far, '0x10800');
  assert.equal(j.debugExit.farMeaningful, true);
  assert.equal(j.ec.name, 'ESR_ELx_EC_WATCHPT_LOW');
  assert.equal(j.iss2, 0);
});

test('kvmdbg esr --debug-exit --endian be reads the same exit from big-endian bytes', async () => {
  // S1b as a big-endian kernel lays it out: hsr, hsr_high, far each most significant byte first.
  const be = 'f2 00 43 21 00 00 00 07 11 22 33 44 55 66 77 88';
  const j = JSON.parse((await esr('--json', '--debug-exit', be, '--flags', '1', '--endian', 'be')).out);
  assert.equal(j.esr, '0x7f2004321');
  assert.equal(j.debugExit.hsrHigh, 7);
  assert.equal(j.debugExit.far, '0x1122334455667788');
  assert.equal(j.iss2, 7);
  assert.ok(j.warnings.some((w: string) => /ISS2 of ESR_ELx_EC_BRK64: bits 55\.\.32 are RES0 but hold 0x7/.test(w)), j.warnings.join(';'));
});

test('kvmdbg esr --debug-exit: malformed bytes, flags or endian exit 2 with a clear message', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--debug-exit', S2A_61.slice(0, -3), '--flags', '1'], /exactly 32 hex digits.*got 30/],
    [['--debug-exit', S2A_61 + ' 00', '--flags', '1'], /exactly 32 hex digits.*got 34/],
    [['--debug-exit', S2A_61.replace('d2', 'zz'), '--flags', '1'], /'z' is not a hex digit/],
    [['--debug-exit', '0x' + S2A_61.replaceAll(' ', ''), '--flags', '1'], /drop the 0x prefix/],
    [['--debug-exit', '620 00' + S2A_61.slice(5), '--flags', '1'], /odd length/],
    [['--debug-exit', S2A_61], /needs --flags/],
    // an option after --debug-exit is not its value: the bytes are what is missing
    [['--debug-exit', '--flags', '--json'], /--debug-exit needs a value/],
    [['--debug-exit', S2A_61, '--flags', '--json'], /--flags needs a value/],
    [['--debug-exit', S2A_61, '--flags', '65536'], /does not fit kvm_run.flags/],
    [['--debug-exit', S2A_61, '--flags', '-1'], /negative/],
    [['--debug-exit', S2A_61, '--flags', 'one'], /not a number/],
    [['--debug-exit', S2A_61, '--flags', '1', '--endian', 'middle'], /--endian must be 'le' or 'be'/],
    [['--debug-exit', S2A_61, '--flags', '1', '0x5'], /either VALUE or --debug-exit/],
  ];
  for (const [args, re] of cases) {
    const r = await esr(...args);
    assert.equal(r.status, 2, `args ${JSON.stringify(args)}: ${r.out}`);
    assert.match(r.err, re, `args ${JSON.stringify(args)}`);
  }
  assert.equal((await esr('--debug-exit', S2A_61, '--flags', '65535')).status, 0);
});
