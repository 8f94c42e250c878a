/**
 * The CLI of a git checkout, bundled: bin/kvmdbg.js runs it from here when src/ is beside it.
 *
 * esbuild bundles src/cli/main.ts and the commands it loads on demand (as scripts/build.ts does for
 * dist/) into .cache/dev-bundle/, and the bundle is used until a file it was built from, or this file,
 * changes: each launch compares the size and modification time of every input esbuild reported with
 * what they were at the build. Its source maps (read by Node only with --enable-source-maps, see
 * bin/kvmdbg.js) hold the mappings, not the sources, which are beside them: run.js's map is 0.75
 * instead of 2 MB. Loading the ~150 modules one by one through tsx's loader took 0.25 to
 * 0.35 s of every start (Node 20 runs the loader's hooks on a thread of their own, one round trip per
 * module); the bundle loads in a few milliseconds, and a build after a change takes a fraction of a
 * second. Sources edited during a build leave no stamp, so the next launch builds again.
 *
 * Several processes may start at once (the tests do): each build goes to a directory of its own and the
 * stamp naming it is replaced by a rename, so a process always loads a complete build. The newest few
 * builds are kept, and any made in the last hour: a running process loads its chunks from its own.
 *
 * esbuild itself is imported only to build: loading it took ~55 ms of `kvmdbg --help` (180 -> 125 ms).
 */
import { readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const KEEP = 4;
/** This file: a build made by another version of it (other options) is not current. */
const BUILDER = fileURLToPath(import.meta.url);

function builderStamp() {
  const s = statSync(BUILDER);
  return [s.size, s.mtimeMs];
}

/** The CLI's main module (src/cli/main.ts), from a bundle of the checkout at `root` that is current with its sources. */
export async function devCli(root) {
  const dir = join(root, '.cache', 'dev-bundle');
  let stamp = readStamp(dir);
  if (stamp === null || !current(root, stamp)) stamp = await rebuild(root, dir);
  return import(pathToFileURL(join(dir, stamp.out, 'cli', 'main.js')).href);
}

/** The CLI's `main`, from that bundle. */
export async function devMain(root) {
  return (await devCli(root)).main;
}

function readStamp(dir) {
  try {
    const s = JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8'));
    return typeof s.out === 'string' && s.inputs !== null && typeof s.inputs === 'object' ? s : null;
  } catch {
    return null;
  }
}

/**
 * Every input as it was at the build (size, mtime), and the build still there. The inputs' paths are
 * joined by hand: path.join for each of the ~230 took ~8 of the check's ~11 ms at every launch.
 */
function current(root, stamp) {
  try {
    statSync(join(root, '.cache', 'dev-bundle', stamp.out, 'cli', 'main.js'));
    const b = builderStamp();
    if (!Array.isArray(stamp.builder) || stamp.builder[0] !== b[0] || stamp.builder[1] !== b[1]) return false;
    const dir = root.endsWith('/') ? root : `${root}/`;
    for (const [file, [size, mtime]] of Object.entries(stamp.inputs)) {
      const s = statSync(dir + file);
      if (s.size !== size || s.mtimeMs !== mtime) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** main.ts and every command it imports lazily: the CLI's modules that stay files of their own. */
export function cliEntryPoints(root) {
  const commands = readdirSync(join(root, 'src/cli/commands'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => `src/cli/commands/${f}`);
  return ['src/cli/main.ts', ...commands];
}

/**
 * esbuild's options for the CLI and its package's entry points, here and in dist/ (scripts/build.ts):
 * ES modules sharing chunks, each entry at its path under src/, npm packages left as imports.
 */
export function bundleOptions(root, entryPoints, outdir) {
  return {
    absWorkingDir: root, entryPoints, outbase: 'src', outdir, entryNames: '[dir]/[name]', chunkNames: 'chunks/[name]-[hash]',
    bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external',
  };
}

async function rebuild(root, dir) {
  const started = Date.now();
  const out = `b${started}-${process.pid}`;
  const { build } = await import('esbuild');
  const result = await build({ ...bundleOptions(root, cliEntryPoints(root), join(dir, out)), sourcemap: true, sourcesContent: false, metafile: true, logLevel: 'error' });
  const inputs = {};
  let edited = false;
  for (const file of Object.keys(result.metafile.inputs)) {
    const s = statSync(join(root, file));
    if (s.mtimeMs >= started) edited = true;
    inputs[file] = [s.size, s.mtimeMs]; // relative to root, as esbuild reports them
  }
  const stamp = { out, inputs, builder: builderStamp() };
  if (!edited) {
    const tmp = join(dir, `stamp.json.${process.pid}`);
    writeFileSync(tmp, JSON.stringify(stamp));
    renameSync(tmp, join(dir, 'stamp.json'));
  }
  prune(dir, out);
  return stamp;
}

/**
 * Remove the builds older than an hour beyond the newest KEEP, never `mine`: processes started at the
 * same time build at the same time, and one of them may still be loading its chunks.
 */
function prune(dir, mine) {
  const age = (b) => Number(b.slice(1).split('-')[0]);
  const builds = readdirSync(dir).filter((f) => /^b\d+-\d+$/.test(f)).sort((a, b) => age(b) - age(a));
  for (const old of builds.slice(KEEP)) {
    if (old !== mine && Date.now() - age(old) > 3_600_000) rmSync(join(dir, old), { recursive: true, force: true });
  }
}
