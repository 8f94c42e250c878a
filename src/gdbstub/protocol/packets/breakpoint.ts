import { indexOf, parseHexBig, parseHexU32 } from '../hex.ts';
import { parseError, type BreakKind, type Packet, type ParseError } from './types.ts';

/**
 * `Z TYPE,ADDR,KIND` / `z TYPE,ADDR,KIND`: insert / remove a breakpoint (0 software, 1 hardware) or a
 * watchpoint (2 write, 3 read, 4 access); KIND is the instruction size or the watched length.
 * Conditions and commands after ';' (`cond_list`) are not supported and rejected.
 */
export function parseZ(body: Uint8Array): Packet | ParseError {
  const t = body[0] === 0x5a ? 'Z' : 'z';
  const type = body[1]! - 0x30;
  if (body.length < 3 || type < 0 || type > 4 || body[2] !== 0x2c) return parseError('type must be 0..4');
  const c2 = indexOf(body, 0x2c, 3);
  if (c2 < 0) return parseError('expected TYPE,ADDR,KIND');
  const addr = parseHexBig(body, 3, c2);
  if (addr === undefined) return parseError('address is not 1..16 hex digits');
  let end = indexOf(body, 0x3b, c2 + 1);
  if (end >= 0) return parseError('breakpoint conditions (;X…) are not supported');
  end = body.length;
  const kind = parseHexU32(body, c2 + 1, end);
  if (kind === undefined) return parseError('kind is not hex');
  return { t, type: type as BreakKind, addr, kind };
}
