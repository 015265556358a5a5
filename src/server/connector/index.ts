import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import type { KhoHandlers } from '../../shared/contract.js';
import { callOperation, invalidInput } from '../../shared/dispatch.js';
import { KhoError } from '../../shared/errors.js';
import { ArticleSummary } from '../../shared/schemas.js';
import { bearerToken } from '../security.js';
import { BOOKMARKLET_PATH, sendBookmarkletWindow } from './bookmarklet-window.js';
import { allowOrigin, HttpError, readJson, sendError, sendJson } from './http.js';
import { identifyCaller, type Caller } from './origins.js';
import {
  CONNECTOR_PORT,
  NoteRequest,
  OpenRequest,
  PairRequest,
  PairStatusRequest,
  SAVE_BODY_LIMIT,
  SaveRequest,
  SMALL_BODY_LIMIT,
  TagRequest,
  type ConnectorRoute,
} from '../../shared/connector-protocol.js';
import { savePage } from './save.js';

/**
 * The connector: a small HTTP server on 127.0.0.1:7718 that the browser extension (and the bookmarklet
 * window) save into, the way Zotero's Connector talks to Zotero. The desktop app (in its archive process,
 * src/host/entry.ts) and `kho serve` each start one through `runConnector`, so saving works with the app
 * closed. It is a thin transport: pairing is the archive's (`connector.*` operations), saving is
 * `articles.add` and the rest of the contract.
 *
 * Who gets in (see origins.ts): the `Host` must be 127.0.0.1:PORT or localhost:PORT (DNS rebinding), and
 * the `Origin` an extension's or the connector's own page's. Anything else — a web page, a page rebinding
 * its name to 127.0.0.1, a request without Origin — gets no answer at all: the socket is closed, so a
 * page cannot tell Kho from a closed port. Allowed callers get CORS for their own origin only; `ping`,
 * `pair` and `pair-status` need nothing more, every other route a paired browser's token
 * (`Authorization: Bearer`), bound to the origin it was issued to. Bodies are JSON: 20 MB for a page,
 * 64 KB otherwise. Everything reaches the archive through the contract.
 */

export { CONNECTOR_PORT } from '../../shared/connector-protocol.js';

export interface ConnectorOptions {
  handlers: KhoHandlers;
  /** 7718 unless told otherwise (tests pass 0 for a free port). */
  port?: number;
  /**
   * "Open in Kho" for a saved article: the app shows it and returns null; `kho serve` returns the
   * address for the browser to open. Without it the popup hides the button.
   */
  onOpenArticle?: (articleId: number) => Promise<string | null> | string | null;
  /** One line per request (never a token or a page). */
  log?: (line: string) => void;
}

export interface RunningConnector {
  port: number;
  origin: string;
  close(): Promise<void>;
}

const ROUTES: ReadonlySet<string> = new Set<ConnectorRoute>([
  'ping',
  'pair',
  'pair-status',
  'save',
  'tags',
  'tag',
  'note',
  'open',
]);
const OPEN_ROUTES: ReadonlySet<string> = new Set<ConnectorRoute>(['ping', 'pair', 'pair-status']);

function parse<S extends z.ZodType>(schema: S, route: string, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw invalidInput(`connector/${route}`, r.error);
  return r.data;
}

