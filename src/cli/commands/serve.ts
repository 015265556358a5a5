import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CONNECTOR_PORT } from '../../shared/connector-protocol.js';
import { KhoError } from '../../shared/errors.js';
import type { Command, Ctx } from '../command.js';
import { stdinStream } from '../io.js';

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

function portOption(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535)
    throw new KhoError('INVALID_INPUT', `${name} takes a port number from 0 to 65535, not "${String(raw)}".`);
  return n;
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

export const serve: Command = {
  usage: 'kho serve [--host H] [--port P] [--token T] [--connector-port P | --no-connector]',
  summary:
    'Serve the reader app and the archive over HTTP (127.0.0.1 by default, token required), and answer the browser extension on 127.0.0.1:7718.',
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    token: { type: 'string' },
    'connector-port': { type: 'string' },
    'no-connector': { type: 'boolean' },
  },
  searchInWorker: true,
  runFetchQueue: true,
  checkIntegrityPeriodically: true,
  async run(ctx, _p, v) {
    const rendererDir = findRendererDir();
    const connectorPort = portOption(v['connector-port'], '--connector-port', CONNECTOR_PORT);
    if (v['no-connector'] && v['connector-port'] !== undefined)
      throw new KhoError('INVALID_INPUT', 'Give either --connector-port or --no-connector, not both.');
    // Loaded on demand: the HTTP servers are only needed by this command.
    const [{ startServer }, { runConnector }] = await Promise.all([
      import('../../server/server.js'),
      import('../../server/connector/run.js'),
    ]);
    const server = await startServer({
      archive: ctx.archive,
      rendererDir,
      host: (v.host as string | undefined) ?? '127.0.0.1',
      port: portOption(v.port, '--port', 7717),
      ...(v.token ? { token: v.token as string } : {}),
      log: (line) => ctx.err(line + '\n'),
    });
    let stopPrompts: (() => void) | null = null;
    let connector: Awaited<ReturnType<typeof runConnector>> = null;
    try {
      ctx.out(server.url + '\n');
      ctx.err(ctx.s.dim('Kho is serving your archive. Open the address above; press Ctrl+C to stop.') + '\n');
      if (!v['no-connector']) {
        stopPrompts = pairingPrompts(ctx);
        connector = await runConnector(ctx.archive, {
          port: connectorPort,
          log: (line) => ctx.err(`connector: ${line}\n`),
          notice: (line) => ctx.err(line + '\n'),
          // The web app's own address for the article; the token lets a browser without the cookie in.
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
