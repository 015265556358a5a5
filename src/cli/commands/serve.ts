import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CONNECTOR_PORT } from '../../shared/connector-protocol.js';
import { KhoError } from '../../shared/errors.js';
import { isLoopbackHost } from '../../server/security.js';
import { wholeNumber } from '../args.js';
import type { Command, Ctx } from '../command.js';
import { stdinStream } from '../io.js';
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

/** Standard input when a person types into it (a terminal), else null: piped input is never an answer. */
function terminalInput(ctx: Ctx): NodeJS.ReadableStream | null {
  const stdin = ctx.io.stdin as { isTTY?: unknown };
  return typeof stdin === 'object' && stdin !== null && stdin.isTTY === true
    ? stdinStream(ctx.io.stdin)
    : null;
}

/**
 * Pairing requests on the terminal: says which browser asks and its code as they arrive; on a terminal,
 * "y" or "n" answers the latest one still waiting (approving in the web app's Settings always works).
 * Returns the function that stops listening.
 */
function pairingPrompts(ctx: Ctx): () => void {
  const input = terminalInput(ctx);
  let latest: string | null = null;
  const unsubscribe = ctx.archive.subscribe((event) => {
    if (event.name !== 'connector.pairing' || event.payload.change === 'used') return;
    const { change, id, name, code } = event.payload;
    if (change === 'requested') {
      latest = id;
      const how = input
        ? 'approve it in the web app (Settings > Browser extension), or type y (approve) or n (deny) and Enter here'
        : 'approve it in the web app (Settings > Browser extension)';
      ctx.err(
        ctx.s.bold(`Browser "${name}" asks to save into Kho. Code ${code}.`) +
          ` If the browser shows the same code, ${how}.\n`,
      );
    } else if (change === 'approved') ctx.err(`Pairing with "${name}" approved.\n`);
    else if (change === 'denied') ctx.err(`Pairing with "${name}" refused.\n`);
    else if (change === 'paired') ctx.err(`"${name}" is paired and can save into Kho.\n`);
    else ctx.err(`"${name}" is no longer paired.\n`);
  });
  const lines = input ? createInterface({ input, terminal: false }) : null;
  lines?.on('line', (line) => {
    const answer = line.trim().toLowerCase();
    if (!['y', 'yes', 'n', 'no'].includes(answer)) return;
    if (!latest) {
      ctx.err('No browser is waiting to pair.\n');
      return;
    }
    const id = latest;
    latest = null;
    ctx
      .call(answer.startsWith('y') ? 'connector.approve' : 'connector.deny', { id })
      .catch((err: unknown) => ctx.err(`${KhoError.from(err).message}\n`));
  });
  return () => {
    unsubscribe();
    lines?.close();
  };
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
  usage:
    'kho serve [--host H] [--port P] [--token-file F] [--new-token] [--connector-port P | --no-connector]',
  summary: `Serve the reader app and the archive over HTTP (127.0.0.1 by default; access token from --token-file, $${TOKEN_ENV} or the archive).`,
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'token-file': { type: 'string' },
    'new-token': { type: 'boolean' },
    // Refused with the reason (the process list shows it to everyone), rather than as an unknown option.
    token: { type: 'string' },
    'connector-port': { type: 'string' },
    'no-connector': { type: 'boolean' },
  },
  searchInWorker: true,
  runFetchQueue: true,
  checkIntegrityPeriodically: true,
  runBackupSchedule: true,
  async run(ctx, _p, v) {
    if (v.token !== undefined)
      throw new KhoError(
        'INVALID_INPUT',
        `--token would show the token to every user of this computer in the process list. Pass it in the ${TOKEN_ENV} environment variable or with --token-file F instead.`,
      );
    const port = wholeNumber(v.port as string | undefined, 'port', 0, 65_535) ?? 7717;
    const host = (v.host as string | undefined) ?? '127.0.0.1';
    const rendererDir = findRendererDir();
    const connectorPort =
      wholeNumber(v['connector-port'] as string | undefined, 'connector-port', 0, 65_535) ?? CONNECTOR_PORT;
    if (v['no-connector'] && v['connector-port'] !== undefined)
      throw new KhoError('INVALID_INPUT', 'Give either --connector-port or --no-connector, not both.');
    const { data_dir } = await ctx.call('app.info', {});
    const tokenFile = v['token-file'] as string | undefined;
    const { token, note } = resolveServeToken({
      tokenFile: tokenFile === undefined ? undefined : ctx.resolvePath(tokenFile),
      env: ctx.io.env,
      dataDir: data_dir,
      renew: v['new-token'] === true,
    });
    // Loaded on demand: the HTTP servers are only needed by this command.
    const [{ startServer }, { runConnector }] = await Promise.all([
      import('../../server/server.js'),
      import('../../server/connector/run.js'),
    ]);
    const server = await startServer({
      archive: ctx.archive,
      rendererDir,
      host,
      port,
      token,
      // Request lines come from the network: printed with their control characters made visible.
      log: (line) => ctx.err(inlineText(line) + '\n'),
    });
    let stopPrompts: (() => void) | null = null;
    let connector: Awaited<ReturnType<typeof runConnector>> = null;
    try {
      ctx.out(server.url + '\n');
      if (!isLoopbackHost(host)) ctx.err(ctx.s.yellow(networkWarning(server.origin)) + '\n');
      if (note) ctx.err(ctx.s.dim(note) + '\n');
      ctx.err(ctx.s.dim('Kho is serving your archive. Open the address above; press Ctrl+C to stop.') + '\n');
      if (!v['no-connector']) {
        stopPrompts = pairingPrompts(ctx);
        connector = await runConnector(ctx.archive, {
          port: connectorPort,
          log: (line) => ctx.err(`connector: ${inlineText(line)}\n`),
          notice: (line) => ctx.err(line + '\n'),
          // The web app's own address for the article; the token signs a browser without the cookie in.
          onOpenArticle: (id) => `${server.origin}/article/${id}?token=${encodeURIComponent(server.token)}`,
        });
      }
      await ctx.io.untilStopped();
    } finally {
      stopPrompts?.();
      await connector?.close();
      await server.close();
    }
  },
};
