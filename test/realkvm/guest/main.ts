/**
 * Runs inside the arm64 test VM (Debian's Node 18 on a Debian 6.1 kernel with /dev/kvm), bundled by
 * build.ts into /opt/kvmdbg/guest-main.mjs. Follows /opt/kvmdbg/plan.json and prints records (see
 * ../records.ts) on stdout, which is the console.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { release, uptime } from 'node:os';
import { gzipSync } from 'node:zlib';
import {
  KVM_ARM_VCPU_PSCI_0_2, KVM_CAP_GUEST_DEBUG_HW_BPS, KVM_CAP_GUEST_DEBUG_HW_WPS, KVM_CAP_SET_GUEST_DEBUG,
  KVM_CAP_SET_GUEST_DEBUG2, KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_USE_SW_BP, KvmError, REG_PC, REG_PSTATE, RUN_OFF,
  decodeVcpuInit, encodeGuestDebug, encodeVcpuInit, readDebugExit, readU16, readU32, writeU16, type KvmSystem,
} from '../../../src/abi/index.ts';
import { main } from '../../../src/cli/main.ts';
import { createModelKvm } from '../../../src/kvm/index.ts';
import { openRealKvm } from '../../../src/realkvm/index.ts';
import { measureKvmRunRoundTrips } from '../../../bench/kvm-run-round-trips.ts';
import { gdbScenario } from './gdb.ts';
import { CHUNK, RECORD_PREFIX, type GuestRecord, type Plan, type RunRecord, type SmokeRecord } from '../records.ts';

const OPT = '/opt/kvmdbg';
let seq = 0;

function emit(r: GuestRecord): void {
  const b64 = gzipSync(Buffer.from(JSON.stringify(r))).toString('base64');
  const id = ++seq;
  const n = Math.ceil(b64.length / CHUNK);
  let text = '';
  for (let i = 0; i < n; i++) text += `${RECORD_PREFIX} ${id} ${i + 1}/${n} ${b64.slice(i * CHUNK, (i + 1) * CHUNK)}\n`;
  process.stdout.write(text);
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Guest at GPA 0x10000 (64 KiB slot), as in the reference experiment:
 *   0x10000 d503201f nop; 0x10004 d503201f nop; 0x10008 d503201f nop
 *   0x1000c d4224680 brk #0x1234
 *   0x10010 14000000 b .
 */
const SMOKE_CODE = [0xd503201f, 0xd503201f, 0xd503201f, 0xd4224680, 0x14000000];

function smoke(sys: KvmSystem): SmokeRecord {
  const e = sys.hostEndian;
  const apiVersion = sys.getApiVersion();
  const mmapSize = sys.getVcpuMmapSize();
  const vm = sys.createVm(0);
  const caps = {
    setGuestDebug: vm.checkExtension(KVM_CAP_SET_GUEST_DEBUG),
    setGuestDebug2: vm.checkExtension(KVM_CAP_SET_GUEST_DEBUG2),
    hwBps: vm.checkExtension(KVM_CAP_GUEST_DEBUG_HW_BPS),
    hwWps: vm.checkExtension(KVM_CAP_GUEST_DEBUG_HW_WPS),
  };
  const mem = sys.allocGuestMemory(0x10000);
  const dv = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
  SMOKE_CODE.forEach((w, i) => dv.setUint32(i * 4, w, e === 'le'));
  vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: 0x10000n, memory: mem });
  const vcpu = vm.createVcpu(0);
  const preferredTarget = decodeVcpuInit(vm.armPreferredTarget(), e).target;
  vcpu.armVcpuInit(encodeVcpuInit({ target: preferredTarget, features: [KVM_ARM_VCPU_PSCI_0_2] }, e));
  vcpu.setOneReg(REG_PSTATE, 0x3c5n);
  vcpu.setOneReg(REG_PC, 0x10000n);
  const dbg = (control: number): Uint8Array => encodeGuestDebug({ control, bcr: [], bvr: [], wcr: [], wvr: [] }, e);
  let badControl = 'accepted';
  try {
    vcpu.setGuestDebug(dbg(0x40001));
  } catch (err) {
    badControl = err instanceof KvmError ? err.errno : String(err);
  }
  vcpu.setGuestDebug(dbg(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP));
  // Poison what KVM may or may not write, as the reference experiment did.
  writeU16(vcpu.run, RUN_OFF.flags, 0xfffe, e);
  vcpu.run.fill(0xaa, RUN_OFF.debugArchHsr, RUN_OFF.debugArchHsr + 16);
  vcpu.runVcpu();
  const d = readDebugExit(vcpu.run, e);
  const brk = {
    exitReason: readU32(vcpu.run, RUN_OFF.exitReason, e), flags: readU16(vcpu.run, RUN_OFF.flags, e),
    debugArchHex: hex(d.raw), hsr: d.hsr, hsrHigh: d.hsrHigh, far: `0x${d.far.toString(16)}`,
    pc: `0x${vcpu.getOneReg(REG_PC).toString(16)}`,
  };
  // Off the BRK into `b .`, without guest debug; a 50 ms SIGALRM must end the KVM_RUN with EINTR.
  vcpu.setGuestDebug(dbg(0));
  vcpu.setOneReg(REG_PC, 0x10010n);
  writeU16(vcpu.run, RUN_OFF.flags, 0x5a5a, e);
  sys.setTimerSignal(50);
  let error = 'none';
  try {
    vcpu.runVcpu();
  } catch (err) {
    error = err instanceof KvmError ? err.errno : String(err);
  } finally {
    sys.setTimerSignal(0);
  }
  const eintr = { error, exitReason: readU32(vcpu.run, RUN_OFF.exitReason, e), flags: readU16(vcpu.run, RUN_OFF.flags, e) };
  return {
    kind: 'smoke', apiVersion, mmapSize, caps, preferredTarget, backend: sys.backendName, hostEndian: e,
    kernel: sys.kernelDescription, brk, eintr, badControl,
  };
}

