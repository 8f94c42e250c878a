/**
 * The guests whose output is fixed by the Arm architecture: each run of each build must print exactly
 * guests/expected/<file> (reviewed against the Arm ARM, DDI 0487, and its pseudocode). QEMU 7.2 runs
 * them as the independent oracle: its output may differ from the expected file only on lines that a
 * listed deviation explains, and every listed deviation must still show (so a QEMU that stops
 * deviating makes the test fail until the entry goes). kvmdbg must print the expected file exactly,
 * once it has what the guest needs; until then the catalogue says what that is.
 */

export interface ArchRun {
  /** File in guests/expected/. */
  expected: string;
  /** The QEMU machine (`-M`). */
  machine: string;
  /** `kvmdbg run` arguments for the same machine, or what kvmdbg still lacks to run the guest. */
  kvmdbg: { args: string[] } | { awaits: string };
}

export interface ArchGuest {
  /** ELF name prefix in guests/bin (`<name>-<compiler>-<opt>.elf`). */
  name: string;
  runs: ArchRun[];
}

export const archGuests: ArchGuest[] = [
  {
    name: 'el0',
    runs: [{
      expected: 'el0.expected',
      machine: 'virt',
      kvmdbg: { args: [] },
    }],
  },
  {
    name: 'timer',
    runs: ['2', '3'].map((v) => ({
      expected: `timer.gicv${v}.expected`,
      machine: `virt,gic-version=${v}`,
      kvmdbg: { args: ['--gic', `v${v}`] },
    })),
  },
  { name: 'paging', runs: [{ expected: 'paging.expected', machine: 'virt', kvmdbg: { args: [] } }] },
  { name: 'faults', runs: [{ expected: 'faults.expected', machine: 'virt', kvmdbg: { args: [] } }] },
  { name: 'tlb', runs: [{ expected: 'tlb.expected', machine: 'virt', kvmdbg: { args: [] } }] },
  { name: 'memory', runs: [{ expected: 'memory.expected', machine: 'virt', kvmdbg: { args: [] } }] },
  {
    name: 'hwdebug',
    runs: [{ expected: 'hwdebug.expected', machine: 'virt', kvmdbg: { args: [] } }],
  },
];

export interface QemuLineDeviation {
  /** Guests (by name) whose QEMU output shows it. */
  guest: RegExp;
  /** QEMU's line. */
  qemu: RegExp;
  /** The architectural line (in the expected file) in its place. */
  architectural: RegExp;
  reason: string;
}

const ESR_LINE = 'ESR=0x[0-9a-f]+ \\([^)]*\\) FAR=0x[0-9a-f]{16} ELR=\\w+\\+0 ok$';

