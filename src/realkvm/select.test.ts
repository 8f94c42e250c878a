import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KvmSystem } from '../abi/index.ts';
import { BackendUnavailableError, parseBackendName, selectBackend } from './select.ts';

const fakeModel = { backendName: 'model' } as unknown as KvmSystem;

test('--backend: only real and model are names', () => {
  assert.equal(parseBackendName('real'), 'real');
  assert.equal(parseBackendName('model'), 'model');
  assert.throws(() => parseBackendName('kvm'), BackendUnavailableError);
});

test('selectBackend: model is built by the caller, whatever the host', async () => {
  assert.equal(await selectBackend('model', () => fakeModel, { platform: 'linux', arch: 'x64', devKvmExists: false }), fakeModel);
});

test('selectBackend: real on an x86_64 host or without /dev/kvm is refused with the reason, before koffi loads', async () => {
  await assert.rejects(selectBackend('real', () => fakeModel, { platform: 'linux', arch: 'x64', devKvmExists: true }),
    (e: unknown) => e instanceof BackendUnavailableError && /arm64 Linux host.*linux\/x64/.test(e.message));
  await assert.rejects(selectBackend('real', () => fakeModel, { platform: 'linux', arch: 'arm64', devKvmExists: false }),
    (e: unknown) => e instanceof BackendUnavailableError && /\/dev\/kvm does not exist/.test(e.message));
});