async function runScenario(name: string, guest: string, args: string[], backend: 'real' | 'model'): Promise<RunRecord> {
  const log = `/tmp/exit-${name}-${backend}.jsonl`;
  rmSync(log, { force: true });
  let stdout = '';
  let stderr = '';
  const argv = ['run', `${OPT}/guests/${guest}`, ...args, '--backend', backend, ...(backend === 'model' ? ['--host-kernel', '6.1'] : []), '--exit-log', log];
  const t0 = performance.now();
  let status: number;
  try {
    status = await main(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  } catch (err) {
    status = -1;
    stderr += `THROWN: ${(err as Error).stack ?? String(err)}\n`;
  }
  const seconds = (performance.now() - t0) / 1000;
  let exitLog = '';
  try {
    exitLog = readFileSync(log, 'utf8');
  } catch {
    // no log: the run failed before opening it; status and stderr say why
  }
  return { kind: 'run', scenario: name, backend, status, stdout, stderr, exitLog, seconds };
}

async function run(): Promise<void> {
  emit({ kind: 'info', node: process.version, arch: process.arch, uptime: uptime(), release: release() });
  const plan = JSON.parse(readFileSync(`${OPT}/plan.json`, 'utf8')) as Plan;
  const step = async (where: string, f: () => Promise<void> | void): Promise<void> => {
    try {
      await f();
    } catch (err) {
      emit({ kind: 'error', where, message: (err as Error).stack ?? String(err) });
    }
  };
  if (plan.smoke) await step('smoke', async () => emit(smoke(await openRealKvm())));
  for (const s of plan.scenarios) {
    for (const backend of ['real', 'model'] as const) {
      await step(`${s.name}/${backend}`, async () => emit(await runScenario(s.name, s.guest, s.args, backend)));
    }
  }
  if (plan.gdb) {
    await step('gdb/real', async () => emit(await gdbScenario(`${OPT}/guests`, 'real', 4711)));
    await step('gdb/model', async () => emit(await gdbScenario(`${OPT}/guests`, 'model', 4712)));
  }
  if (plan.cliProcess) {
    await step('cli-process', () => {
      const argv = [`${OPT}/kvmdbg.mjs`, 'run', `${OPT}/guests/hello-gcc-O2.elf`, '--backend', 'real'];
      const r = spawnSync(process.execPath, argv, { encoding: 'utf8', timeout: 120_000 });
      emit({ kind: 'cli-process', argv, status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') });
    });
  }
  if (plan.bench > 0) {
    await step('bench', async () => {
      const real = measureKvmRunRoundTrips(await openRealKvm(), plan.bench);
      const model = measureKvmRunRoundTrips(createModelKvm({ profile: '6.1', endian: 'le' }), plan.bench);
      emit({ kind: 'bench', real, model });
    });
  }
  process.stdout.write('RKT-END\n');
}

await run();
