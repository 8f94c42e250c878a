/**
 * The initramfs the real-guest boots use: Debian's static busybox (arm64) and a /init script whose
 * output is deterministic (mount proc, uname -r, the number of CPUs, md5sum and sha256sum of data
 * the script generates, an awk floating-point sum, then poweroff -f). Written with the repository's
 * newc writer; every header has mtime 0 and the entries a fixed order, so the archive depends only on
 * busybox and the script.
 */
import { writeCpio, type CpioEntry } from '../../../src/conformance/cpio.ts';

/** The applets the script runs, as symlinks to busybox. */
const APPLETS = ['sh', 'mount', 'uname', 'grep', 'md5sum', 'sha256sum', 'awk', 'poweroff'];

/** Lines between the markers are what the two boots must agree on. */
export const INIT_BEGIN = 'KVMDBG-INIT begin';
export const INIT_END = 'KVMDBG-INIT end';
/** The generated data: "line 1" .. "line N", one per line. */
export const DATA_LINES = 3000;
/** The awk sum: 1/i^2 for i = 1..N, printed with 12 decimals. */
export const AWK_TERMS = 2000;

export const INIT_SCRIPT = `#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
echo "${INIT_BEGIN}"
echo "uname-r: $(uname -r)"
echo "cpus: $(grep -c ^processor /proc/cpuinfo)"
awk 'BEGIN { for (i = 1; i <= ${DATA_LINES}; i++) print "line " i }' > /data.txt
echo "md5sum: $(md5sum < /data.txt)"
echo "sha256sum: $(sha256sum < /data.txt)"
echo "awk: $(awk 'BEGIN { s = 0; for (i = 1; i <= ${AWK_TERMS}; i++) s += 1 / (i * i); printf "%.12f", s }')"
echo "${INIT_END}"
poweroff -f
`;

export function buildInitramfs(busybox: Uint8Array): Uint8Array {
  const entries: CpioEntry[] = [
    { kind: 'dir', name: 'bin' },
    { kind: 'file', name: 'bin/busybox', data: busybox, mode: 0o755 },
    ...APPLETS.map((a): CpioEntry => ({ kind: 'symlink', name: `bin/${a}`, target: 'busybox' })),
    { kind: 'dir', name: 'dev' },
    { kind: 'chr', name: 'dev/console', major: 5, minor: 1 },
    { kind: 'dir', name: 'proc' },
    { kind: 'file', name: 'init', data: new TextEncoder().encode(INIT_SCRIPT), mode: 0o755 },
  ];
  return writeCpio(entries);
}
