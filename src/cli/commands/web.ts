import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { errnoText, UsageError, type Command } from '../io.ts';
import { ensureOutDir } from '../out-dir.ts';
import { packageRoot } from '../package-root.ts';

const HELP = `usage: kvmdbg web [--port N] [--host ADDR] [--out DIR] [--build-only]

Builds the ESR decoder and kvm_run layout viewer (one self-contained HTML file) and serves it.

  --port N       TCP port to listen on (default 8321; 0 picks a free one)
  --host ADDR    address to listen on (default 127.0.0.1; give 0.0.0.0 explicitly to share it)
  --out DIR      where to write index.html (default: out/web in a checkout; the installed package
                 serves the page it ships)
  --build-only   write the page and exit without serving (open it from file:// or any static host)
  -h, --help     this text
`;

export function parsePort(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--port: '${text}' is not a port number (0..65535)`);
  const n = Number(text);
  if (n > 65535) throw new UsageError(`--port: ${n} is out of range (0..65535)`);
  return n;
}

/**
 * The page as a file. The installed package ships it built (dist/web/index.html, written by
 * `npm run build`, since esbuild is a development tool): it is served from there, or copied to --out.
 * In a checkout (src/web/main.ts exists) it is built from the sources, so it always matches them.
 */
export async function pageFile(outDir: string | undefined): Promise<{ file: string; written: boolean }> {
  if (existsSync(join(packageRoot(), 'src/web/main.ts'))) {
    const { buildWeb, DEFAULT_WEB_OUT } = await import('../web-build.ts');
    return { file: await buildWeb(outDir ?? DEFAULT_WEB_OUT), written: true };
  }
  const shipped = join(packageRoot(), 'dist/web/index.html');
  if (outDir === undefined) return { file: shipped, written: false };
  const file = join(ensureOutDir('--out', outDir), 'index.html');
  try {
    await copyFile(shipped, file);
  } catch (e) {
    throw new UsageError(`--out '${outDir}': cannot write ${file}: ${errnoText(e)}`);
  }
  return { file, written: true };
}

/** Serves exactly one page at `/` and `/index.html`; everything else is 404. */
export function servePage(html: Buffer, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split(/[?#]/)[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/' || path === '/index.html') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': html.length,
        'cache-control': 'no-cache',
        'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:",
      });
      res.end(req.method === 'HEAD' ? undefined : html);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export const command: Command = {
  async run(argv, io) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          port: { type: 'string' },
          host: { type: 'string' },
          out: { type: 'string' },
          'build-only': { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (e) {
      throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
    }
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const port = parsePort(values.port ?? '8321');
    const host = values.host ?? '127.0.0.1';
    const { file, written } = await pageFile(values.out);
    if (values['build-only']) {
      io.out(written ? `wrote ${file}\n` : `the page is ${file}\n`);
      return 0;
    }
    const html = await readFile(file);
    let server: Server;
    try {
      server = await servePage(html, host, port);
    } catch (e) {
      io.err(`kvmdbg web: cannot listen on ${host}:${port}: ${(e as Error).message}\n`);
      return 1;
    }
    const addr = server.address();
    const shown = typeof addr === 'object' && addr ? `${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}` : `${host}:${port}`;
    io.out(`kvmdbg web: serving http://${shown}/ (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
