/**
 * RSP packets for the fuzzer: every packet type the stub implements (the @rsp list of
 * src/gdbstub/protocol/parse.ts), with arguments drawn from edges (0, all ones, the ends of guest RAM,
 * MMIO, lengths around PacketSize) and from noise, plus packets the stub does not know and random bytes.
 * Framing is written out here again (not the stub's own), so that a framing bug is not mirrored.
 */
import type { Rng } from './rng.ts';

/** Guest RAM of `kvmdbg run` (QEMU virt: 0x40000000, 128 MiB by default) and the fuzz guest's pages. */
export const RAM_BASE = 0x4000_0000n;
export const RAM_END = RAM_BASE + 128n * 1024n * 1024n;
export const CODE = 0x4008_0000n;
export const DATA = 0x4009_0000n;

const hex = (v: bigint | number): string => v.toString(16);
const hexBytes = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const asciiHex = (s: string): string => Array.from(s, (c) => (c.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')).join('');

/** The modulo-256 sum of a body as sent. */
export function checksum(body: string): number {
  let s = 0;
  for (let i = 0; i < body.length; i++) s = (s + body.charCodeAt(i)) & 0xff;
  return s;
}

/** `$body#cc`, with '$', '#', '}' and '*' in the body escaped as the RSP requires of binary data. */
export function rspFrame(body: string, badSum = false): string {
  let b = '';
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i) & 0xff;
    b += c === 0x24 || c === 0x23 || c === 0x7d || c === 0x2a ? '}' + String.fromCharCode(c ^ 0x20) : String.fromCharCode(c);
  }
  const sum = badSum ? (checksum(b) + 1) & 0xff : checksum(b);
  return `$${b}#${sum.toString(16).padStart(2, '0')}`;
}

/** Hex of a number as gdb writes it, or a deformed spelling of it. */
function num(r: Rng, v: bigint | number): string {
  const h = hex(v);
  switch (r.below(12)) {
    case 0: return h.toUpperCase();
    case 1: return '0'.repeat(r.int(1, 20)) + h;          // leading zeros, possibly past 16 digits
    case 2: return '';
    case 3: return r.pick(['-1', 'x', '0x' + h, h + 'g', ' ' + h, '1'.repeat(40), 'ffffffffffffffffff']);
    default: return h;
  }
}

function addr(r: Rng): bigint {
  switch (r.below(10)) {
    case 0: return 0n;
    case 1: return (1n << 64n) - 1n - BigInt(r.below(16));
    case 2: return RAM_END - BigInt(r.below(64));                 // a read that runs past the end of RAM
    case 3: return RAM_BASE - BigInt(r.below(64));
    case 4: return r.pick([0x0800_0000n, 0x0900_0000n, 0x0901_0000n, 0x0a00_0000n]) + BigInt(r.below(0x100));  // GIC, UART, RTC, virtio
    case 5: return r.u64();
    case 6: return CODE + BigInt(r.below(0x40));
    default: return DATA + BigInt(r.below(0x2000));
  }
}

function len(r: Rng): number {
  switch (r.below(8)) {
    case 0: return 0;
    case 1: return r.pick([0x3fff, 0x4000, 0x2000, 0x1fff, 0x1000]);
    case 2: return r.pick([0xffff_ffff, 0x8000_0000, 0x1_0000]);
    default: return r.int(1, 64);
  }
}

/** A thread-id: multiprocess or plain, valid or not. */
function thread(r: Rng): string {
  return r.pick(['-1', '0', '1', '2', 'p1.1', 'p1.-1', 'p-1.-1', 'p1.0', 'p0.0', 'p1.2', 'pff.ff', 'p1', 'p.1', '', 'zz',
    hex(r.u32()), `p${hex(r.u32())}.${hex(r.u32())}`]);
}

