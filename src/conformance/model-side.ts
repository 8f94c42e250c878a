/**
 * The model side: executes the same plan through the KvmSystem interface (the ioctl-shaped contract
 * that both kvmdbg's kernel model and a real /dev/kvm backend implement) and returns results in the
 * real runner's terms: rc (-1 on failure), errno number, payload.
 */
import {
  KvmError,
  decodeVcpuInit,
  encodeCreateDevice,
  encodeDeviceAttr,
  encodeGuestDebug,
  encodeIrqLevel,
  encodeMpState,
  encodeVcpuInit,
  readU32,
  readU64,
  writeU32,
  writeU64,
  type KvmDevice,
  type KvmDeviceAttrs,
  type KvmSystem,
  type KvmVcpu,
  type KvmVm,
} from '../abi/index.ts';
import { RUN_RECORD_BYTES, type Plan } from './plan.ts';
import { ERRNO_NUMBERS, type OpResult } from './results.ts';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function runPlanOn(kvm: KvmSystem, plan: Plan): Map<number, OpResult> {
  const e = kvm.hostEndian;
  const out = new Map<number, OpResult>();
  let vm: KvmVm | undefined;
  let vcpu: KvmVcpu | undefined;
  /** Every vCPU of the VM by creation index (the plan's `sel` picks `vcpu` among them). */
  let vcpus: KvmVcpu[] = [];
  let mem: Uint8Array | undefined;
  let device: KvmDevice | undefined;
  const put = (idx: number, rc: number, errno: number, payload: string): void => {
    out.set(idx, { idx, rc, errno, payload });
  };
  /** Runs an ioctl-shaped call; a KvmError becomes rc -1 with its errno, anything else propagates. */
  const call = (idx: number, f: () => { rc: number; payload: string }, failPayload: () => string): void => {
    try {
      const r = f();
      put(idx, r.rc, 0, r.payload);
    } catch (err) {
      if (!(err instanceof KvmError)) throw err;
      const n = ERRNO_NUMBERS[err.errno];
      if (n === undefined) throw new Error(`no errno number for ${err.errno}`, { cause: err });
      put(idx, -1, n, failPayload());
    }
  };
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`plan uses ${what} before creating it`);
    return v;
  };
  for (const op of plan.ops) {
    switch (op.k) {
      case 'vm':
        vm = kvm.createVm(0);
        vcpu = vm.createVcpu(0);
        vcpus = [vcpu];
        mem = undefined;
        device = undefined;
        break;
      case 'mem':
        mem = kvm.allocGuestMemory(op.size);
        need(vm, 'the VM').setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: op.gpa, memory: mem });
        break;
      case 'write':
        need(mem, 'guest memory').set(op.bytes, op.off);
        break;
      case 'poke':
        need(vcpu, 'the vCPU').run.set(op.bytes, op.off);
        break;
      case 'init': {
        const target = decodeVcpuInit(need(vm, 'the VM').armPreferredTarget(), e).target;
        const features = [...Array(32).keys()].filter((b) => (op.features0 >>> b) & 1);
        call(op.idx, () => {
          need(vcpu, 'the vCPU').armVcpuInit(encodeVcpuInit({ target, features }, e));
          return { rc: 0, payload: target.toString(16) };
        }, () => target.toString(16));
        break;
      }
      case 'debug': {
        const arr = (base: number): bigint[] => {
          const a: bigint[] = Array(16).fill(0n);
          for (const [k, v] of op.regs) if (k >= base && k < base + 16) a[k - base] = v;
          return a;
        };
        const bytes = encodeGuestDebug({ control: op.control, bcr: arr(0), bvr: arr(16), wcr: arr(32), wvr: arr(48) }, e);
        call(op.idx, () => (need(vcpu, 'the vCPU').setGuestDebug(bytes), { rc: 0, payload: '-' }), () => '-');
        break;
      }
      case 'set':
        call(op.idx, () => (need(vcpu, 'the vCPU').setOneReg(op.id, op.value), { rc: 0, payload: '-' }), () => '-');
        break;
      case 'get':
        call(op.idx, () => ({ rc: 0, payload: need(vcpu, 'the vCPU').getOneReg(op.id).toString(16) }), () => '0');
        break;
      case 'run': {
        const v = need(vcpu, 'the vCPU');
        if (op.ms) kvm.setTimerSignal(op.ms);
        try {
          call(op.idx, () => (v.runVcpu(), { rc: 0, payload: '' }), () => '');
        } finally {
          if (op.ms) kvm.setTimerSignal(0);
        }
        out.get(op.idx)!.payload = hex(v.run.subarray(0, RUN_RECORD_BYTES));
        break;
      }
      case 'cap':
        call(op.idx, () => ({ rc: need(vm, 'the VM').checkExtension(op.cap), payload: '-' }), () => '-');
        break;
      case 'dump':
        put(op.idx, 0, 0, hex(need(mem, 'guest memory').subarray(op.off, op.off + op.len)));
        break;
      case 'vcpu':
        call(op.idx, () => (vcpus.push(need(vm, 'the VM').createVcpu(op.id)), { rc: 0, payload: '-' }), () => '-');
        break;
      case 'sel':
        vcpu = vcpus[op.n];
        if (!vcpu) throw new Error(`plan selects vCPU ${op.n}, which was not created`);
        break;
      case 'mpget': {
        const mp = new Uint8Array(4);
        call(op.idx, () => (need(vcpu, 'the vCPU').getMpState(mp), { rc: 0, payload: readU32(mp, 0, e).toString(16) }), () => '0');
        break;
      }
      case 'mpset': {
        const mp = encodeMpState(op.state, e);
        call(op.idx, () => (need(vcpu, 'the vCPU').setMpState(mp), { rc: 0, payload: '-' }), () => '-');
        break;
      }
      case 'device': {
        const v = need(vm, 'the VM');
        if (!v.createDevice) throw new Error(`backend ${kvm.backendName} has no KVM_CREATE_DEVICE`);
        const cd = encodeCreateDevice({ type: op.type, flags: op.flags }, e);
        call(op.idx, () => {
          device = v.createDevice!(cd) ?? device;
          return { rc: 0, payload: '-' };
        }, () => '-');
        break;
      }
      case 'attr':
      case 'vattr': {
        const d: Partial<KvmDeviceAttrs> | undefined = op.k === 'attr' ? device : vcpu;
        const a = encodeDeviceAttr({ group: op.group, attr: op.attr }, e);
        const data = new Uint8Array(op.size);
        if (op.size === 4) writeU32(data, 0, Number(op.value), e);
        else writeU64(data, 0, op.value, e);
        const value = (): string => (op.size === 4 ? BigInt(readU32(data, 0, e)) : readU64(data, 0, e)).toString(16);
        if (!d?.setDeviceAttr || !d.getDeviceAttr || !d.hasDeviceAttr) {
          if (d) throw new Error(`backend ${kvm.backendName} has no device attributes on the vCPU fd`);
          put(op.idx, -1, ERRNO_NUMBERS.EBADF!, op.kind === 'g' ? value() : '-'); // no device fd
          break;
        }
        call(op.idx, () => {
          if (op.kind === 's') d.setDeviceAttr!(a, data);
          else if (op.kind === 'g') d.getDeviceAttr!(a, data);
          else d.hasDeviceAttr!(a);
          return { rc: 0, payload: op.kind === 'g' ? value() : '-' };
        }, () => (op.kind === 'g' ? value() : '-'));
        break;
      }
      case 'irq': {
        const v = need(vm, 'the VM');
        if (!v.irqLine) throw new Error(`backend ${kvm.backendName} has no KVM_IRQ_LINE`);
        const b = encodeIrqLevel({ irq: op.irq, level: op.level }, e);
        call(op.idx, () => (v.irqLine!(b), { rc: 0, payload: '-' }), () => '-');
        break;
      }
    }
  }
  return out;
}
