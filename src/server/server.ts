// The HTTP transport stays whole in one file: routing, sign-in and the security checks must be read together.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  contract,
  isOperationName,
  remoteOutputOf,
  type KhoHandlers,
  type OperationName,
} from '../shared/contract.js';
import { callOperation, refuseLocalPaths } from '../shared/dispatch.js';
import { KhoError } from '../shared/errors.js';
import { assetName, assetResponse, type StoredAsset } from '../shared/asset-response.js';
import { events, type EventListener } from '../shared/events.js';
import { Keys, requestCredentials, type RequestCredentials } from './auth.js';
import { guardConnections, LISTEN_BACKLOG, MAX_CONNECTIONS, type ConnectionStats } from './connections.js';
import {
  HttpError,
  LOGIN_PAGE,
  readBody,
  refused,
  sendHtml,
  sendJson,
  SIGN_IN_FIRST,
  statusForError,
} from './responses.js';
import {
  allowedHosts,
  BASE_HEADERS,
  firstExternalAddress,
  generateToken,
  HTML_CSP,
  isWildcardHost,
  tokenWeakness,
  urlHost,
} from './security.js';
import { resolveStatic, streamFile } from './static.js';

/**
 * `kho serve`: the contract over HTTP plus the built renderer, for reading the archive in a browser.
 *
 * Security model (see also ARCHITECTURE.md, "Signing in to kho serve"):
 * - binds 127.0.0.1 unless told otherwise; the token must be strong (`tokenWeakness`);
 * - every request needs a credential (auth.ts): the token as `Authorization: Bearer` (scripts), or what a
 *   browser got for its exact origin by opening `/?token=...`: a page cookie that opens only the app's own
 *   files, an API key sent as a header, an address key for images and the event stream. A cookie replayed
 *   from another port opens nothing of the archive;
 * - the `Host` header must name this server (blocks DNS rebinding);
 * - requests that change state (every API call is a POST) must come from this origin: `Origin` must
 *   equal our own and `Sec-Fetch-Site: cross-site` is refused; so must the event stream (`GET /api/events`,
 *   Server-Sent Events), which carries the archive's changes;
 * - API bodies are JSON only and size-limited: 64 MB for operations the contract marks `largeBody` (they carry
 *   whole files as text), 1 MB for everything else; malformed addresses and bodies are 400;
 * - the server never reads files named by a client: inputs the contract's `localPath` names a path for
 *   (`articles.add {source:'file'}`, `articles.replaceContent {path}`, `import.folder`) are refused; clients send
 *   file contents as text; outputs show what the contract's `remoteOutput` lets a network caller see;
 * - at most `MAX_CONNECTIONS` connections, the longest-idle one closed for a newcomer (connections.ts), and
 *   10 s to send request headers, so a flood of idle sockets cannot lock real users out;
 * - HTML gets a strict CSP, and every response `nosniff`, `no-referrer` and `X-Frame-Options: DENY`.
 */

/** What the server needs from an archive (structurally the `Archive` of src/core/archive.ts). */
export interface ServedArchive {
  handlers: KhoHandlers;
  getAsset(sha256: string): StoredAsset | null | Promise<StoredAsset | null>;
  /** The archive's events, relayed to browsers as Server-Sent Events on `GET /api/events`. */
  subscribe?(listener: EventListener): () => void;
  /** Turned on by the server, so browsers also hear of changes the CLI or the app make meanwhile. */
  watchExternalChanges?(): void;
}

/** A comment line keeps idle event streams open through proxies and lets us notice gone clients. */
const EVENT_HEARTBEAT_MS = 25_000;

export interface ServerOptions {
  archive: ServedArchive;
  /** Address to bind; 127.0.0.1 by default. */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  /** Access token (must pass `tokenWeakness`); 32 random bytes (base64url) when not given. */
  token?: string;
  /** Directory of the built renderer (`out/renderer`). */
  rendererDir: string;
  /** Receives one line per request (never the token). */
  log?: (line: string) => void;
  /** Connections held at most (`MAX_CONNECTIONS`); tests lower it. */
  maxConnections?: number;
  /** Time a client gets to send its request headers (`HEADERS_TIMEOUT_MS`); tests lower it. */
  headersTimeoutMs?: number;
}

export interface RunningServer {
  /** The address to open: carries the token once; the first visit signs the browser in. */
  url: string;
  /** The origin without the token. */
  origin: string;
  token: string;
  port: number;
  /** Connections open now and idle ones closed to make room. */
  connections(): ConnectionStats;
  close(): Promise<void>;
}

export const LARGE_BODY_LIMIT = 64 * 1024 * 1024;
export const BODY_LIMIT = 1024 * 1024;
/** A slow or silent client gets this long to send its request headers (a flood of idle sockets goes quickly). */
export const HEADERS_TIMEOUT_MS = 10_000;