const MONITOR = ['help', 'exit', 'exit all', 'exit 0', 'exit 7', 'exit -1', 'exit 99999999999999999999', 'vcpus', 'phys', 'phys on',
  'phys off', 'phys maybe', 'gva2gpa 0x40080000', 'gva2gpa 0xffffffffffffffff', 'gva2gpa', 'gva2gpa zz', 'esr 0x96000050', 'esr',
  'esr 0x1_0000_0000_0000_0000', 'esr \x01', 'kernel', 'kaslr', '', '   ', 'help me', '__proto__', 'toString', 'constructor'];

const ANNEX = ['target.xml', 'aarch64-core.xml', 'aarch64-fpu.xml', 'nope.xml', '', '../../../etc/passwd', '__proto__', 'target.xml\0'];

/** A resume packet (c, s, C, S, vCont;c/s): the guest runs until it stops or an interrupt stops it. */
export function resumePacket(r: Rng): string {
  const sig = r.pick(['00', '05', '02', 'ff', '', 'zz']);
  switch (r.below(8)) {
    case 0: return 'c';
    case 1: return 's';
    case 2: return `C${sig}`;
    case 3: return `S${sig}`;
    case 4: return r.pick(['vCont;c', 'vCont;s', 'vCont;c:p1.-1', 'vCont;s:p1.1;c:p1.-1', 'vCont;s:1', 'vCont;c:p1.1',
      'vCont;C05:p1.1', 'vCont;s:p1.2;c', 'vCont;t', 'vCont;r40080000,40080010']);
    case 5: return `s${hex(CODE + 4n * BigInt(r.below(4)))}`;
    default: return r.pick(['c', 's', 'vCont;c', 'vCont;s:p1.1;c:p1.-1']);
  }
}

/** Noise that would parse as a resume, D, k or vKill gets a leading '_' (an unknown packet). */
function tame(body: string): string {
  return /^([cCsSDk]|vCont;|vKill)/.test(body) ? '_' + body : body;
}

/**
 * One packet body the stub handles while the guest is halted: every type it implements with edge
 * arguments, unknown packets, noise. Never a forward resume, D, k or vKill (the caller places those);
 * `bc` and `bs` are among the noise: with history on they run the guest backwards, which ends by itself,
 * so the packets pipelined behind one wait for its stop (more than the stub queues make it stop early).
 */
