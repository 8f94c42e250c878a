/**
 * A minimal writer for the "newc" cpio format (the SVR4 portable format with no checksum, magic 070701),
 * which is what the Linux kernel unpacks as an initramfs (Documentation/driver-api/early-userspace/
 * buffer-format.rst). Entries: directories, regular files, symbolic links (the target is the data) and character devices.
 */

export type CpioEntry =
  | { kind: 'dir'; name: string; mode?: number }
  | { kind: 'file'; name: string; data: Uint8Array; mode?: number }
  | { kind: 'chr'; name: string; major: number; minor: number; mode?: number }
  | { kind: 'symlink'; name: string; target: string };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFCHR = 0o020000;
const S_IFLNK = 0o120000;

function header(fields: number[], name: string): Uint8Array {
  const text = '070701' + fields.map((f) => (f >>> 0).toString(16).padStart(8, '0')).join('');
  const nameBytes = new TextEncoder().encode(name + '\0');
  const len = text.length + nameBytes.length;
  const out = new Uint8Array(len + ((4 - (len % 4)) % 4));
  out.set(new TextEncoder().encode(text), 0);
  out.set(nameBytes, text.length);
  return out;
}

/** The archive bytes; names are relative ("init", "dev/kvm"); a trailer entry ends it. */
export function writeCpio(entries: CpioEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let ino = 1;
  const push = (mode: number, name: string, data: Uint8Array, rmaj = 0, rmin = 0, nlink = 1): void => {
    const nameLen = new TextEncoder().encode(name).length + 1;
    // ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
    parts.push(header([ino++, mode, 0, 0, nlink, 0, data.length, 0, 0, rmaj, rmin, nameLen, 0], name));
    parts.push(data);
    const pad = (4 - (data.length % 4)) % 4;
    if (pad) parts.push(new Uint8Array(pad));
  };
  for (const e of entries) {
    if (e.kind === 'dir') push(S_IFDIR | (e.mode ?? 0o755), e.name, new Uint8Array(0), 0, 0, 2);
    else if (e.kind === 'file') push(S_IFREG | (e.mode ?? 0o644), e.name, e.data);
    else if (e.kind === 'symlink') push(S_IFLNK | 0o777, e.name, new TextEncoder().encode(e.target));
    else push(S_IFCHR | (e.mode ?? 0o600), e.name, new Uint8Array(0), e.major, e.minor);
  }
  push(0, 'TRAILER!!!', new Uint8Array(0), 0, 0, 1);
  const total = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
