/**
 * The package's entry points, read from package.json `exports` (the one list of them): each subpath,
 * the compiled file Node loads, its declaration file, and the TypeScript source it is built from.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface PackageEntry {
  /** The specifier a user imports: `kvmdbg`, `kvmdbg/abi`, … */
  specifier: string;
  /** `./dist/abi/index.js` */
  js: string;
  /** `./dist/abi/index.d.ts` */
  types: string;
  /** `src/abi/index.ts` */
  source: string;
}

interface ExportTarget {
  types: string;
  default: string;
}

export function packageJson(): { name: string; version: string; exports: Record<string, ExportTarget | string>; files: string[] } {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
}

/** The code entry points of `exports` (`./package.json` and other plain files left out). */
export function packageEntries(): PackageEntry[] {
  const pkg = packageJson();
  const out: PackageEntry[] = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue;
    const m = /^\.\/dist\/(.+)\.js$/.exec(target.default);
    if (!m || target.types !== `./dist/${m[1]}.d.ts`) {
      throw new Error(`package.json exports['${subpath}']: expected ./dist/X.js with types ./dist/X.d.ts, got ${JSON.stringify(target)}`);
    }
    out.push({ specifier: pkg.name + subpath.slice(1), js: target.default, types: target.types, source: `src/${m[1]}.ts` });
  }
  return out;
}

