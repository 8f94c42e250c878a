/**
 * kvmdbg on the real Linux KVM: one boot of Debian's arm64 6.1 kernel under qemu-system-aarch64 with
 * EL2, running Debian's arm64 Node.js with the koffi backend (src/realkvm/) on /dev/kvm.
 *  - the backend on its own: API version, the capabilities and a BRK exit, checked against the values
 *    recorded from the same kernel by a C program (conformance rows a, e2, f and caps, values in
 *    test/system/conformance-reference.ts), and SIGALRM ending KVM_RUN with EINTR;
 *  - `kvmdbg run --backend real` and `--backend model --host-kernel 6.1` on the same guest and debug options:
 *    same exit status, same UART output, exit logs equal byte for byte (test/realkvm/compare.ts);
 *  - the bundled CLI as its own process.
 * Run alone with `npm run test:realkvm`.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { bootRealKvm, type Boot } from '../realkvm/boot.ts';
import { compareExitLogs, EXCEPTIONS } from '../realkvm/compare.ts';
import { FULL_PLAN, SCENARIOS } from '../realkvm/plan.ts';
import type { CliProcessRecord, GuestRecord, RunRecord, SmokeRecord } from '../realkvm/records.ts';

let boot: Boot;
const kind = <K extends GuestRecord['kind']>(k: K): Extract<GuestRecord, { kind: K }>[] =>
  boot.records.filter((r) => r.kind === k) as Extract<GuestRecord, { kind: K }>[];

before(async () => {
  boot = await bootRealKvm(FULL_PLAN);
  const info = kind('info')[0];
  process.stderr.write(`# realkvm: ${boot.kernel}; node ${info?.node} ${info?.arch}; node started at uptime ${info?.uptime} s; ` +
    `boot wall ${boot.wallSeconds.toFixed(1)} s\n`);
  for (const r of kind('run')) process.stderr.write(`# realkvm run ${r.scenario} --backend ${r.backend}: status ${r.status}, ${r.seconds.toFixed(1)} s\n`);
  const bench = kind('bench')[0];
  if (bench) {
    process.stderr.write(`# realkvm bench: KVM_RUN round trips/s real ${bench.real.perSecond.toFixed(0)}, model ${bench.model.perSecond.toFixed(0)}, ` +
      `real/model ${(bench.real.perSecond / bench.model.perSecond).toFixed(2)}\n`);
  }
}, { timeout: 900_000 });

test('the boot ran to the end without errors in the guest program', () => {
  assert.ok(boot.ended, `no RKT-END on the console; log in ${boot.logPath}`);
  assert.deepEqual(kind('error'), []);
  const info = kind('info')[0];
  assert.equal(info?.arch, 'arm64');
  assert.match(info?.release ?? '', /^6\.1\./);
});

test('backend: KVM_GET_API_VERSION, capabilities and a BRK exit as the C program saw them on this kernel', () => {
  const s: SmokeRecord | undefined = kind('smoke')[0];
  assert.ok(s, 'no smoke record');
  assert.equal(s.backend, 'real');
  assert.equal(s.apiVersion, 12);
  assert.ok(s.mmapSize >= 2352, `KVM_GET_VCPU_MMAP_SIZE ${s.mmapSize} holds struct kvm_run`);
  // observations: SET_GUEST_DEBUG=1, SET_GUEST_DEBUG2=0x30003, GUEST_DEBUG_HW_BPS=6, HW_WPS=4; target 5 on -cpu max
  assert.deepEqual(s.caps, { setGuestDebug: 1, setGuestDebug2: 0x30003, hwBps: 6, hwWps: 4 });
  assert.equal(s.preferredTarget, 5);
  // row f: control bits outside 0x30003 → EINVAL
  assert.equal(s.badControl, 'EINVAL');
  // row a: exit 4, flags 0xfffe → 0x0001, hsr 0xf2001234, hsr_high 0, far untouched (poison), PC at the brk
  assert.equal(s.brk.exitReason, 4);
  assert.equal(s.brk.flags, 1);
  assert.equal(s.brk.debugArchHex, '341200f200000000aaaaaaaaaaaaaaaa');
  assert.equal(s.brk.hsr, 0xf2001234);
  assert.equal(s.brk.hsrHigh, 0);
  assert.equal(s.brk.pc, '0x1000c');
  // row e2: SIGALRM during KVM_RUN → -1 EINTR, exit_reason KVM_EXIT_INTR (10), flags zeroed
  assert.deepEqual(s.eintr, { error: 'EINTR', exitReason: 10, flags: 0 });
});

for (const sc of SCENARIOS) {
  test(`kvmdbg run ${sc.args.join(' ')}: --backend real and --backend model --host-kernel 6.1 agree (status, UART, exit log)`, () => {
    const runs = kind('run').filter((r) => r.scenario === sc.name);
    const real = runs.find((r) => r.backend === 'real') as RunRecord | undefined;
    const model = runs.find((r) => r.backend === 'model') as RunRecord | undefined;
    assert.ok(real && model, `missing runs for ${sc.name}`);
    assert.match(real.stderr, /kvmdbg: backend real, kernel Linux 6\.1\./, 'the CLI says which backend runs');
    assert.equal(real.status, 0, `real: status ${real.status}, stderr ${real.stderr.slice(0, 2000)}`);
    assert.equal(model.status, 0, `model: status ${model.status}, stderr ${model.stderr.slice(0, 2000)}`);
    assert.match(real.stdout, /Hello from a kvmdbg guest/);
    assert.equal(real.stdout, model.stdout);
    const c = compareExitLogs(sc.name, real.exitLog, model.exitLog);
    assert.ok(c.realLines > 0);
    assert.deepEqual(c.diffs.slice(0, 5), [], `${c.diffs.length} differing exit-log lines (first 5 shown)`);
    // The debug stops reported on stderr (everything but the backend line) are the same too.
    const stops = (t: string): string => t.split('\n').filter((l) => !l.startsWith('kvmdbg: backend')).join('\n');
    assert.equal(stops(real.stderr), stops(model.stderr));
  });
}

test('every exit-log exception matches a difference that still occurs', () => {
  const used = new Set<unknown>();
  for (const sc of SCENARIOS) {
    const runs = kind('run').filter((r) => r.scenario === sc.name);
    const real = runs.find((r) => r.backend === 'real');
    const model = runs.find((r) => r.backend === 'model');
    if (real && model) for (const e of compareExitLogs(sc.name, real.exitLog, model.exitLog).excused) used.add(e);
  }
  assert.deepEqual(EXCEPTIONS.filter((e) => !used.has(e)), [], 'stale exceptions');
});

test('GDB stub: the same RSP session (breakpoint, watchpoint, step, continue to power-off) gets the same replies on both backends', () => {
  const real = kind('gdb').find((r) => r.backend === 'real');
  const model = kind('gdb').find((r) => r.backend === 'model');
  assert.ok(real && model, 'missing gdb records');
  assert.equal(real.status, 0, real.stderr);
  assert.equal(model.status, 0, model.stderr);
  assert.match(real.transcript.find((l) => l.startsWith('vCont;c'))!, /swbreak:/);
  assert.match(real.transcript.filter((l) => l.startsWith('vCont;c'))[1]!, /watch:/);
  assert.equal(real.transcript.at(-1), 'vCont;c -> W00');
  assert.deepEqual(real.transcript, model.transcript);
});

test('the bundled CLI as its own process: kvmdbg.mjs run --backend real powers the guest off (status 0)', () => {
  const c: CliProcessRecord | undefined = kind('cli-process')[0];
  assert.ok(c, 'no cli-process record');
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, /Powering off with PSCI SYSTEM_OFF/);
  assert.match(c.stderr, /backend real/);
});

test('benchmark records: both backends completed their KVM_RUN round trips', () => {
  const b = kind('bench')[0];
  assert.ok(b, 'no bench record');
  assert.equal(b.real.iterations, FULL_PLAN.bench);
  assert.equal(b.model.iterations, FULL_PLAN.bench);
  assert.equal(b.real.backend, 'real');
});
