/**
 * The parts of the real backend that need no /dev/kvm, run through koffi on any Linux host: the libc
 * calls, errno mapping of a failing ioctl, guest memory mappings and the SIGALRM timer. The ioctls
 * themselves are checked on a real kernel in test/system/realkvm.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KvmError } from '../abi/index.ts';
import { UnmappedErrnoError } from './errno.ts';
import { RealKvm } from './kvm.ts';
import { hostFacts, realKvmUnavailable } from './index.ts';
import { loadLibc } from './libc.ts';

const linux = process.platform === 'linux';
const hooks = { installAlarmHandler: () => void process.on('SIGALRM', () => {}) };

test('realKvmUnavailable: only arm64 Linux with /dev/kvm qualifies, and the reason says what is missing', () => {
  assert.equal(realKvmUnavailable({ platform: 'linux', arch: 'arm64', devKvmExists: true }), null);
  assert.match(realKvmUnavailable({ platform: 'linux', arch: 'x64', devKvmExists: true }) ?? '', /arm64 Linux host.*linux\/x64/);
  assert.match(realKvmUnavailable({ platform: 'darwin', arch: 'arm64', devKvmExists: false }) ?? '', /darwin\/arm64/);
  assert.match(realKvmUnavailable({ platform: 'linux', arch: 'arm64', devKvmExists: false }) ?? '', /\/dev\/kvm does not exist/);
  assert.equal(typeof hostFacts().devKvmExists, 'boolean');
});

test('open: a missing device fails with the kernel errno ENOENT', { skip: !linux && 'needs Linux libc' }, async () => {
  const libc = await loadLibc();
  assert.throws(() => RealKvm.open(libc, '/nonexistent/kvm', 'le', 'test', hooks), (e: unknown) => e instanceof KvmError && e.errno === 'ENOENT');
});

test('ioctl on a file that is not /dev/kvm: KVM_GET_API_VERSION fails with ENOTTY, reported by number', { skip: !linux && 'needs Linux libc' }, async () => {
  const libc = await loadLibc();
  const kvm = RealKvm.open(libc, '/dev/null', 'le', 'test', hooks);
  assert.throws(() => kvm.getApiVersion(), (e: unknown) => e instanceof UnmappedErrnoError && e.errnoNumber === 25);
  assert.throws(() => kvm.ioctlArg(-1, 'KVM_RUN', 0), (e: unknown) => e instanceof KvmError && e.errno === 'EBADF' && e.ioctl === 'KVM_RUN');
});

test('allocGuestMemory: zero-filled anonymous mapping, writable, with its host address known for the memslot', { skip: !linux && 'needs Linux libc' }, async () => {
  const libc = await loadLibc();
  const kvm = RealKvm.open(libc, '/dev/null', 'le', 'test', hooks);
  const mem = kvm.allocGuestMemory(1 << 20);
  assert.equal(mem.length, 1 << 20);
  assert.ok(mem.every((b) => b === 0));
  mem[12345] = 0xa5;
  const addr = kvm.mappings.addressOf(mem);
  assert.ok(addr !== null && addr % 4096n === 0n, 'page aligned, as KVM_SET_USER_MEMORY_REGION requires');
  assert.equal(libc.address(mem), addr);
  assert.equal(kvm.mappings.addressOf(mem.subarray(16)), addr + 16n);
  assert.equal(kvm.mappings.addressOf(new Uint8Array(4096)), null, 'a heap buffer is not a guest mapping');
  assert.throws(() => kvm.allocGuestMemory(0), RangeError);
});

test('setTimerSignal: SIGALRM interrupts a blocking system call with EINTR and the process survives; 0 disarms', { skip: !linux && 'needs Linux libc' }, async () => {
  const libc = await loadLibc();
  const koffi = (await import('koffi')).default;
  const pause = koffi.load('libc.so.6').func('pause', 'int', []);
  let installed = 0;
  const kvm = RealKvm.open(libc, '/dev/null', 'le', 'test', { installAlarmHandler: () => { installed++; hooks.installAlarmHandler(); } });
  kvm.setTimerSignal(5);
  assert.equal(installed, 1);
  const r = pause() as number;
  const errno = libc.errno();
  kvm.setTimerSignal(0);
  assert.equal(r, -1);
  assert.equal(errno, 4, 'EINTR');
  const getitimer = koffi.load('libc.so.6').func('getitimer', 'int', ['int', 'void *']);
  const cur = new Uint8Array(32).fill(0xff);
  assert.equal(getitimer(0, cur) as number, 0);
  assert.ok(cur.every((b) => b === 0), 'disarmed: it_interval and it_value are zero');
});
