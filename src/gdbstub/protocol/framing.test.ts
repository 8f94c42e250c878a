import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameDecoder, frame, type FrameEvent } from './framing.ts';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
function decode(d: FrameDecoder, s: string): (FrameEvent & { text?: string })[] {
  const out: (FrameEvent & { text?: string })[] = [];
  d.push(bytes(s), (e) => { out.push(e.kind === 'packet' ? { ...e, text: String.fromCharCode(...e.body) } : e); });
  return out;
}

test('framing: checksum is the modulo-256 sum of the body (GDB manual example $g#67, $qC#b4)', () => {
  assert.equal(frame('g'), '$g#67');
  assert.equal(frame('qC'), '$qC#b4');
  assert.equal(frame(''), '$#00');
});

test("framing: '$', '#', '}' and '*' in a reply body are escaped as '}' + (c ^ 0x20)", () => {
  assert.equal(frame('a$b#c}d*'), '$a}\x04b}\x03c}]d}\x0a#' + ((0x61 + 0x7d + 0x04 + 0x62 + 0x7d + 0x03 + 0x63 + 0x7d + 0x5d + 0x64 + 0x7d + 0x0a) & 0xff).toString(16).padStart(2, '0'));
});

test('framing: a good packet, acks, NAKs and the 0x03 interrupt byte are told apart', () => {
  const d = new FrameDecoder(64);
  const ev = decode(d, '+$m40080000,4#59-\x03');
  assert.deepEqual(ev.map((e) => e.kind), ['ack', 'packet', 'nak', 'interrupt']);
  assert.equal(ev[1]!.text, 'm40080000,4');
});

test('framing: a packet split across reads is reassembled', () => {
  const d = new FrameDecoder(64);
  assert.deepEqual(decode(d, '$qSup'), []);
  assert.deepEqual(decode(d, 'ported#3'), []);
  const ev = decode(d, '7');
  assert.equal(ev[0]!.kind, 'packet');
  assert.equal(ev[0]!.text, 'qSupported');
});

test('framing: a wrong checksum is reported with both sums, then the next packet decodes', () => {
  const d = new FrameDecoder(64);
  const ev = decode(d, '$g#00$g#67');
  assert.deepEqual(ev[0], { kind: 'bad-checksum', got: 0, want: 0x67, length: 1 });
  assert.equal(ev[1]!.text, 'g');
});

test('framing: non-hex checksum digits are a bad checksum, not a crash', () => {
  const d = new FrameDecoder(64);
  const ev = decode(d, '$g#zz');
  assert.equal(ev[0]!.kind, 'bad-checksum');
});

test('framing: a packet larger than PacketSize is skipped to its checksum and the stream resynchronises', () => {
  const d = new FrameDecoder(8);
  const big = 'M40080000,8:0011223344556677';
  const ev = decode(d, frame(big) + '$g#67');
  assert.deepEqual(ev[0], { kind: 'oversized', length: big.length, checksumOk: true });
  assert.equal(ev[1]!.text, 'g');
});

test("framing: a '$' inside a packet restarts it (a cut-off packet is dropped)", () => {
  const d = new FrameDecoder(64);
  const ev = decode(d, '$m4008$g#67');
  assert.deepEqual(ev.map((e) => e.kind), ['garbage', 'packet']);
  assert.equal(ev[1]!.text, 'g');
});

test('encodeHexString: UTF-8 bytes as hex (checked against Buffer)', async () => {
  const { encodeHexString } = await import('./hex.ts');
  for (const s of ['OK', 'hex 0x… or decimal', 'ä€𝄞', '']) assert.equal(encodeHexString(s), Buffer.from(s, 'utf8').toString('hex'));
});

test('framing: an emit that returns false stops decoding right after its event; the rest decodes later in order', () => {
  const d = new FrameDecoder(64);
  const input = bytes('$a#61+$b#62-$c#63');
  const seen: string[] = [];
  const take = (e: FrameEvent): void => { seen.push(e.kind === 'packet' ? String.fromCharCode(...e.body) : e.kind); };
  let used = d.push(input, (e) => { take(e); return false; });
  assert.equal(used, 5, 'stopped after the first packet');
  assert.deepEqual(seen, ['a']);
  used += d.push(input.subarray(used), (e) => { take(e); return e.kind !== 'ack'; });
  assert.equal(used, 6);
  used += d.push(input.subarray(used), take);
  assert.equal(used, input.length);
  assert.deepEqual(seen, ['a', 'ack', 'b', 'nak', 'c']);
});
