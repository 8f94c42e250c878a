/**
 * The two real-guest sessions, the same for QEMU and for kvmdbg: what is typed, and which console
 * lines must agree.
 *
 * U-Boot (u-boot-qemu's qemu_arm64 build, from flash at 0): stop autoboot, then `version`,
 * `mw`/`md`/`crc32` over RAM, `setexpr`, `echo`, `poweroff`. The lines compared are each command and
 * its output, prompt to prompt.
 *
 * Linux (Debian's 6.1 Image with the busybox initramfs of initramfs.ts): the lines between the /init
 * markers.
 */
import { INIT_BEGIN, INIT_END } from './initramfs.ts';
import type { Step } from './console.ts';

/** The prompt at the start of a line (`==> ` also occurs inside crc32's output). */
export const UBOOT_PROMPT = '\n=> ';
/** Where `mw` writes: kernel_addr_r of U-Boot's qemu-arm environment, free RAM. */
export const UBOOT_SCRATCH = 0x4040_0000;
export const UBOOT_COMMANDS = [
  'version',
  `mw.l 0x${UBOOT_SCRATCH.toString(16)} 0x12345678 0x40`,
  `md.l 0x${UBOOT_SCRATCH.toString(16)} 8`,
  `crc32 0x${UBOOT_SCRATCH.toString(16)} 0x100`,
  'setexpr v 0x1234 + 0x4321',
  'echo $v hello from kvmdbg',
];

export const ubootSteps = (): Step[] => [
  { expect: 'Hit any key to stop autoboot', send: ' ' },
  ...UBOOT_COMMANDS.map((c) => ({ expect: UBOOT_PROMPT, send: `${c}\n` })),
  { expect: UBOOT_PROMPT, send: 'poweroff\n' },
];

/** Each command's echo and output, from the transcript: the text between consecutive prompts. */
export function ubootReplies(output: string): Map<string, string[]> {
  const replies = new Map<string, string[]>();
  const parts = output.split(/^=> /m).slice(1);
  for (const part of parts) {
    const [cmd, ...lines] = part.split('\n');
    if (cmd && UBOOT_COMMANDS.includes(cmd)) replies.set(cmd, lines.filter((l) => l !== ''));
  }
  return replies;
}

export const LINUX_APPEND = 'console=ttyAMA0 quiet panic=-1';

/** The /init lines, markers excluded; throws if the markers are missing. */
export function initLines(output: string): string[] {
  const lines = output.split('\n');
  const b = lines.indexOf(INIT_BEGIN), e = lines.indexOf(INIT_END);
  if (b < 0 || e < b) throw new Error(`the /init markers are missing from the console:\n${output.slice(-3000)}`);
  return lines.slice(b + 1, e);
}
