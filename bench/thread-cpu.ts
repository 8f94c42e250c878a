/**
 * CPU time of the calling thread alone, clock_gettime(CLOCK_THREAD_CPUTIME_ID) through koffi (a
 * dependency already, for the /dev/kvm backend): what the main thread did, without V8's concurrent
 * compiler and garbage-collector threads, which process.cpuUsage() adds in. Those threads' work depends
 * on when V8 decides to optimise, which makes short process CPU times of the same run differ by tens of
 * percent. /proc's schedstat would do without a native module, but Linux brings it up to date only at
 * scheduler ticks (4 ms here). Where koffi or libc is missing, `threadCpuMs` is null.
 */
import { createRequire } from 'node:module';

function load(): (() => number) | null {
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    koffi.struct('kvmdbg_bench_timespec', { tv_sec: 'long', tv_nsec: 'long' });
    const clockGettime = koffi.load('libc.so.6').func('int clock_gettime(int, _Out_ kvmdbg_bench_timespec *)');
    const t = { tv_sec: 0, tv_nsec: 0 };
    const CLOCK_THREAD_CPUTIME_ID = 3;
    if (clockGettime(CLOCK_THREAD_CPUTIME_ID, t) !== 0) return null;
    return () => { clockGettime(CLOCK_THREAD_CPUTIME_ID, t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; };
  } catch {
    return null;
  }
}

/** Milliseconds of CPU the calling thread has used, or null where it cannot be read. */
export const threadCpuMs: (() => number) | null = load();

/** Milliseconds of CPU the whole process (every thread) has used: user + system. */
export const processCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};
