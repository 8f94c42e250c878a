/**
 * Parses `[HOST:]PORT` as given to `--gdb` (QEMU's `tcp::PORT` / `tcp:HOST:PORT` spelling is accepted too;
 * an IPv6 host goes in brackets). Throws RangeError naming the problem. A file of its own, so that a
 * front end checks its command line without loading the RSP server and its TCP transport.
 */
export function parseGdbAddress(text: string): { host: string; port: number } {
  const m = /^(?:(.*):)?(\d+)$/.exec(text.trim().replace(/^tcp:/, ''));
  if (!m) throw new RangeError(`--gdb expects [HOST:]PORT, e.g. 1234 or 127.0.0.1:1234, got '${text}'`);
  const port = Number(m[2]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--gdb port ${m[2]} is not in 0..65535`);
  let host = m[1] ?? '';
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);   // [::1]:1234
  else if (host.includes(':')) throw new RangeError(`--gdb host '${host}': write an IPv6 address in brackets, e.g. [::1]:1234`);
  return { host: host === '' ? '127.0.0.1' : host, port };
}
