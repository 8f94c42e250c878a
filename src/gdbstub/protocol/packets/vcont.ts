import { parseHexBig, parseHexU32, startsWith } from '../hex.ts';
import { parseThreadId } from './thread-id.ts';
import { parseError, type Packet, type ParseError, type VContAction } from './types.ts';

/** Upper bound on actions in one vCont (a single-thread target needs two). */
const MAX_ACTIONS = 16;

/**
 * `vCont?` and `vCont;ACTION[:THREAD-ID]…` (c, C sig, s, S sig). Signals are accepted and not delivered
 * (a bare-metal guest has no signals), as QEMU does. `t` and `r` are not advertised and rejected.
 */
export function parseVCont(body: Uint8Array): Packet | ParseError {
  if (body.length === 6 && body[5] === 0x3f) return { t: 'vCont?' };
  if (body.length < 7 || body[5] !== 0x3b) return parseError("expected 'vCont?' or 'vCont;ACTION'");
  const actions: VContAction[] = [];
  let i = 6;
  while (i <= body.length) {
    let end = i;
    while (end < body.length && body[end] !== 0x3b) end++;
    const a = parseAction(body, i, end);
    if ('parseError' in a) return a;
    if (actions.length >= MAX_ACTIONS) return parseError(`more than ${MAX_ACTIONS} actions`);
    actions.push(a);
    i = end + 1;
  }
  return { t: 'vCont', actions };
}

function parseAction(body: Uint8Array, start: number, end: number): VContAction | ParseError {
  if (start >= end) return parseError('empty vCont action');
  const op = body[start];
  let colon = start + 1;
  while (colon < end && body[colon] !== 0x3a) colon++;
  let action: VContAction;
  if (op === 0x63 || op === 0x73) {                     // c, s
    if (colon !== start + 1) return parseError('c/s take no signal');
    action = { action: op === 0x63 ? 'c' : 's' };
  } else if (op === 0x43 || op === 0x53) {              // C sig, S sig
    const signal = parseHexU32(body, start + 1, colon);
    if (signal === undefined || signal > 0xff) return parseError('C/S need a signal number');
    action = { action: op === 0x43 ? 'c' : 's', signal };
  } else {
    return parseError(`unsupported vCont action '${String.fromCharCode(op!)}'`);
  }
  if (colon < end) {
    const thread = parseThreadId(body, colon + 1, end);
    if (thread === undefined) return parseError('bad thread-id in vCont action');
    action.thread = thread;
  }
  return action;
}

/** `c [ADDR]`, `s [ADDR]`, `C SIG[;ADDR]`, `S SIG[;ADDR]`. */
export function parseResume(body: Uint8Array): Packet | ParseError {
  const op = body[0];
  const action = op === 0x63 || op === 0x43 ? 'c' : 's';
  if (op === 0x63 || op === 0x73) {
    if (body.length === 1) return { t: 'resume', action };
    const addr = parseHexBig(body, 1);
    return addr === undefined ? parseError('resume address is not hex') : { t: 'resume', action, addr };
  }
  let semi = 1;
  while (semi < body.length && body[semi] !== 0x3b) semi++;
  const signal = parseHexU32(body, 1, semi);
  if (signal === undefined || signal > 0xff) return parseError('signal is not a hex byte');
  if (semi === body.length) return { t: 'resume', action, signal };
  const addr = parseHexBig(body, semi + 1);
  return addr === undefined ? parseError('resume address is not hex') : { t: 'resume', action, signal, addr };
}

export function isVCont(body: Uint8Array): boolean {
  return startsWith(body, 'vCont') && (body.length === 5 || body[5] === 0x3b || body[5] === 0x3f);
}
