/**
 * kvmdbg as a user gets it: `npm pack` (which builds dist/ through prepack), then the tarball installed
 * into an empty project with production dependencies only. Used by the package test and the
 * cold-start bench.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './package-entries.ts';

export interface PackedFile {
  path: string;
  size: number;
}

export interface InstalledPackage {
  /** The consumer project: package.json and node_modules/kvmdbg. */
  project: string;
  tarball: string;
  /** What `npm pack` reported: bytes of the .tgz, bytes unpacked, the files in it. */
  size: number;
  unpackedSize: number;
  files: PackedFile[];
  /** The installed package itself (node_modules/kvmdbg). */
  packageDir: string;
  /** The command npm links for the bin (node_modules/.bin/kvmdbg). */
  bin: string;
  remove(): void;
}

/** Runs `npm pack` in the repository and installs the tarball into a fresh temporary project. */
export function packAndInstall(): InstalledPackage {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-package-'));
  try {
    // prepack's build writes its progress to stderr; with --json, stdout holds only the report.
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20,
    });
    const [report] = JSON.parse(out) as { filename: string; size: number; unpackedSize: number; files: PackedFile[] }[];
    if (!report) throw new Error(`npm pack reported nothing: ${out}`);
    const project = join(dir, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
    const tarball = join(dir, report.filename);
    execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
      cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    return {
      project, tarball, size: report.size, unpackedSize: report.unpackedSize, files: report.files,
      packageDir: join(project, 'node_modules', 'kvmdbg'),
      bin: join(project, 'node_modules', '.bin', 'kvmdbg'),
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const err = e as { stderr?: string; message: string };
    throw new Error(`packing and installing kvmdbg failed: ${err.stderr || err.message}`, { cause: e });
  }
}
