/**
 * The conformance scenarios themselves: every guest word disassembles (binutils' objdump, an independent
 * decoder) to the instruction written beside it, the files validate, and malformed scenarios are
 * rejected with messages that name the place.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarios } from '../../src/conformance/load.ts';
import { ScenarioError, validateScenario, parseNum } from '../../src/conformance/scenario.ts';
import { buildPlan, toProgramText } from '../../src/conformance/plan.ts';
import { REPO_ROOT } from '../../src/conformance/real-side.ts';

const OBJDUMP = 'aarch64-linux-gnu-objdump';

/** objdump's text for a word at an address, normalised: mnemonic and operands, comments dropped. */
function objdump(words: number[], vma: bigint, dir: string): string[] {
  const bin = join(dir, 'w.bin');
  const b = Buffer.alloc(4 * words.length);
  words.forEach((w, i) => b.writeUInt32LE(w, 4 * i));
  writeFileSync(bin, b);
  let out: string;
  try {
    out = execFileSync(OBJDUMP, ['-D', '-b', 'binary', '-m', 'aarch64', `--adjust-vma=0x${vma.toString(16)}`, bin], { encoding: 'utf8' });
  } catch (e) {
    throw new Error(`${OBJDUMP} failed or is missing (Debian package binutils-aarch64-linux-gnu)`, { cause: e });
  }
  return out
    .split('\n')
    .map((l) => /^\s*[0-9a-f]+:\s+[0-9a-f]{8}\s+(.*)$/.exec(l)?.[1])
    .filter((x): x is string => x !== undefined)
    .map((s) => s.replace(/\s*\/\/.*$/, '').replace(/\s+/g, ' ').trim());
}

/** Our notation: "b ." for a branch to itself; objdump prints the absolute target. */
function normalise(asm: string, pc: bigint): string {
  return asm.replace(/^b \.$/, `b 0x${pc.toString(16)}`).replace(/\s+/g, ' ').trim();
}

test('conformance scenarios: every code word disassembles to the instruction written beside it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-scen-'));
  let checked = 0;
  for (const sc of [...loadScenarios(), ...loadScenarios(join(REPO_ROOT, 'conformance', 'scenarios-gicv2'))]) {
    const base = parseNum(sc.memory.guestPhysAddr, 'gpa');
    for (const block of sc.code) {
      const start = base + parseNum(block.at, 'at');
      const dis = objdump(block.words.map(([w]) => parseInt(w, 16)), start, dir);
      assert.equal(dis.length, block.words.length, `${sc.name}@${block.at}: objdump line count`);
      block.words.forEach(([w, asm], i) => {
        const pc = start + BigInt(4 * i);
        assert.equal(dis[i], normalise(asm, pc), `${sc.name}: word ${w} at 0x${pc.toString(16)}`);
        checked++;
      });
    }
  }
  assert.ok(checked >= 40, `checked ${checked} words`);
});

test('conformance scenarios: the files cover the reference observation rows e1..h2, S1 and S2', () => {
  const rows = new Set(loadScenarios().flatMap((s) => s.rows.split(/\s+/)));
  for (const r of ['e1', 'e2', 'e3', 'e4', 'a', 'a2', 'b1', 'b2', 'b3', 'b4', 'c', 'd', 'd2', 'd3', 'f', 'f1', 'g1', 'g2', 'g3', 'g4', 'g5', 'h1', 'h2', 's1a', 's1b', 's1c', 's1d', 's2a', 's2b']) {
    assert.ok(rows.has(r), `row ${r} has a scenario`);
  }
});

test('conformance plan: the runner program has one recorded index per label, in order', () => {
  const plan = buildPlan(loadScenarios());
  const text = toProgramText(plan);
  const recorded = text.split('\n').filter((l) => /^[igsrxcdCDABLMN] /.test(l)).map((l) => parseInt(l.split(' ')[1]!, 16));
  assert.deepEqual(recorded, plan.labels.map((_, i) => i));
});

const minimal = (): Record<string, unknown> => ({
  name: 'x',
  rows: 'x',
  description: 'x',
  memory: { guestPhysAddr: '0x10000', size: '0x1000' },
  code: [{ at: '0x0', words: [['14000000', 'b .']] }],
  steps: [{ id: 'init', op: 'vcpuInit' }],
});

