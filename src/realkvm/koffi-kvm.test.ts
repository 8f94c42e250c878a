/**
 * The koffi backend's failure path on any Linux host: opening a missing device or issuing KVM ioctls to
 * a file that is not /dev/kvm fails with the kernel's errno (real libc calls; no KVM needed). The KVM
 * behaviour itself is checked inside a booted arm64 guest by test/system/conformance-node.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvmError } from '../abi/index.ts';
import { openRealKvm } from './koffi-kvm.ts';

test('openRealKvm: a missing device is ENOENT from open(2), named in the error', () => {
  assert.throws(
    () => openRealKvm('/nonexistent/kvm'),
    (e: unknown) => e instanceof KvmError && e.errno === 'ENOENT' && e.ioctl === 'open(/nonexistent/kvm)',
  );
});

test('KVM_GET_API_VERSION on a file that is not /dev/kvm fails with the ioctl errno (ENOTTY, reported by number)', () => {
  const kvm = openRealKvm('/dev/null');
  assert.throws(
    () => kvm.getApiVersion(),
    (e: unknown) => e instanceof KvmError && e.ioctl === 'KVM_GET_API_VERSION' && /errno 25\b/.test(e.message),
  );
});
