/** The register layout a target's support*() accessors give (arch/aarch64.ts RegisterLayout). */
import type { RegisterLayout } from '../arch/aarch64.ts';
import type { Target } from '../target.ts';

const NO_SYS: readonly string[] = Object.freeze([]);

export function registerLayout(target: Target): RegisterLayout {
  return { fpu: target.supportFpRegisters() !== undefined, sys: target.supportSystemRegisters()?.names() ?? NO_SYS };
}
