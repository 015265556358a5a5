import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KhoError } from '../../shared/errors.js';
import type { Command } from '../command.js';

/** The built renderer: beside the CLI bundle (out/cli -> out/renderer), or in out/ when run from source. */
function findRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    path.resolve(here, '..', 'renderer'),
    path.resolve(here, '..', '..', '..', 'out', 'renderer'),
  ]) {
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  throw new KhoError('NOT_FOUND', 'The reader app is not built yet; run "npm run build" first.');
}

export const serve: Command = {
  usage: 'kho serve [--host H] [--port P] [--token T]',
  summary: 'Serve the reader app and the archive over HTTP (127.0.0.1 by default, token required).',
  options: { host: { type: 'string' }, port: { type: 'string' }, token: { type: 'string' } },
  searchInWorker: true,
  runFetchQueue: true,
  runBackupSchedule: true,
  async run(ctx, _p, v) {
    const rendererDir = findRendererDir();
    // Loaded on demand: the HTTP server is only needed by this command.
    const { startServer } = await import('../../server/server.js');
    const server = await startServer({
      archive: ctx.archive,
      rendererDir,
      host: (v.host as string | undefined) ?? '127.0.0.1',
      port: v.port !== undefined ? Number(v.port) : 7717,
      ...(v.token ? { token: v.token as string } : {}),
      log: (line) => ctx.err(line + '\n'),
    });
    try {
      ctx.out(server.url + '\n');
      ctx.err(ctx.s.dim('Kho is serving your archive. Open the address above; press Ctrl+C to stop.') + '\n');
      await ctx.io.untilStopped();
    } finally {
      await server.close();
    }
  },
};
