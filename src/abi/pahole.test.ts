/**
 * The pahole-style formatter on hand-laid-out structs (AAPCS64 offsets worked out by hand); its output
 * for the KVM structs is compared with dwarves' pahole in test/system/abi-headers.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPahole } from './pahole.ts';
import { m, struct, union, array } from './layout.ts';
import { U8, U16, U32, U64 } from './kvm-structs.ts';
import { parseKernelVersion, hasHsrHigh, structForKernel } from './kernel-version.ts';

test('formatPahole: holes, nested tail padding, tag renames and the summary lines', () => {
  const inner = struct('inner', [m('a', U64), m('b', U8)]); // 9 bytes + 7 tail padding
  const s = struct('outer', [m('x', U16), m('in', inner), m('u', union('', [m('c', array(U8, 3)), m('d', U16)])), m('y', U32)]);
  // x@0, hole 6, in@8 (16), u@24 (4, align 2), y@28 -> size 32
  const text = formatPahole(s, { displayName: 'shown', tags: { inner: 'renamed' } });
  assert.match(text, /^struct shown \{\n/);
  assert.match(text, /__u16\s+x;\s+\/\*\s+0\s+2 \*\/\n\n\s+\/\* XXX 6 bytes hole \*\/\n\n\s+struct renamed \{/);
  assert.match(text, /__u8\s+b;\s+\/\*\s+16\s+1 \*\/\n\n\s+\/\* XXX 7 bytes tail padding \*\/\n\s+\} in;\s+\/\*\s+8\s+16 \*\//);
  assert.match(text, /__u8\s+c\[3\];\s+\/\*\s+24\s+3 \*\//);
  assert.match(text, /__u32\s+y;\s+\/\*\s+28\s+4 \*\//);
  assert.match(text, /\/\* size: 32, cachelines: 1, members: 4 \*\/\n\s+\/\* sum members: 26, holes: 1, sum holes: 6 \*\/\n\s+\/\* last cacheline: 32 bytes \*\/\n\};\n$/);
});

test('formatPahole: top-level tail padding is reported as padding', () => {
  const text = formatPahole(struct('t', [m('a', U64), m('b', U32)]));
  assert.match(text, /\/\* padding: 4 \*\//);
  assert.doesNotMatch(text, /XXX/);
});

test('kernel versions: MAJOR.MINOR[.PATCH]; hsr_high from 5.19.0 on', () => {
  assert.deepEqual(parseKernelVersion('6.1.192'), { major: 6, minor: 1, patch: 192 });
  assert.equal(hasHsrHigh(parseKernelVersion('5.18.19')), false);
  assert.equal(hasHsrHigh(parseKernelVersion('5.19')), true);
  assert.equal(hasHsrHigh(parseKernelVersion('10.0')), true);
  for (const bad of ['', '6', '6.1.', '6.1-rc1', 'v6.1', '6..1', '1.0']) assert.throws(() => parseKernelVersion(bad), Error, bad);
  assert.equal(structForKernel('kvm_debug_exit_arch', parseKernelVersion('5.10'))?.name, 'kvm_debug_exit_arch_pre_5_19');
  assert.equal(structForKernel('kvm_regs', parseKernelVersion('5.10'))?.name, 'kvm_regs');
  assert.equal(structForKernel('nope', null), null);
});

test('kernel versions: a number too large is said to be too large, not malformed; prototype names are no structs', () => {
  assert.throws(() => parseKernelVersion('99999999999999999999.1'), /kernel version '99999999999999999999\.1': major 99999999999999999999 is too large/);
  assert.throws(() => parseKernelVersion('6.1000'), /minor 1000 is too large/);
  assert.throws(() => parseKernelVersion('6.1.100000'), /patch 100000 is too large/);
  assert.deepEqual(parseKernelVersion('999.999.99999'), { major: 999, minor: 999, patch: 99999 });
  for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) assert.equal(structForKernel(name, null), null, name);
});
