/**
 * One recorded operation's outcome, the common currency of both sides: the return value of the ioctl
 * (-1 on failure), the errno number (Linux generic numbers, as arm64 uses), and a payload (kvm_run bytes
 * in hex after KVM_RUN, a register value in hex, guest memory in hex, the preferred target, or '-').
 */
export interface OpResult {
  idx: number;
  rc: number;
  errno: number;
  payload: string;
}

/** What the real-kernel console says besides the records. */
export interface ConsoleInfo {
  uname?: string;
  initUptime?: number;
  doneUptime?: number;
  fatal?: string;
  ended: boolean;
}

/** Linux errno numbers (include/uapi/asm-generic/errno-base.h, errno.h) for the names KvmError uses. */
export const ERRNO_NUMBERS: Readonly<Record<string, number>> = Object.freeze({
  EPERM: 1, ENOENT: 2, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, ENOEXEC: 8, EBADF: 9, EAGAIN: 11, ENOMEM: 12,
  EFAULT: 14, EBUSY: 16, EEXIST: 17, ENODEV: 19, EINVAL: 22, ENOSPC: 28, ERANGE: 34, ENOSYS: 38, EOPNOTSUPP: 95,
});

export const ERRNO_NAMES: Readonly<Record<number, string>> = Object.freeze(
  Object.fromEntries(Object.entries(ERRNO_NUMBERS).map(([k, v]) => [v, k])),
);

/** Parses the runner's console (`prefix` selects the Node runner's NREC/NEND lines): `REC idx rc errno payload` lines and `INFO`/`FATAL`/`END` lines; other lines are kernel output. */
export function parseConsole(text: string, prefix = ''): { results: Map<number, OpResult>; info: ConsoleInfo } {
  const results = new Map<number, OpResult>();
  const info: ConsoleInfo = { ended: false };
  const rec = new RegExp(`^${prefix}REC (\\d+) (-?\\d+) (\\d+) (\\S+)$`);
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const m = rec.exec(line);
    if (m) {
      const idx = Number(m[1]);
      if (results.has(idx)) throw new Error(`console: record ${idx} appears twice`);
      results.set(idx, { idx, rc: Number(m[2]), errno: Number(m[3]), payload: m[4]! });
      continue;
    }
    let i: RegExpExecArray | null;
    if ((i = /^INFO init-uptime ([\d.]+)$/.exec(line))) info.initUptime = Number(i[1]);
    else if ((i = /^INFO done-uptime ([\d.]+)$/.exec(line))) info.doneUptime = Number(i[1]);
    else if ((i = /^INFO uname (.+)$/.exec(line))) info.uname = i[1];
    else if ((i = /^FATAL (.+)$/.exec(line))) info.fatal = i[1];
    else if (line === `${prefix}END`) info.ended = true;
  }
  return { results, info };
}
