/**
 * `--backend real|model` for front ends: which KvmSystem runs. The model is built by the caller (this
 * layer does not see kvm/); the real one opens /dev/kvm, loading koffi only now, so a host that never
 * asks for it never loads a native module.
 */
import type { KvmSystem } from '../abi/index.ts';
import { hostFacts, openRealKvm, realKvmUnavailable, type HostFacts } from './index.ts';

export type BackendName = 'real' | 'model';
export const BACKEND_NAMES: readonly BackendName[] = ['real', 'model'];

/** A backend that cannot run here; front ends turn it into a usage error (exit status 2). */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}

export function parseBackendName(s: string): BackendName {
  if (s === 'real' || s === 'model') return s;
  throw new BackendUnavailableError(`--backend must be real or model, not '${s}'`);
}

/** The KvmSystem for `name`; throws BackendUnavailableError when the real backend cannot run on this host. */
export async function selectBackend(name: BackendName, makeModel: () => KvmSystem, facts: HostFacts = hostFacts()): Promise<KvmSystem> {
  if (name === 'model') return makeModel();
  const why = realKvmUnavailable(facts);
  if (why) throw new BackendUnavailableError(why);
  try {
    return await openRealKvm();
  } catch (e) {
    const err = e as Error & { errno?: string };
    const hint = err.errno === 'EACCES' || err.errno === 'EPERM' || /EACCES|EPERM/.test(err.message)
      ? ' (add the user to the kvm group, or make /dev/kvm readable and writable: see docs/real-kvm.md)'
      : '';
    throw new BackendUnavailableError(`cannot open /dev/kvm: ${err.message}${hint}`);
  }
}