export const qemuLineDeviations: QemuLineDeviation[] = [
  {
    guest: /^faults$/,
    qemu: /^ {2}load, block descriptor at L[01]: no exception FAIL /,
    architectural: new RegExp(`^ {2}load, block descriptor at L([01]): ESR=0x9600000[45] \\(EC 0x25, DFSC 0x[45] translation fault L\\1,`),
    reason:
      'A block descriptor at a level that has no blocks (4K granule: level 0; 64K granule: level 1, without 52-bit ' +
      'addresses) is a Translation fault at that level (AArch64.TranslationTableWalk: level < firstblocklevel). ' +
      'QEMU 7.2 maps it as a block.',
  },
  {
    guest: /^faults$/,
    qemu: /^ {2}(ldr x at \+4|str w at \+2|ldrh at \+1|dc zva): no exception FAIL /,
    architectural: new RegExp(`^ {2}(ldr x at \\+4|str w at \\+2|ldrh at \\+1|dc zva): ${ESR_LINE}`),
    reason:
      'An unaligned access to Device memory (any Device type) and every DC ZVA to Device memory take an Alignment ' +
      'fault whatever SCTLR_EL1.A says (AArch64.FirstStageTranslate; AArch64.S1HasAlignmentFault). QEMU 7.2 does ' +
      'not look at the memory type for alignment.',
  },
  {
    guest: /^faults$/,
    qemu: /^ {2}str w at \+2 of a read-only Device page: alignment before permission: ESR=0x9600004f .* FAIL /,
    architectural: new RegExp(`^ {2}str w at \\+2 of a read-only Device page: alignment before permission: ESR=0x96000061 .* ok$`),
    reason: 'The Device-memory alignment check comes before the permission check (AArch64.FirstStageTranslate); ' +
      'QEMU 7.2 has no such alignment check, so it reports the permission fault.',
  },
  {
    guest: /^faults$/,
    qemu: /^ {2}stxr x at \+4: no exception FAIL /,
    architectural: new RegExp(`^ {2}stxr x at \\+4: ${ESR_LINE}`),
    reason:
      'A store-exclusive checks alignment before it looks at the exclusive monitor (AArch64.ExclusiveMonitorsPass), ' +
      'so an unaligned one takes an Alignment fault even without a preceding load-exclusive. QEMU 7.2 fails it on ' +
      'the monitor first (status 1, no fault).',
  },
  {
    guest: /^faults$/,
    qemu: /^ {2}dc civac, unmapped: no exception FAIL /,
    architectural: new RegExp(`^ {2}dc civac, unmapped: ESR=0x96000147 .* ok$`),
    reason:
      'Data-cache maintenance by VA translates the address: an unmapped one is a Translation fault reported with ' +
      'CM = 1 and WnR = 1 (AArch64.DC; AArch64.FaultSyndrome). QEMU 7.2 implements DC CIVAC as a no-op.',
  },
  {
    guest: /^paging$/,
    qemu: /^ {2}AT S1E1R, AttrIndx [0-7] \(MAIR 0x(0|4|8|c|44)\), SH=3: PAR_EL1=0x[0-9a-f]{13}b80 FAIL /,
    architectural: /^ {2}AT S1E1R, AttrIndx [0-7] \(MAIR 0x(0|4|8|c|44)\), SH=3: PAR_EL1=0x[0-9a-f]{13}b00 ok$/,
    reason:
      'PAR_EL1.SH reports the effective shareability: Device and Normal Non-cacheable memory are Outer Shareable ' +
      '(0b10) whatever the descriptor says (AArch64.EncodePAR; EffectiveShareability). QEMU 7.2 reports the ' +
      "descriptor's SH.",
  },
  {
    guest: /^el0$/,
    qemu: /^ {2}UMA = 0: msr daifset, #2: ESR=0x620793e4 /,
    architectural: /^ {2}UMA = 0: msr daifset, #2: ESR=0x620cd3e4 /,
    reason:
      'The syndrome of a trapped MSR DAIFSet has Op2 (0b110) in ISS[19:17] and Op1 (0b011) in ISS[16:14] ' +
      '(AArch64.SystemRegisterTrap); QEMU 7.2 swaps them.',
  },
  {
    guest: /^el0$/,
    qemu: /^ {2}nTWE = 0: wfe; wfe \(the second one finds no event\): no exception FAIL$/,
    architectural: /^ {2}nTWE = 0: wfe; wfe \(the second one finds no event\): ESR=0x7e00001 \(EC 0x1\) ELR=e_wfe2\+4 ok$/,
    reason:
      'WFE with the event register clear is trapped by SCTLR_EL1.nTWE = 0 (WFE: AArch64.CheckForWFxTrap); the ERET ' +
      'that entered EL0 set the event register, so only the second WFE traps. QEMU 7.2 never traps WFE.',
  },
  {
    guest: /^el0$/,
    qemu: /^ {2}SA0 = 1: ldr x0, \[sp\] with SP_EL0 8 bytes off 16: no exception FAIL$/,
    architectural: /^ {2}SA0 = 1: ldr x0, \[sp\] with SP_EL0 8 bytes off 16: ESR=0x9a000000 \(EC 0x26\) ELR=e_ldr_sp\+0 ok$/,
    reason: 'With SCTLR_EL1.SA0 = 1 a load or store based on a misaligned SP at EL0 takes an SP alignment fault ' +
      '(EC 0x26; AArch64.CheckSPAlignment). QEMU 7.2 does not check SP alignment.',
  },
  {
    guest: /^(faults|paging|el0)$/,
    qemu: /^\w+: [1-9]\d* failures$/,
    architectural: /^\w+: 0 failures$/,
    reason: "The guest's count of the FAIL lines above, which are all listed deviations.",
  },
];