export async function startConnector(opts: ConnectorOptions): Promise<RunningConnector> {
  const { handlers } = opts;
  const log = opts.log ?? (() => {});
  let port = 0;

  const server = createServer((req, res) => {
    const started = Date.now();
    const route = (req.url ?? '/').split('?')[0] ?? '/';
    res.on('finish', () => log(`${req.method} ${route} ${res.statusCode} ${Date.now() - started}ms`));
    const caller = identifyCaller({ host: req.headers.host, origin: req.headers.origin }, port);
    if (req.method === 'GET' && route === BOOKMARKLET_PATH && isTopLevelPage(req, port)) {
      sendBookmarkletWindow(res);
      return;
    }
    if (!caller) {
      log(
        `${req.method} ${route} refused: origin ${req.headers.origin ?? '(none)'}, host ${req.headers.host ?? '(none)'}`,
      );
      req.socket.destroy();
      return;
    }
    allowOrigin(res, caller.origin);
    handle(req, res, route, caller).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, err);
      else res.destroy();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 5 * 60_000;

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    caller: Caller,
  ): Promise<void> {
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.setHeader('Access-Control-Allow-Methods', 'POST');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
      res.setHeader('Access-Control-Max-Age', '600');
      res.end();
      return;
    }
    const route = path.startsWith('/connector/') ? path.slice('/connector/'.length) : '';
    if (!ROUTES.has(route))
      throw new HttpError(404, new KhoError('NOT_FOUND', `Kho has no connector route "${path}".`));
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new HttpError(405, new KhoError('INVALID_INPUT', 'Connector calls use POST with a JSON body.'));
    }
    const token = bearerToken(req.headers.authorization);
    const browser = token
      ? (await callOperation(handlers, 'connector.verify', { token, origin: caller.origin })).browser_id
      : null;
    if (!OPEN_ROUTES.has(route) && !browser) {
      throw new HttpError(
        401,
        new KhoError(
          'UNAUTHORIZED',
          token
            ? 'This browser is no longer paired with Kho (its pairing was removed). Pair it again.'
            : 'Pair this browser with Kho first.',
        ),
      );
    }
    const body = await readJson(
      req,
      route === 'save' ? SAVE_BODY_LIMIT : SMALL_BODY_LIMIT,
      route === 'save'
        ? ' Kho cannot take a page this large from the browser; use "Save link to Kho" so Kho fetches it.'
        : '',
    );
    const value = await run(route as ConnectorRoute, body, caller, browser);
    sendJson(res, 200, { ok: true, value });
  }

  async function run(
    route: ConnectorRoute,
    body: unknown,
    caller: Caller,
    browser: string | null,
  ): Promise<unknown> {
    switch (route) {
      case 'ping': {
        const info = await callOperation(handlers, 'app.info', {});
        return {
          app: 'kho',
          version: info.version,
          paired: browser !== null,
          can_open: !!opts.onOpenArticle,
        };
      }
      case 'pair': {
        const { name } = parse(PairRequest, route, body);
        const p = await callOperation(handlers, 'connector.pair', { name, origin: caller.origin });
        return { pairing_id: p.id, code: p.code, expires_at: p.expires_at };
      }
      case 'pair-status': {
        const { pairing_id: id } = parse(PairStatusRequest, route, body);
        const answer = await callOperation(handlers, 'connector.pairStatus', { id, origin: caller.origin });
        return answer.token ? { status: answer.state, token: answer.token } : { status: answer.state };
      }
      case 'save':
        return savePage(handlers, parse(SaveRequest, route, body));
      case 'tags':
        return callOperation(handlers, 'tags.list', {});
      case 'tag': {
        const { article_id: id, add, remove } = parse(TagRequest, route, body);
        let article = ArticleSummary.parse(await callOperation(handlers, 'articles.get', { id }));
        if (add.length)
          article =
            (await callOperation(handlers, 'tags.attach', { ids: [id], tags: add })).items[0] ?? article;
        if (remove.length)
          article =
            (await callOperation(handlers, 'tags.detach', { ids: [id], tags: remove })).items[0] ?? article;
        return { article };
      }
      case 'note': {
        const { annotation_id: id, note } = parse(NoteRequest, route, body);
        return {
          highlight: await callOperation(handlers, 'annotations.update', {
            id,
            note: note?.trim() ? note : null,
          }),
        };
      }
      case 'open': {
        if (!opts.onOpenArticle) {
          throw new HttpError(
            404,
            new KhoError('NOT_FOUND', 'This Kho cannot open articles from the browser.'),
          );
        }
        const { article_id: id } = parse(OpenRequest, route, body);
        await callOperation(handlers, 'articles.get', { id });
        return { url: (await opts.onOpenArticle(id)) ?? null };
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new KhoError(
              'CONFLICT',
              `Port ${opts.port ?? CONNECTOR_PORT} on 127.0.0.1 is taken (another Kho may already be answering the browser extension).`,
            )
          : err,
      ),
    );
    server.listen(opts.port ?? CONNECTOR_PORT, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The bookmarklet window is opened as a top-level page by a person's click, never framed or fetched. */
function isTopLevelPage(req: IncomingMessage, port: number): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  const dest = req.headers['sec-fetch-dest'];
  return (
    (host === `127.0.0.1:${port}` || host === `localhost:${port}`) &&
    (dest === undefined || dest === 'document')
  );
}
