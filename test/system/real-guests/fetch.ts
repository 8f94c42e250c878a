/** The real guests, fetched once by scripts/fetch-real-guests.sh into .cache/ (see that script). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface RealGuests {
  uboot: string;
  busybox: string;
  /** The 6.1 kernel Image (Debian's vmlinuz). */
  kernel: string;
  /** `uname -r` of that kernel, from its package name (linux-image-<release>-unsigned). */
  kernelRelease: string;
  /** "package version sha256-prefix" lines. */
  packages: string[];
}

let cached: RealGuests | undefined;

export function fetchRealGuests(): RealGuests {
  if (cached) return cached;
  execFileSync('bash', [join(REPO, 'scripts/fetch-real-guests.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const dir = join(REPO, '.cache/real-guests');
  const kdir = join(REPO, '.cache/conformance/kernels/6.1');
  const kpkg = readFileSync(join(kdir, 'package.txt'), 'utf8').trim();
  const release = /^linux-image-(\S+)-unsigned /.exec(kpkg)?.[1];
  if (!release) throw new Error(`cannot tell the kernel release from '${kpkg}'`);
  cached = {
    uboot: join(dir, 'u-boot.bin'), busybox: join(dir, 'busybox'), kernel: join(kdir, 'vmlinuz'), kernelRelease: release,
    packages: [...readFileSync(join(dir, 'packages.txt'), 'utf8').trim().split('\n'), kpkg],
  };
  return cached;
}

export interface KernelSymbols {
  /** Debian's System.map of the 6.1 kernel (from its -dbg package). */
  systemMap: string;
  /** Its vmlinux, with DWARF (a few hundred MiB). */
  vmlinux: string;
  /** "package version sha256-prefix" of the -dbg package. */
  package: string;
}

/** The 6.1 kernel's System.map and vmlinux, fetched once by scripts/fetch-kernel-symbols.sh. */
export function fetchKernelSymbols(): KernelSymbols {
  execFileSync('bash', [join(REPO, 'scripts/fetch-kernel-symbols.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const dir = join(REPO, '.cache/real-guests/symbols-6.1');
  return { systemMap: join(dir, 'System.map'), vmlinux: join(dir, 'vmlinux'), package: readFileSync(join(dir, 'package.txt'), 'utf8').trim() };
}
