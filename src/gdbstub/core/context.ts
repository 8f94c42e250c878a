/** What each feature handler sees of the session, and what it can ask the session to do. */
import type { ResumeRequest, StopReason, Target, Tid, WatchKind } from '../target.ts';
import type { WatchTable } from './watch-table.ts';

export interface HandlerContext {
  readonly target: Target;
  readonly log: (line: string) => void;
  /** Largest packet body we accept and send (the PacketSize we advertise). */
  readonly maxPacket: number;
  /** How stop replies and thread-ids are written, from the client's qSupported. */
  readonly replyStyle: ReplyStyle;
  /** QStartNoAckMode was accepted (takes effect after the OK is sent). */
  noAckRequested: boolean;
  readonly watches: WatchTable;
  /** The last stop, reported again by `?`. */
  readonly lastStop: StopReason | undefined;
  /** For a watchpoint stop: the GDB watchpoint it maps to. */
  readonly lastWatch: { addr: bigint; kind: WatchKind } | undefined;
  /** The thread `g`/`G`/`p`/`P` act on (`Hg`; a stop selects the thread that stopped). */
  generalThread: Tid;
  /** The thread `c`/`s` act on (`Hc`; all threads run on a continue either way). */
  continueThread: Tid;
}

export interface ReplyStyle {
  /** `multiprocess+`: thread-ids are written `p1.1`. */
  multiprocess: boolean;
  /** `swbreak+` / `hwbreak+`: stop replies may name the breakpoint kind. */
  swbreak: boolean;
  hwbreak: boolean;
}

/** What handling a packet produces. */
export type Outcome =
  | string                                          // one reply packet ('' = not supported)
  | { kind: 'packets'; replies: string[] }          // several reply packets (qRcmd output + OK)
  | { kind: 'resume'; request: ResumeRequest }     // no reply now; the stop reply comes later
  | { kind: 'wait'; replies: Promise<string[]> }   // the target works (the guest may run): the replies come later
  | { kind: 'detach' }                              // reply OK, clear debug state, let the guest run
  | { kind: 'kill'; reply: boolean };               // reply OK (vKill) or W00 (k), end the VM

/** Errno-style replies (GDB prints them; the number is informational). */
export const E_FAULT = 'E0e';   // EFAULT: memory not accessible
export const E_INVAL = 'E16';   // EINVAL: malformed or impossible request
export const E_NOSPC = 'E1c';   // ENOSPC: no free hardware breakpoint/watchpoint register
export const E_NOTSUP = 'E5f';  // EOPNOTSUPP-ish: the target cannot do this