export { statusForError } from './responses.js';

type Route = 'api' | 'events' | 'asset' | 'app';

function routeOf(pathname: string): Route {
  if (pathname === '/api/events') return 'events';
  if (pathname.startsWith('/api/')) return 'api';
  if (pathname.startsWith('/asset/')) return 'asset';
  return 'app';
}

/**
 * Where to send a browser after it signs in: the same path on this server. Leading slashes and backslashes
 * are collapsed, so `/.//evil.example/x` (which URL parsing turns into `//evil.example/x`) cannot become a
 * scheme-relative address of another site.
 */
export function localRedirect(url: URL): string {
  return '/' + url.pathname.replace(/^[/\\]+/, '') + url.search;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? generateToken();
  const weakness = tokenWeakness(token);
  if (weakness) throw new KhoError('INVALID_INPUT', weakness);
  opts.archive.watchExternalChanges?.();
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  let hosts = new Set<string>();
  let port = 0;

  const headersTimeout = opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const server = createServer(
    {
      // connections.ts enforces the header timeout too: Node's own check misses some connections.
      headersTimeout,
      // Large imports may take a while to upload; their headers may not.
      requestTimeout: 10 * 60_000,
    },
    (req, res) => {
      const started = Date.now();
      const pathOnly = (req.url ?? '/').split('?')[0] ?? '/';
      res.on('finish', () => log(`${req.method} ${pathOnly} ${res.statusCode} ${Date.now() - started}ms`));
      handle(req, res).catch((err: unknown) => {
        const e = err instanceof HttpError ? err : new HttpError(500, KhoError.from(err));
        if (!res.headersSent) sendJson(res, e.status, { ok: false, error: e.error.toJSON() });
        else res.destroy();
      });
    },
  );
  const connectionStats = guardConnections(server, {
    max: opts.maxConnections ?? MAX_CONNECTIONS,
    headersTimeoutMs: headersTimeout,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(BASE_HEADERS)) res.setHeader(k, v);
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!hosts.has(hostHeader)) {
      throw refused(
        403,
        'UNAUTHORIZED',
        `Refused: this server does not answer to the host "${hostHeader || '(none)'}".`,
      );
    }
    const url = parseRequestUrl(req.url, hostHeader);
    const method = req.method ?? 'GET';
    const safe = method === 'GET' || method === 'HEAD';
    const route = routeOf(url.pathname);
    const keys = new Keys(token, `http://${hostHeader}`);

    // Signing a browser in: the token in the address becomes the page cookie and the page's keys.
    const queryToken = url.searchParams.get('token');
    if (safe && queryToken !== null && route === 'app') {
      if (!keys.isToken(queryToken)) {
        sendHtml(res, 401, LOGIN_PAGE);
        return;
      }
      url.searchParams.delete('token');
      res.statusCode = 303;
      res.setHeader('Set-Cookie', keys.sessionCookie(port));
      res.setHeader('Location', localRedirect(url) + keys.keysFragment());
      res.setHeader('Cache-Control', 'no-store');
      res.end();
      return;
    }

    const given = requestCredentials(req.headers, port, url);
    if (!authorized(route, given, keys)) {
      if (safe && route === 'app') {
        sendHtml(res, 401, LOGIN_PAGE);
        return;
      }
      throw refused(401, 'UNAUTHORIZED', SIGN_IN_FIRST);
    }

    if (!safe || route === 'events') {
      const origin = req.headers.origin;
      const fetchSite = req.headers['sec-fetch-site'];
      if (fetchSite === 'cross-site' || (origin !== undefined && origin !== `http://${hostHeader}`)) {
        throw refused(403, 'UNAUTHORIZED', 'Refused: requests that change data must come from Kho itself.');
      }
      // Browsers always send Origin on POST; only non-browser clients (with the bearer token) omit it.
      // A same-origin EventSource sends no Origin, so the stream relies on Sec-Fetch-Site there.
      if (!safe && origin === undefined && given.bearer === null) {
        throw refused(403, 'UNAUTHORIZED', 'Refused: the request has no Origin header.');
      }
    }

    if (route === 'events') return handleEvents(req, res);
    if (route === 'api') return handleApi(req, res, decodePath(url.pathname.slice(5)));
    if (!safe) {
      res.setHeader('Allow', 'GET, HEAD');
      throw refused(405, 'INVALID_INPUT', `Method ${method} is not allowed here.`);
    }
    if (route === 'asset') return handleAsset(req, res, url.pathname.slice(7));
    // A signed-in browser's visit to the page renews its cookie, so regular readers stay signed in.
    const renew = given.bearer === null ? keys.sessionCookie(port) : null;
    return handleStatic(req, res, url.pathname, renew);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw refused(405, 'INVALID_INPUT', 'API calls use POST with a JSON body.');
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      throw refused(415, 'UNSUPPORTED_TYPE', 'API calls need "Content-Type: application/json".');
    }
    const limit = isOperationName(name) && contract[name].largeBody ? LARGE_BODY_LIMIT : BODY_LIMIT;
    const raw = await readBody(req, limit);
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (err) {
        throw refused(400, 'INVALID_INPUT', `The request body is not valid JSON: ${(err as Error).message}`);
      }
    }
    try {
      const value = await callOperation(opts.archive.handlers, name, body, { guard: refuseServerFiles });
      sendJson(res, 200, { ok: true, value: remoteOutputOf(name as OperationName, value) });
    } catch (err) {
      const e = KhoError.from(err);
      sendJson(res, statusForError(e.code), { ok: false, error: e.toJSON() });
    }
  }

  /**
   * The archive's events as Server-Sent Events: one `data:` line of `{ name, payload }` JSON per event, only
   * the events the contract marks as the archive's (app events belong to the Electron window).
   */
  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    const subscribe = opts.archive.subscribe;
    if (req.method !== 'GET' || !subscribe) {
      res.setHeader('Allow', 'GET');
      throw refused(405, 'INVALID_INPUT', 'The event stream is read with GET.');
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    let seq = 0;
    const unsubscribe = subscribe((event) => {
      if (events[event.name].source !== 'archive') return;
      res.write(`id: ${++seq}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), EVENT_HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }

  async function handleAsset(req: IncomingMessage, res: ServerResponse, ref: string): Promise<void> {
    const sha = assetName(ref);
    const stored = sha ? await opts.archive.getAsset(sha) : null;
    const asset = assetResponse(ref, () => stored);
    const body = typeof asset.body === 'string' ? Buffer.from(asset.body, 'utf8') : asset.body;
    res.statusCode = asset.status;
    for (const [k, v] of Object.entries(asset.headers)) res.setHeader(k, v);
    res.setHeader('Content-Length', String(body.length));
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function handleStatic(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    renewCookie: string | null,
  ): Promise<void> {
    const file = await resolveStatic(opts.rendererDir, pathname);
    if (!file) throw refused(404, 'NOT_FOUND', 'Not found.');
    if (file.isHtml && renewCookie) res.setHeader('Set-Cookie', renewCookie);
    res.statusCode = 200;
    res.setHeader('Content-Type', file.mime);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Cache-Control', file.immutable ? 'private, max-age=31536000, immutable' : 'no-cache');
    if (file.isHtml) res.setHeader('Content-Security-Policy', HTML_CSP);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const stream = streamFile(file);
      stream.on('error', reject);
      res.on('finish', resolve);
      res.on('close', resolve);
      stream.pipe(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port ?? 0, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  const shownHost = isWildcardHost(host) ? (firstExternalAddress() ?? '127.0.0.1') : host;
  const origin = `http://${urlHost(shownHost)}:${port}`;

  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    token,
    port,
    connections: connectionStats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A remote client must never make the server read files from its own disk (see `localPathOf`). */
const refuseServerFiles = refuseLocalPaths('over HTTP');

/**
 * Whether `given` opens `route`. The token opens everything; a browser's page cookie opens the app's own
 * files; its API key (a header) the API; its address key with the page cookie the images and event stream.
 */
function authorized(route: Route, given: RequestCredentials, keys: Keys): boolean {
  // A wrong token is refused even when a browser credential comes with it.
  if (given.bearer !== null) return keys.isToken(given.bearer);
  switch (route) {
    case 'app':
      return keys.matches('page', given.cookie);
    case 'api':
      return keys.matches('api', given.apiKey);
    case 'asset':
    case 'events':
      return keys.matches('page', given.cookie) && keys.matches('address', given.addressKey);
  }
}

/**
 * The request target as a URL on this server. Only origin-form targets (`/path?query`) are accepted; the
 * host is never taken from the target (`//evil.example/x` is a path here, not another host).
 */
function parseRequestUrl(target: string | undefined, hostHeader: string): URL {
  const raw = target ?? '/';
  if (!raw.startsWith('/'))
    throw refused(400, 'INVALID_INPUT', 'The request must name a path on this server.');
  try {
    const url = new URL(`http://${hostHeader}${raw}`);
    decodePath(url.pathname);
    return url;
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw refused(400, 'INVALID_INPUT', 'The request address is not valid.');
  }
}

/** A percent-decoded path; a malformed escape (`%E0%A4%A`) is the client's mistake, so 400. */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw refused(400, 'INVALID_INPUT', `The address "${path}" has a malformed %-escape.`);
  }
}