test('validateScenario: rejects malformed scenarios naming the file and the place', () => {
  assert.doesNotThrow(() => validateScenario(minimal(), 'ok.json'));
  const bad: [(s: Record<string, unknown>) => void, RegExp][] = [
    [(s) => (s.steps = [{ id: 'r', op: 'run', timerMs: 0 }]), /bad\.json: steps\[0\]\.timerMs must be 1\.\.10000/],
    [(s) => (s.steps = [{ id: 'r', op: 'jump' }]), /unknown op "jump"/],
    [(s) => (s.steps = [{ id: 'm', op: 'getMpState', vcpu: 1 }]), /steps\[0\]\.vcpu must be the index of a vCPU created before \(0\.\.0\)/],
    [(s) => (s.steps = [{ id: 'c', op: 'createVcpu', vcpuId: 1, vcpu: 0 }]), /"vcpu" is not a field of createVcpu/],
    [(s) => (s.steps = [{ id: 'r', op: 'getReg', reg: 'x31' }]), /unknown register "x31"/],
    [(s) => (s.steps = [{ id: 'r', op: 'run', poison: { flags: '0x10000' } }]), /poison\.flags is 16 bits/],
    [(s) => (s.steps = [{ id: 'a', op: 'vcpuInit' }, { id: 'a', op: 'vcpuInit' }]), /duplicate id "a"/],
    [(s) => (s.steps = [{ id: 'g', op: 'setGuestDebug', control: '0x1', watchpoints: [{ n: 16, wcr: '0', wvr: '0' }] }]), /watchpoints\[0\]\.n must be 0\.\.15/],
    [(s) => (s.code = [{ at: '0xffc', words: [['14000000', 'b .'], ['14000000', 'b .']] }]), /code\[0\]: 8 bytes at 4092 overrun/],
    [(s) => (s.code = [{ at: '0x0', words: [['1400000', 'b .']] }]), /words\[0\] must be \["8 hex digits"/],
    [(s) => (s.steps = [{ id: 'r', op: 'run', extra: 1 }]), /"extra" is not a field of run/],
    [(s) => (s.memory = { guestPhysAddr: '0x10000', size: '0x1001' }), /multiple of 4096/],
    [(s) => (s.steps = [{ id: 'r', op: 'run', runWrites: [{ field: 'mmio.dat', bytes: '00' }] }]), /kvm_run has no field "mmio\.dat"/],
    [(s) => (s.steps = [{ id: 'r', op: 'run', runWrites: [{ field: 'mmio.len', bytes: '0000000000' }] }]), /5 bytes for the 4-byte field mmio\.len/],
    [(s) => (s.steps = [{ id: 'r', op: 'getReg', reg: 'TTBR0_EL1' }]), /unknown register "TTBR0_EL1"/],
  ];
  for (const [mutate, re] of bad) {
    const s = minimal();
    mutate(s);
    assert.throws(() => validateScenario(s, 'bad.json'), (e: unknown) => e instanceof ScenarioError && re.test(e.message));
  }
});

test('loadScenarios: two scenarios putting different code at one guest address are rejected', async () => {
  const { checkNoCodeReuse } = await import('../../src/conformance/load.ts');
  const a = validateScenario(minimal(), 'a.json');
  const b = validateScenario({ ...minimal(), name: 'y', code: [{ at: '0x0', words: [['d503201f', 'nop']] }] }, 'b.json');
  assert.throws(() => checkNoCodeReuse([a, b]), /y: guest address 0x10000 holds d503201f, but scenario x put 14000000 there/);
  assert.doesNotThrow(() => checkNoCodeReuse([a, validateScenario({ ...minimal(), name: 'z' }, 'c.json')]));
});

test('compare: an exception excuses only the exact pair of results it names; one that matches nothing is stale', async () => {
  const { compare, failures, validateExceptions } = await import('../../src/conformance/compare.ts');
  const plan = { ops: [], labels: [{ scenario: 's', step: 'a', what: 'run' }, { scenario: 's', step: 'b', what: 'reg:pc' }] };
  const r = (idx: number, payload: string): [number, { idx: number; rc: number; errno: number; payload: string }] => [idx, { idx, rc: 0, errno: 0, payload }];
  const real = new Map([r(0, 'aa'), r(1, '10')]);
  const model = new Map([r(0, 'bb'), r(1, '10')]);
  const reason = 'a reason long enough to be reviewed';
  const exact = validateExceptions([{ kernels: ['6.1'], scenario: 's', step: 'a', what: 'run', real: '0 0 aa', model: '0 0 bb', reason }]);
  assert.equal(failures(compare('6.1', plan, real, model, exact)), 0);
  assert.equal(failures(compare('5.10', plan, real, model, exact)), 1, 'another kernel is not excused');
  const other = validateExceptions([{ kernels: ['6.1'], scenario: 's', step: 'a', what: 'run', real: '0 0 aa', model: '0 0 cc', reason }]);
  const c = compare('6.1', plan, real, model, other);
  assert.equal(c.differences.length, 1);
  assert.equal(c.stale.length, 1);
  assert.equal(failures(c), 2);
  assert.throws(() => validateExceptions([{ kernels: ['6.1'], scenario: 's', step: 'a', what: 'run', real: '', model: '', reason: 'short' }]), /reason of at least 20/);
});