export function packetBody(r: Rng): string {
  switch (r.below(40)) {
    case 0: return '?';
    case 1: return 'g';
    case 2: return 'G' + (r.chance(0.5) ? '0'.repeat(r.pick([0, 1, 2, 66 * 16, 68 * 16, 1072, 1088, 100])) : hexBytes(r.bytes(r.below(600))));
    case 3: return `p${num(r, r.chance(0.8) ? r.below(0x60) : r.u32())}`;
    case 4: {
      // registers other than pc (32) and cpsr (33), so the guest keeps looping; sometimes those too
      const reg = r.chance(0.9) ? r.pick([0, 1, 2, 5, 30, 31, 34, 40, 66, 67, 68, 0x44, 0x60]) : r.pick([32, 33]);
      return `P${num(r, reg)}=${hexBytes(r.bytes(r.pick([0, 1, 4, 8, 8, 8, 16, 17])))}`;
    }
    case 5: case 6: case 7: return `m${num(r, addr(r))},${num(r, len(r))}`;
    case 8: {
      const data = r.bytes(r.below(40));
      const at = r.chance(0.9) ? DATA + BigInt(r.below(0x1000)) : addr(r);
      return `M${num(r, at)},${num(r, r.chance(0.8) ? data.length : len(r))}:${hexBytes(data)}${r.chance(0.1) ? 'z' : ''}`;
    }
    case 9: {
      const data = r.bytes(r.below(40));
      const at = r.chance(0.9) ? DATA + BigInt(r.below(0x1000)) : addr(r);
      return `X${num(r, at)},${num(r, r.chance(0.8) ? data.length : len(r))}:${String.fromCharCode(...data)}`;
    }
    case 10: case 11: {
      const type = r.chance(0.9) ? r.below(5) : r.pick([5, 9, 255]);
      const kind = r.pick([4, 4, 1, 2, 8, 0, 3, 0x10, 0x80000000]);
      const at = r.chance(0.7) ? CODE + 4n * BigInt(r.below(4)) : r.chance(0.5) ? DATA + BigInt(r.below(64)) : addr(r);
      return `${r.pick(['Z', 'z'])}${type},${num(r, at)},${num(r, kind)}${r.chance(0.05) ? ';X1,00' : ''}`;
    }
    case 12: return `H${r.pick(['g', 'c', 'x', ''])}${thread(r)}`;
    case 13: return `T${thread(r)}`;
    case 14: return r.pick(['vCont?', 'vMustReplyEmpty', 'qAttached', 'qAttached:1', 'qC', 'qfThreadInfo', 'qsThreadInfo',
      'qqemu.Supported', 'qqemu.PhyMemMode', 'qOffsets', 'qTStatus', 'qHostInfo', 'qProcessInfo', 'qSymbol::', 'qGetTLSAddr:1,0,0']);
    case 15: return `qSupported${r.chance(0.8) ? ':' + Array.from({ length: r.below(8) }, () =>
      r.pick(['multiprocess+', 'swbreak+', 'hwbreak+', 'qRelocInsn+', 'vContSupported+', 'xmlRegisters=i386', 'PacketSize=1', 'foo-', '', ';;', 'x'.repeat(r.below(300))])).join(';') : ''}`;
    case 16: return `qXfer:features:read:${r.pick(ANNEX)}:${num(r, r.chance(0.7) ? r.below(0x2000) : r.u32())},${num(r, r.pick([0xffb, 0x10, 1, 0, 0x3fff, 0x100000, r.u32()]))}`;
    case 17: return `qXfer:threads:read::${num(r, r.below(0x400))},${num(r, r.pick([0xffb, 1, 0, 0x3fff, r.u32()]))}`;
    case 18: {
      const cmd = r.chance(0.8) ? r.pick(MONITOR) : String.fromCharCode(...r.bytes(r.below(30)));
      const h = asciiHex(cmd);
      return `qRcmd,${r.chance(0.9) ? h : r.pick([h.slice(1), h + 'z', '', 'zz'])}`;
    }
    case 19: return `qThreadExtraInfo,${thread(r)}`;
    case 20: return r.pick(['QStartNoAckMode', 'QStartNoAckMode:1']);
    case 21: return `Qqemu.PhyMemMode:${r.pick(['0', '1', '2', '', 'x'])}`;
    case 22: return `x${num(r, addr(r))},${num(r, len(r))}`;
    case 23: return r.pick(['qL1200000000000000000', 'vFile:open:2f6574632f706173737764,0,0', 'vRun;', 'vAttach;1', 'vStopped', 'QNonStop:1',
      'QPassSignals:', 'jThreadsInfo', '_m1,2', 'bc', 'bs', 'A1,2,3', 'r', 'R00', 'i', 'I', 'O', 'F1', 'B0,S', 'd', 'e',
      't1:2,3', 'vCtrlC', 'QThreadEvents:1', 'QCatchSyscalls:1', 'qMemTags:0,0:1', 'QTDP:1:0:E:0:0']);
    case 24: return tame(String.fromCharCode(...r.bytes(r.below(r.chance(0.1) ? 0x5000 : 40))));
    case 25: return r.pick(['?x', 'kx', 'g0', 'p', 'P', 'P=', 'm', 'm,', 'M,:', 'X,:', 'Z', 'z,', 'H', 'T', 'vCont', 'vCont;',
      'vCont;q', 'qRcmd', 'qRcmd,', 'qXfer:features:read:', 'qXfer:threads:read:', 'qThreadExtraInfo', 'qThreadExtraInfo,']);
    default: return r.pick([`m${hex(CODE)},${hex(r.below(0x80))}`, `m${hex(DATA)},8`, 'g', '?', 'qC', `p${hex(r.below(34))}`,
      `m${hex(DATA + BigInt(r.below(0x1000)))},${hex(r.pick([8, 0x100, 0x2000]))}`]);
  }
}
