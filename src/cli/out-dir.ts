/**
 * An output directory given on the command line (`kvmdbg web --out DIR`), made to exist one level at a
 * time from its nearest existing ancestor. Each problem is a usage error naming the path: a file in the
 * way, a directory that cannot be created (Node 20's recursive mkdir loops forever on some, such as
 * /proc/x/y). Returns the directory.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { errnoText, UsageError } from './io.ts';

export function ensureOutDir(option: string, given: string): string {
  if (given.trim() === '') throw new UsageError(`${option} needs a directory, got ''`);
  const dir = resolve(given);
  const missing: string[] = [];
  for (let p = dir; ; p = dirname(p)) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      // ENOTDIR: a file further up is in the way; the walk up finds and names it
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(p) === p) {
        throw new UsageError(`${option} '${given}': cannot use ${p}: ${errnoText(e)}`);
      }
      missing.unshift(p);
      continue;
    }
    if (!isDir) throw new UsageError(`${option} '${given}': ${p === dir ? 'not a directory' : `${p} is not a directory`}`);
    break;
  }
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (e) {
      throw new UsageError(`${option} '${given}': cannot create ${p}: ${errnoText(e)}`);
    }
  }
  return dir;
}
