/**
 * The packets the stub understands, as parsed values. Each parser in this folder is a pure function
 * `(body: Uint8Array) => Packet | ParseError` over a view of the receive buffer: it never throws, and a
 * malformed packet yields a ParseError that names what is wrong (the session logs it and answers E16).
 */

/** A thread-id as GDB writes it: `p<pid>.<tid>` with multiprocess, or `<tid>`; -1 = all, 0 = any. */
export interface ThreadId {
  pid?: number;
  tid: number;
}

export type ResumeAction = 'c' | 's';

export interface VContAction {
  action: ResumeAction;
  signal?: number;
  thread?: ThreadId;
}

export type BreakKind = 0 | 1 | 2 | 3 | 4;

export type Packet =
  | { t: '?' }
  | { t: 'g'; thread?: ThreadId }                                          // thread: lldb's `;thread:ID;` suffix
  | { t: 'G'; data: Uint8Array; thread?: ThreadId }
  | { t: 'p'; reg: number; thread?: ThreadId }
  | { t: 'P'; reg: number; value: Uint8Array; thread?: ThreadId }
  | { t: 'm'; addr: bigint; len: number }
  | { t: 'M'; addr: bigint; data: Uint8Array }
  | { t: 'X'; addr: bigint; data: Uint8Array }
  | { t: 'Z' | 'z'; type: BreakKind; addr: bigint; kind: number }
  | { t: 'vCont?' }
  | { t: 'vCont'; actions: VContAction[] }
  | { t: 'resume'; action: ResumeAction; signal?: number; addr?: bigint }    // c, s, C, S
  | { t: 'reverse'; action: 's' | 'c' }                                      // bs, bc
  | { t: 'H'; op: 'g' | 'c'; thread: ThreadId }
  | { t: 'T'; thread: ThreadId }
  | { t: 'qSupported'; features: string[] }
  | { t: 'qXfer:features:read'; annex: string; offset: number; length: number }
  | { t: 'qXfer:threads:read'; offset: number; length: number }
  | { t: 'qRcmd'; command: string }
  | { t: 'qAttached' }
  | { t: 'qC' }
  | { t: 'qThreadExtraInfo'; thread: ThreadId }
  | { t: 'qfThreadInfo' }
  | { t: 'qsThreadInfo' }
  | { t: 'QStartNoAckMode' }
  | { t: 'QThreadSuffixSupported' }
  | { t: 'Qqemu.PhyMemMode'; physical: boolean }                          // set
  | { t: 'qqemu.PhyMemMode' }                                             // query
  | { t: 'qqemu.Supported' }
  | { t: 'vMustReplyEmpty' }
  | { t: 'kill'; vKill: boolean }                                           // k, vKill
  | { t: 'D' }
  | { t: 'unknown'; name: string };

export interface ParseError {
  readonly parseError: string;
}

export function parseError(why: string): ParseError {
  return { parseError: why };
}

export function isParseError(x: Packet | ParseError): x is ParseError {
  return (x as ParseError).parseError !== undefined;
}
