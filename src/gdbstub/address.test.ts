import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGdbAddress } from './address.ts';

test('--gdb [HOST:]PORT: host defaults to 127.0.0.1; other hosts only when given; bad ports rejected', () => {
  assert.deepEqual(parseGdbAddress('1234'), { host: '127.0.0.1', port: 1234 });
  assert.deepEqual(parseGdbAddress(':1234'), { host: '127.0.0.1', port: 1234 });
  assert.deepEqual(parseGdbAddress('0.0.0.0:1234'), { host: '0.0.0.0', port: 1234 });
  assert.deepEqual(parseGdbAddress('[::1]:99'), { host: '::1', port: 99 });
  assert.deepEqual(parseGdbAddress('tcp::1234'), { host: '127.0.0.1', port: 1234 });
  assert.throws(() => parseGdbAddress('a:b:1'), /IPv6 address in brackets/);
  assert.throws(() => parseGdbAddress('70000'), /not in 0\.\.65535/);
  assert.throws(() => parseGdbAddress('x'), /\[HOST:\]PORT/);
});
