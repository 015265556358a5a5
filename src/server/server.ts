// The HTTP transport stays whole in one file: routing, sign-in and the security checks must be read together.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contract, isOperationName, type KhoHandlers } from '../shared/contract.js';
import { callOperation, refuseLocalPaths } from '../shared/dispatch.js';
import { KhoError, type ErrorCode } from '../shared/errors.js';
import { assetName, assetResponse, type StoredAsset } from '../shared/asset-response.js';
import { events, type EventListener } from '../shared/events.js';
import {
  allowedHosts,
  BASE_HEADERS,
  bearerToken,
  cookieName,
  firstExternalAddress,
  generateToken,
  HTML_CSP,
  isWildcardHost,
  parseCookies,
  tokensEqual,
  urlHost,
} from './security.js';
import { resolveStatic, streamFile } from './static.js';

/**
 * `kho serve`: the contract over HTTP plus the built renderer, for reading the archive in a browser.
 *
 * Security model (see also ARCHITECTURE.md):
 * - binds 127.0.0.1 unless told otherwise;
 * - every request needs the access token, as the HttpOnly SameSite=Strict cookie set by the first
 *   visit to `/?token=...`, or as `Authorization: Bearer <token>`; compared in constant time;
 * - the `Host` header must name this server (blocks DNS rebinding);
 * - requests that change state (every API call is a POST) must come from this origin: `Origin` must
 *   equal our own and `Sec-Fetch-Site: cross-site` is refused; so must the event stream (`GET /api/events`,
 *   Server-Sent Events), which carries the archive's changes;
 * - API bodies are JSON only and size-limited: 64 MB for operations the contract marks `largeBody` (they carry
 *   whole files as text), 1 MB for everything else;
 * - the server never reads files named by a client: inputs the contract's `localPath` names a path for
 *   (`articles.add {source:'file'}`, `articles.replaceContent {path}`, `import.folder`) are refused; clients send
 *   file contents as text;
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
  /** Access token; 32 random bytes (base64url) when not given. */
  token?: string;
  /** Directory of the built renderer (`out/renderer`). */
  rendererDir: string;
  /** Receives one line per request (never the token). */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** The address to open: carries the token once; the first visit trades it for a cookie. */
  url: string;
  /** The origin without the token. */
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export const LARGE_BODY_LIMIT = 64 * 1024 * 1024;
export const BODY_LIMIT = 1024 * 1024;

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  BAD_QUERY: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  CONFLICT: 409,
  AMBIGUOUS: 409,
  CANCELLED: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_TYPE: 415,
  NOT_AN_ARTICLE: 422,
  UNREADABLE_FILE: 422,
  BAD_ENCODING: 422,
  FETCH_FAILED: 502,
  TIMEOUT: 504,
  ARCHIVE_LOCKED: 503,
  ARCHIVE_READ_ONLY: 503,
  ARCHIVE_CORRUPT: 500,
  INTERNAL: 500,
};

export function statusForError(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: KhoError,
  ) {
    super(error.message);
  }
}

