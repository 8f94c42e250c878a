/**
 * KVM_RUN round trips per second through the real /dev/kvm backend against the KVM model, both measured
 * in the same Node process inside one QEMU boot (Debian arm64 6.1 kernel with EL2, TCG), so only the
 * ratio means anything: absolute figures are those of an emulated CPU.
 *
 * The measurement is bench/kvm-run-round-trips.ts, run inside the guest by the real-KVM test VM.
 *   realKvmBench() — boots the test initramfs and returns both rates and the ratio; for bench/index.ts:
 *                    `const r = await realKvmBench(); r.ratio`
 */
import type { RoundTripResult } from './kvm-run-round-trips.ts';

export interface RealKvmBenchResult {
  real: RoundTripResult;
  model: RoundTripResult;
  /** real round trips per second / model round trips per second */
  ratio: number;
  kernel: string;
  bootSeconds: number;
}

/** Boots the realkvm test initramfs (bench only) and reads the BENCH record it prints. */
export async function realKvmBench(iterations = 3000): Promise<RealKvmBenchResult> {
  const { bootRealKvm } = await import('../test/realkvm/boot.ts');
  const boot = await bootRealKvm({ smoke: false, scenarios: [], bench: iterations, cliProcess: false });
  const b = boot.records.find((r) => r.kind === 'bench');
  if (!b || b.kind !== 'bench') throw new Error(`no bench record in the boot; console log: ${boot.logPath}`);
  return { real: b.real, model: b.model, ratio: b.real.perSecond / b.model.perSecond, kernel: boot.kernel, bootSeconds: boot.wallSeconds };
}
