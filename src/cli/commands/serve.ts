import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KhoError } from '../../shared/errors.js';
import { isLoopbackHost } from '../../server/security.js';
import { wholeNumber } from '../args.js';
import type { Command } from '../command.js';
import { resolveServeToken, TOKEN_ENV } from '../serve-token.js';
import { inlineText } from '../terminal-text.js';

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

/** Said on stderr whenever the archive is reachable from other machines. */
function networkWarning(origin: string): string {
  return (
    `Warning: your archive is served to the network at ${origin} over plain HTTP. Anyone on this network ` +
    'can read what you open and the token in the address, and use it. Serve beyond this computer only on a ' +
    'network you trust, or behind an HTTPS proxy.'
  );
}

export const serve: Command = {
  usage: 'kho serve [--host H] [--port P] [--token-file F] [--new-token]',
  summary: `Serve the reader app and the archive over HTTP (127.0.0.1 by default; access token from --token-file, $${TOKEN_ENV} or the archive).`,
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'token-file': { type: 'string' },
    'new-token': { type: 'boolean' },
    // Refused with the reason (the process list shows it to everyone), rather than as an unknown option.
    token: { type: 'string' },
  },
  searchInWorker: true,
  runFetchQueue: true,
  async run(ctx, _p, v) {
    if (v.token !== undefined)
      throw new KhoError(
        'INVALID_INPUT',
        `--token would show the token to every user of this computer in the process list. Pass it in the ${TOKEN_ENV} environment variable or with --token-file F instead.`,
      );
    const port = wholeNumber(v.port as string | undefined, 'port', 0, 65_535) ?? 7717;
    const host = (v.host as string | undefined) ?? '127.0.0.1';
    const rendererDir = findRendererDir();
    const { data_dir } = await ctx.call('app.info', {});
    const tokenFile = v['token-file'] as string | undefined;
    const { token, note } = resolveServeToken({
      tokenFile: tokenFile === undefined ? undefined : ctx.resolvePath(tokenFile),
      env: ctx.io.env,
      dataDir: data_dir,
      renew: v['new-token'] === true,
    });
    // Loaded on demand: the HTTP server is only needed by this command.
    const { startServer } = await import('../../server/server.js');
    const server = await startServer({
      archive: ctx.archive,
      rendererDir,
      host,
      port,
      token,
      // Request lines come from the network: printed with their control characters made visible.
      log: (line) => ctx.err(inlineText(line) + '\n'),
    });
    try {
      ctx.out(server.url + '\n');
      if (!isLoopbackHost(host)) ctx.err(ctx.s.yellow(networkWarning(server.origin)) + '\n');
      if (note) ctx.err(ctx.s.dim(note) + '\n');
      ctx.err(ctx.s.dim('Kho is serving your archive. Open the address above; press Ctrl+C to stop.') + '\n');
      await ctx.io.untilStopped();
    } finally {
      await server.close();
    }
  },
};
