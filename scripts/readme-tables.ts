/**
 * Generates the README's reference tables from the code: the RSP packets the GDB stub implements (the
 * `@rsp` tags in src/gdbstub/protocol/parse.ts), the exception classes the ESR decoder knows (esr/'s EC
 * table) and the ioctls the KVM backends speak (abi/'s IOCTLS). The tables live between
 * `<!-- tables:begin -->` and `<!-- tables:end -->` in README.md.
 *
 *   node --import tsx scripts/readme-tables.ts          rewrite README.md
 *   node --import tsx scripts/readme-tables.ts --check  exit 1 if README.md is not what the code says
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ecFeatureTableMarkdown } from '../src/esr/index.ts';
import { IOCTLS } from '../src/abi/index.ts';

const root = new URL('..', import.meta.url);
const README = fileURLToPath(new URL('README.md', root));
const PARSER = fileURLToPath(new URL('src/gdbstub/protocol/parse.ts', root));
const BEGIN = '<!-- tables:begin -->';
const END = '<!-- tables:end -->';

/** What each packet does, in a line (GDB manual, "Packets" and "General Query Packets"). */
const PACKET_MEANING: Record<string, string> = {
  '?': 'why the target stopped',
  g: 'read the general registers (x0–x30, sp, pc, cpsr)',
  G: 'write the general registers',
  p: 'read one register (core, fpu or system-register feature)',
  P: 'write one register',
  m: 'read memory',
  M: 'write memory (hex)',
  X: 'write memory (binary)',
  c: 'continue',
  s: 'single step (KVM_GUESTDBG_SINGLESTEP)',
  C: 'continue with a signal (the signal is ignored)',
  S: 'step with a signal (the signal is ignored)',
  Z0: 'insert a software breakpoint (BRK written into guest memory, KVM_GUESTDBG_USE_SW_BP)',
  z0: 'remove a software breakpoint',
  Z1: 'insert a hardware breakpoint (dbg_bcr/bvr, KVM_GUESTDBG_USE_HW)',
  z1: 'remove a hardware breakpoint',
  Z2: 'insert a write watchpoint (dbg_wcr/wvr; BAS byte lanes or a MASK range)',
  z2: 'remove a write watchpoint',
  Z3: 'insert a read watchpoint',
  z3: 'remove a read watchpoint',
  Z4: 'insert an access watchpoint',
  z4: 'remove an access watchpoint',
  H: 'select the thread for later operations',
  T: 'is the thread alive',
  D: 'detach: clear every breakpoint and watchpoint, the guest runs on',
  k: 'kill the VM',
  'vCont?': 'which vCont actions are supported',
  'vCont;c': 'continue',
  'vCont;s': 'single step',
  qSupported: 'feature negotiation (PacketSize, qXfer:features:read, swbreak, hwbreak, QStartNoAckMode, …)',
  'qXfer:features:read': 'target.xml with the aarch64 core and fpu features and the system registers (QEMU\'s org.qemu.gdb.arm.sys.regs)',
  'qXfer:threads:read': 'the thread list (one thread per vCPU, with its extra text) in one packet; answered, not offered in qSupported (gdb parsing the XML at every stop costs more than the qfThreadInfo round trip)',
  qThreadExtraInfo: 'a thread\'s text in `info threads`: vCPU number, exception level and stack pointer, power state',
  'Qqemu.PhyMemMode': '`maintenance packet Qqemu.PhyMemMode:1`: memory packets address guest-physical memory (0: virtual)',
  'qqemu.PhyMemMode': 'is physical-memory mode on',
  'qqemu.Supported': 'which qemu.* packets are answered',
  bs: 'backward single step (reverse-stepi): one instruction back on the `Hc` thread, from recorded history',
  bc: 'backward continue (reverse-continue): back to the last breakpoint or watchpoint hit, or `replaylog:begin`',
  qRcmd: '`monitor` commands: exit [N|all] (a vCPU\'s last exit: raw kvm_run bytes, flags, decoded ESR), vcpus, phys on|off, gva2gpa ADDR, esr VALUE, kernel, kaslr (the offset a Linux guest chose, from VBAR_EL1 and `--symbols`), help',
  qAttached: 'attached to an existing process',
  qC: 'the current thread',
  qfThreadInfo: 'first part of the thread list',
  qsThreadInfo: 'rest of the thread list',
  QStartNoAckMode: 'stop sending + / - acknowledgements',
  QThreadSuffixSupported: "lldb's extension: `g`/`G`/`p`/`P` may end in `;thread:ID;`, naming their thread instead of an `Hg` before them",
  vMustReplyEmpty: 'probe: unknown v packets get the empty reply',
  vKill: 'kill the VM',
};

export function rspPackets(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/\/\/ @rsp (.+)$/gm)) names.push(...m[1]!.trim().split(/\s+/));
  return names;
}

function packetTable(): string {
  const names = rspPackets(readFileSync(PARSER, 'utf8'));
  const missing = names.filter((n) => !(n in PACKET_MEANING));
  if (missing.length > 0) throw new Error(`no description for tagged packet(s): ${missing.join(' ')}`);
  return ['| packet | what it does |', '|---|---|', ...names.map((n) => `| \`${n}\` | ${PACKET_MEANING[n]} |`)].join('\n');
}

function ioctlTable(): string {
  const rows = Object.entries(IOCTLS).map(([name, nr]) => `| \`${name}\` | \`0x${(nr >>> 0).toString(16)}\` |`);
  return ['| ioctl | number (arm64) |', '|---|---|', ...rows].join('\n');
}

export function tables(): string {
  return [
    BEGIN,
    '### RSP packets of the GDB stub',
    '',
    packetTable(),
    '',
    '### ioctl numbers (abi/ `IOCTLS`, computed with the `_IOC` encoding and checked against the real headers)',
    '',
    ioctlTable(),
    '',
    '### Exception classes the ESR decoder knows',
    '',
    ecFeatureTableMarkdown().trim(),
    END,
  ].join('\n');
}

export function withTables(readme: string): string {
  const a = readme.indexOf(BEGIN);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${BEGIN} … ${END} section`);
  return readme.slice(0, a) + tables() + readme.slice(b + END.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const current = readFileSync(README, 'utf8');
  const next = withTables(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md tables are stale: run node --import tsx scripts/readme-tables.ts');
      process.exit(1);
    }
  } else {
    writeFileSync(README, next);
  }
}