const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kho — sign in</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#222}
code{background:#f2f2f2;padding:.1em .3em;border-radius:3px}</style></head>
<body><main><h1>Kho</h1>
<p>This archive is private. Open the address that <code>kho serve</code> printed when it started
(it ends with <code>?token=…</code>). The browser then remembers you until it is closed.</p>
<p lang="vi">Kho này là riêng tư. Hãy mở địa chỉ mà <code>kho serve</code> in ra khi khởi động
(kết thúc bằng <code>?token=…</code>).</p></main></body></html>`;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  opts.archive.watchExternalChanges?.();
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? generateToken();
  if (token.length < 16)
    throw new KhoError('INVALID_INPUT', 'The access token must be at least 16 characters.');
  const log = opts.log ?? (() => {});
  let hosts = new Set<string>();
  let cookie = 'kho_token';
  let port = 0;

  const server = createServer((req, res) => {
    const started = Date.now();
    const pathOnly = (req.url ?? '/').split('?')[0] ?? '/';
    res.on('finish', () => log(`${req.method} ${pathOnly} ${res.statusCode} ${Date.now() - started}ms`));
    handle(req, res).catch((err: unknown) => {
      const e = err instanceof HttpError ? err : new HttpError(500, KhoError.from(err));
      if (!res.headersSent) sendJson(res, e.status, { ok: false, error: e.error.toJSON() });
      else res.destroy();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 10 * 60_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(BASE_HEADERS)) res.setHeader(k, v);
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!hosts.has(hostHeader)) {
      throw new HttpError(
        403,
        new KhoError(
          'UNAUTHORIZED',
          `Refused: this server does not answer to the host "${hostHeader || '(none)'}".`,
        ),
      );
    }
    const url = new URL(req.url ?? '/', `http://${hostHeader}`);
    const method = req.method ?? 'GET';
    const safe = method === 'GET' || method === 'HEAD';

    // The one-time token in the address: trade it for a cookie and drop it from the URL.
    const queryToken = url.searchParams.get('token');
    if (safe && queryToken !== null && !url.pathname.startsWith('/api/')) {
      if (!tokensEqual(queryToken, token)) {
        sendHtml(res, 401, LOGIN_PAGE);
        return;
      }
      url.searchParams.delete('token');
      res.statusCode = 303;
      res.setHeader(
        'Set-Cookie',
        `${cookie}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`,
      );
      res.setHeader('Location', url.pathname + (url.search || ''));
      res.setHeader('Cache-Control', 'no-store');
      res.end();
      return;
    }

    const given = bearerToken(req.headers.authorization) ?? parseCookies(req.headers.cookie).get(cookie);
    if (!tokensEqual(given, token)) {
      if (safe && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/asset/')) {
        sendHtml(res, 401, LOGIN_PAGE);
        return;
      }
      throw new HttpError(
        401,
        new KhoError(
          'UNAUTHORIZED',
          'Sign in first: open the address printed by "kho serve" (it carries the token).',
        ),
      );
    }

    const eventStream = url.pathname === '/api/events';
    if (!safe || eventStream) {
      const origin = req.headers.origin;
      const fetchSite = req.headers['sec-fetch-site'];
      if (fetchSite === 'cross-site' || (origin !== undefined && origin !== `http://${hostHeader}`)) {
        throw new HttpError(
          403,
          new KhoError('UNAUTHORIZED', 'Refused: requests that change data must come from Kho itself.'),
        );
      }
      // Browsers always send Origin on POST; only non-browser clients (with the bearer token) omit it.
      // A same-origin EventSource sends no Origin, so the stream relies on Sec-Fetch-Site there.
      if (!safe && origin === undefined && !bearerToken(req.headers.authorization)) {
        throw new HttpError(403, new KhoError('UNAUTHORIZED', 'Refused: the request has no Origin header.'));
      }
    }

    if (eventStream) return handleEvents(req, res);
    if (url.pathname.startsWith('/api/'))
      return handleApi(req, res, decodeURIComponent(url.pathname.slice(5)));
    if (!safe) {
      res.setHeader('Allow', 'GET, HEAD');
      throw new HttpError(405, new KhoError('INVALID_INPUT', `Method ${method} is not allowed here.`));
    }
    if (url.pathname.startsWith('/asset/')) return handleAsset(req, res, url.pathname.slice(7));
    return handleStatic(req, res, url.pathname);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new HttpError(405, new KhoError('INVALID_INPUT', 'API calls use POST with a JSON body.'));
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      throw new HttpError(
        415,
        new KhoError('UNSUPPORTED_TYPE', 'API calls need "Content-Type: application/json".'),
      );
    }
    const limit = isOperationName(name) && contract[name].largeBody ? LARGE_BODY_LIMIT : BODY_LIMIT;
    const raw = await readBody(req, limit);
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (err) {
        throw new HttpError(
          400,
          new KhoError('INVALID_INPUT', `The request body is not valid JSON: ${(err as Error).message}`),
        );
      }
    }
    try {
      const value = await callOperation(opts.archive.handlers, name, body, { guard: refuseServerFiles });
      sendJson(res, 200, { ok: true, value });
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
      throw new HttpError(405, new KhoError('INVALID_INPUT', 'The event stream is read with GET.'));
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

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const file = await resolveStatic(opts.rendererDir, pathname);
    if (!file) throw new HttpError(404, new KhoError('NOT_FOUND', 'Not found.'));
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
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  cookie = cookieName(port);
  const shownHost = isWildcardHost(host) ? (firstExternalAddress() ?? '127.0.0.1') : host;
  const origin = `http://${urlHost(shownHost)}:${port}`;

  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A remote client must never make the server read files from its own disk (see `localPathOf`). */
const refuseServerFiles = refuseLocalPaths('over HTTP');

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const tooLarge = () =>
    new HttpError(
      413,
      new KhoError('TOO_LARGE', `The request is larger than ${Math.round(limit / (1024 * 1024))} MB.`),
    );
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body), 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(data.length));
  res.setHeader('Cache-Control', 'no-store');
  res.end(data);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  const data = Buffer.from(html, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', String(data.length));
  res.setHeader('Cache-Control', 'no-store');
  // The login page has its own tiny inline style and nothing else.
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  res.end(data);
}
