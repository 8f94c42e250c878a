/** A directory tree as newc cpio entries (directories before their contents, symlinks kept as links). */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { CpioEntry } from './cpio.ts';

/**
 * Every directory, file and symbolic link under `dir`, named `prefix/<relative path>` in the archive
 * (just the relative path when `prefix` is empty). `skip` gets the relative path and may leave out an
 * entry, and with it everything below it.
 */
export function treeEntries(dir: string, prefix: string, skip: (rel: string) => boolean = () => false): CpioEntry[] {
  const out: CpioEntry[] = [];
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (skip(r)) continue;
      const path = join(d, name);
      const at = prefix ? `${prefix}/${r}` : r;
      const st = lstatSync(path);
      if (st.isSymbolicLink()) out.push({ kind: 'symlink', name: at, target: readlinkSync(path) });
      else if (st.isDirectory()) {
        out.push({ kind: 'dir', name: at });
        walk(path, r);
      } else if (st.isFile()) out.push({ kind: 'file', name: at, data: readFileSync(path), mode: st.mode & 0o7777 });
    }
  };
  walk(dir, '');
  return out;
}
