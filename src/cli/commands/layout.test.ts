/**
 * `kvmdbg layout` through the CLI dispatcher. Expected offsets are those the real 6.1 headers give
 * (Debian's linux-libc-dev-arm64-cross 6.1) and the before/after tables of the 5.19 patch's commit message
 * (Linux 18f3976fdb5d, "KVM: arm64: uapi: Add kvm_debug_exit_arch.hsr_high");
 * test/system/abi-headers.test.ts compares the table itself with dwarves' pahole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../main.ts';

async function run(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await main(['layout', ...argv], { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { status, out, err };
}

interface Json { name: string; size: number; align: number; fields: { name: string; offset: number; size: number; type: string }[] }
const field = (j: Json, name: string) => j.fields.find((f) => f.name === name);

test('layout kvm_run --json: flattened dotted names at the offsets of the real headers', async () => {
  const r = await run('kvm_run', '--json');
  assert.equal(r.status, 0);
  const j = JSON.parse(r.out) as Json;
  assert.deepEqual([j.name, j.size, j.align], ['kvm_run', 2352, 8]);
  assert.deepEqual(Object.keys(j.fields[0]!), ['name', 'offset', 'size', 'type']);
  assert.deepEqual(field(j, 'debug.arch.hsr_high'), { name: 'debug.arch.hsr_high', offset: 36, size: 4, type: '__u32' });
  assert.deepEqual(field(j, 'padding1'), { name: 'padding1', offset: 2, size: 6, type: '__u8[6]' });
  const at = (n: string) => field(j, n)?.offset;
  assert.deepEqual(['exit_reason', 'flags', 'debug.arch.hsr', 'debug.arch.far', 'mmio.phys_addr', 'mmio.data', 'mmio.len',
    'mmio.is_write', 'system_event.type', 'system_event.ndata', 'arm_nisv.fault_ipa', 'kvm_valid_regs', 'kvm_dirty_regs', 's.padding'].map(at),
  [8, 14, 32, 40, 32, 40, 48, 52, 32, 36, 40, 288, 296, 304]);
});

test('layout --kernel: before 5.19 kvm_debug_exit_arch has no hsr_high (5.10, 5.18.19), from 5.19 on it does', async () => {
  for (const [v, has] of [['5.10', false], ['5.18.19', false], ['5.19', true], ['6.1.192', true]] as const) {
    const j = JSON.parse((await run('kvm_run', '--json', '--kernel', v)).out) as Json;
    assert.equal(j.name, 'kvm_run');
    assert.equal(field(j, 'debug.arch.hsr_high') !== undefined, has, v);
    assert.equal(field(j, 'debug.arch.far')?.offset, 40);
    assert.equal(j.size, 2352);
  }
});

test('layout table: pahole style, the pre-5.19 hole shown and counted', async () => {
  const old = await run('kvm_debug_exit_arch', '--kernel', '5.10');
  assert.equal(old.status, 0);
  assert.match(old.out, /^struct kvm_debug_exit_arch \{$/m);
  assert.match(old.out, /__u32\s+hsr;\s+\/\*\s+0\s+4 \*\//);
  assert.match(old.out, /\/\* XXX 4 bytes hole \*\//);
  assert.match(old.out, /__u64\s+far;\s+\/\*\s+8\s+8 \*\//);
  assert.match(old.out, /\/\* size: 16, cachelines: 1, members: 2 \*\//);
  assert.match(old.out, /\/\* sum members: 12, holes: 1, sum holes: 4 \*\//);
  const now = await run('kvm_debug_exit_arch');
  assert.match(now.out, /__u32\s+hsr_high;\s+\/\*\s+4\s+4 \*\//);
  assert.doesNotMatch(now.out, /hole/);
  assert.match(now.out, /\/\* size: 16, cachelines: 1, members: 3 \*\//);
  const run510 = await run('kvm_run', '--kernel', '5.10');
  assert.match(run510.out, /struct kvm_debug_exit_arch \{\s+__u32\s+hsr;\s+\/\*\s+32\s+4 \*\/\s+\/\* XXX 4 bytes hole \*\/\s+__u64\s+far;\s+\/\*\s+40\s+8 \*\//);
  const regs = await run('kvm_regs');
  assert.match(regs.out, /\/\* XXX 8 bytes hole \*\/[\s\S]*struct user_fpsimd_state \{/, 'the 16-byte alignment of fp_regs');
});

test("layout accepts 'struct kvm_run' as one or two arguments", async () => {
  const plain = await run('kvm_run');
  assert.equal((await run('struct kvm_run')).out, plain.out);
  assert.equal((await run('struct', 'kvm_run')).out, plain.out);
  assert.match(plain.out, /\/\* size: 2352, cachelines: 37, members: 13 \*\//);
});

test('layout: unknown struct, missing struct, bad --kernel/--endian and unknown options exit 2 naming the problem', async () => {
  const unknown = await run('kvm_frob');
  assert.equal(unknown.status, 2);
  assert.match(unknown.err, /unknown struct 'kvm_frob'/);
  assert.match(unknown.err, /known structs: .*kvm_run.*kvm_debug_exit_arch|known structs: .*kvm_debug_exit_arch.*kvm_run/);
  const none = await run();
  assert.equal(none.status, 2);
  assert.match(none.err, /missing struct name[\s\S]*kvm_guest_debug/);
  for (const [args, msg] of [
    [['kvm_run', '--kernel', '5'], /--kernel: kernel version '5' is not MAJOR.MINOR/],
    [['kvm_run', '--kernel', 'v6.1'], /is not MAJOR.MINOR/],
    [['kvm_run', '--kernel', '2.6'], /arm64 KVM starts/],
    [['kvm_run', '--kernel', '99999999999999999999.1'], /major 99999999999999999999 is too large/],
    [['toString'], /unknown struct 'toString'/],
    [['__proto__'], /unknown struct '__proto__'/],
    [['hasOwnProperty', '--json'], /unknown struct 'hasOwnProperty'/],
    [['kvm_run', '--endian', 'pdp'], /--endian must be le or be/],
    [['kvm_run', '--frob'], /Unknown option '--frob'/],
    [['kvm_run', 'kvm_regs'], /expected one struct name/],
    [['kvm_regs', '--compare'], /--compare shows kvm_debug_exit_arch/],
    [['--compare', '--kernel', '5.10'], /drop --kernel/],
  ] as const) {
    const r = await run(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.err, msg);
  }
});

test('layout --help exits 0 and documents every option', async () => {
  const r = await run('--help');
  assert.equal(r.status, 0);
  for (const o of ['--endian', '--kernel', '--json', '--compare', 'kvm_debug_exit_arch']) assert.ok(r.out.includes(o), o);
});

test("layout --compare: the commit message's table: on BE a __u64 hsr would put ESR[63:32] at offset 0 and ESR[31:0] at 4", async () => {
  const r = await run('kvm_debug_exit_arch', '--compare');
  assert.equal(r.status, 0);
  const be = r.out.slice(r.out.indexOf('big-endian'));
  const le = r.out.slice(r.out.indexOf('little-endian'), r.out.indexOf('big-endian'));
  const rowOf = (text: string, head: string) => text.split('\n').find((l) => l.trimStart().startsWith(head))!.trim().split(/\s+/).slice(-8);
  assert.deepEqual(rowOf(be, 'hsr __u64'), ['ESR[63:56]', 'ESR[55:48]', 'ESR[47:40]', 'ESR[39:32]', 'ESR[31:24]', 'ESR[23:16]', 'ESR[15:8]', 'ESR[7:0]']);
  assert.deepEqual(rowOf(be, '>= 5.19'), ['ESR[31:24]', 'ESR[23:16]', 'ESR[15:8]', 'ESR[7:0]', 'ESR[63:56]', 'ESR[55:48]', 'ESR[47:40]', 'ESR[39:32]']);
  assert.deepEqual(rowOf(be, '< 5.19'), ['ESR[31:24]', 'ESR[23:16]', 'ESR[15:8]', 'ESR[7:0]', 'hole', 'hole', 'hole', 'hole']);
  assert.deepEqual(rowOf(le, 'hsr __u64'), rowOf(le, '>= 5.19'));
  assert.match(be, /would have got\s+0x00000000 instead of 0xf2004321/);
  assert.match(le, /moved nothing on LE/);
  assert.match(r.out, /KVM_DEBUG_ARCH_\s*\|?\s*HSR_HIGH_VALID|KVM_DEBUG_ARCH_HSR_HIGH_VALID/);
  // kvm_run and --endian narrow or re-target the same view
  const beOnly = await run('kvm_run', '--compare', '--endian', 'be');
  assert.equal(beOnly.status, 0);
  assert.doesNotMatch(beOnly.out, /little-endian/);
});

test('layout --compare --json: bytes moved by widening hsr are none on LE and all of 0..7 on BE', async () => {
  const j = JSON.parse((await run('--compare', '--json')).out) as {
    before_5_19: Json; since_5_19: Json; byte_maps: Record<string, { moved_by_hsr_u64: number[] }>;
  };
  assert.deepEqual(j.byte_maps.le!.moved_by_hsr_u64, []);
  assert.deepEqual(j.byte_maps.be!.moved_by_hsr_u64, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(j.before_5_19.fields.map((f) => f.name), ['hsr', 'far']);
  assert.deepEqual(j.since_5_19.fields.map((f) => f.name), ['hsr', 'hsr_high', 'far']);
});
