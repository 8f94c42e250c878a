// Types of scripts/dev-bundle.js (plain JavaScript: bin/kvmdbg.js loads it without tsx).
import type { BuildOptions } from 'esbuild';

export function devCli(root: string): Promise<{ main(argv: string[]): Promise<number>; endProcess(argv: readonly string[], code: number): Promise<void> }>;
export function devMain(root: string): Promise<(argv: string[]) => Promise<number>>;
export function cliEntryPoints(root: string): string[];
export function bundleOptions(root: string, entryPoints: string[], outdir: string): BuildOptions;
