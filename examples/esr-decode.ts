/**
 * Decoding ESR_ELx values: one from a crash log, then the 16 bytes of kvm_run.debug.arch after a
 * KVM_EXIT_DEBUG, read with the 5.19 rule (hsr_high counts only when kvm_run.flags has
 * KVM_DEBUG_ARCH_HSR_HIGH_VALID; far only for watchpoints).
 * In a checkout: node --import tsx examples/esr-decode.ts
 */
import { decodeDebugArch, decodeEsr, formatEsrTree, KVM_DEBUG_ARCH_HSR_HIGH_VALID, parseEsr } from 'kvmdbg';
import { dataAbortWnR, isWatchpointEc, watchpointWnR, type EsrField } from 'kvmdbg/esr';

/** A named field anywhere in the decoded tree. */
function field(fields: EsrField[], name: string): EsrField | undefined {
  for (const f of fields) {
    if (f.name === name) return f;
    const inner = field(f.fields, name);
    if (inner) return inner;
  }
  return undefined;
}

// A data abort as a kernel log prints it.
const abort = decodeEsr(parseEsr('0x9600_0050'));
console.log(`${abort.ec.name} (EC 0x${abort.ec.value.toString(16)}), IL ${abort.il}`);
const dfsc = field(abort.fields, 'DFSC')!;
console.log(`${dataAbortWnR(abort.esr) ? 'write' : 'read'}, DFSC 0x${dfsc.value.toString(16)}: ${dfsc.description}`);

// kvm_run.debug.arch after a write watchpoint hit, from a little-endian host:
// hsr 0xd2000062, hsr_high 0, far 0x40081008.
const arch = Uint8Array.from([0x62, 0x00, 0x00, 0xd2, 0, 0, 0, 0, 0x08, 0x10, 0x08, 0x40, 0, 0, 0, 0]);
for (const flags of [KVM_DEBUG_ARCH_HSR_HIGH_VALID, 0]) {
  const exit = decodeDebugArch(arch, flags, 'le');
  const ec = decodeEsr(exit.esr).ec;
  const what = isWatchpointEc(ec.value) ? `${watchpointWnR(exit.hsr) ? 'write' : 'read'} watchpoint at 0x${exit.far.toString(16)}` : ec.name;
  console.log(`flags ${flags}: ESR 0x${exit.esr.toString(16)} (${exit.highValid ? '64 bits' : 'bits 31:0 only'}), ${what}`);
}

// The same tree `kvmdbg esr` prints.
console.log(formatEsrTree(decodeEsr(0xd2000062n)).split('\n').slice(0, 4).join('\n'));
