/** The exit statuses of kvmdbg (README "Using it"; `kvmdbg run --help`). */

/** The guest powered off (PSCI SYSTEM_OFF), or a command succeeded. */
export const EXIT_OK = 0;
/** The VM failed: no vector for a guest exception, an unexpected exit, an ioctl error. */
export const EXIT_FAILED = 1;
/** Bad arguments or a bad guest ELF: the message names the problem. */
export const EXIT_USAGE = 2;
/** `--timeout` or `--max-insns` reached. */
export const EXIT_LIMIT = 3;
/** The guest asked for PSCI SYSTEM_RESET; `kvmdbg run` stops instead of rebooting. */
export const EXIT_RESET = 4;
/** Ended by Ctrl-C: 128 + SIGINT, as shells report a process killed by it. */
export const EXIT_INTERRUPTED = 130;
/** stdout or stderr was closed by its reader: 128 + SIGPIPE, as for a Unix tool that SIGPIPE ends. */
export const EXIT_BROKEN_PIPE = 141;
