/**
 * `kvmdbg run --backend real` on a host that cannot run it (this CI host is x86_64 Linux): a usage error
 * with status 2 naming the reason, and koffi never loaded. On arm64 Linux with /dev/kvm the real
 * backend runs instead (test/system/realkvm.test.ts covers it inside QEMU).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { hostFacts, realKvmUnavailable } from '../../src/realkvm/index.ts';

const capable = realKvmUnavailable(hostFacts()) === null;

test('kvmdbg run --backend real on a host without arm64 KVM: status 2, the reason on stderr, koffi not loaded', { skip: capable && 'this host can run the real backend' }, async () => {
  let err = '';
  let out = '';
  const status = await main(['run', '--backend', 'real'], { out: (t) => void (out += t), err: (t) => void (err += t) });
  assert.equal(status, 2);
  assert.equal(out, '');
  assert.match(err, /--backend real: .*(arm64 Linux host|\/dev\/kvm does not exist)/);
  const cache = createRequire(import.meta.url).cache;
  assert.deepEqual(Object.keys(cache).filter((k) => k.includes('koffi')), []);
});

test('kvmdbg run --help documents --backend', async () => {
  let out = '';
  assert.equal(await main(['run', '--help'], { out: (t) => void (out += t), err: () => {} }), 0);
  assert.match(out, /--backend model\|real/);
});
