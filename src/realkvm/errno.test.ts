import assert from 'node:assert/strict';
import { constants } from 'node:os';
import { test } from 'node:test';
import { KvmError } from '../abi/index.ts';
import { errnoError, LINUX_ERRNO, UnmappedErrnoError } from './errno.ts';

test('errno table: every number is the one the host C library uses for that name (Linux generic errnos)', { skip: process.platform !== 'linux' && 'errno numbers are Linux ones' }, () => {
  const host = constants.errno as Record<string, number>;
  for (const [num, name] of Object.entries(LINUX_ERRNO)) assert.equal(host[name], Number(num), name);
});

test('errnoError: a known errno becomes KvmError with the name and the ioctl verbatim', () => {
  const e = errnoError(22, 'KVM_SET_GUEST_DEBUG');
  assert.ok(e instanceof KvmError);
  assert.equal(e.errno, 'EINVAL');
  assert.equal(e.ioctl, 'KVM_SET_GUEST_DEBUG');
  const i = errnoError(4, 'KVM_RUN');
  assert.ok(i instanceof KvmError && i.errno === 'EINTR');
});

test('errnoError: an errno KvmError has no name for (ENOTTY) is reported with its number, not renamed', () => {
  const e = errnoError(25, 'KVM_GET_API_VERSION');
  assert.ok(e instanceof UnmappedErrnoError);
  assert.equal(e.errnoNumber, 25);
  assert.match(e.message, /errno 25 \(ENOTTY\)/);
});
