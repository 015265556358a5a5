import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/core/archive.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { KhoError } from '../../src/shared/errors.js';
import { startServer, type RunningServer, type ServedArchive } from '../../src/server/server.js';
import { tokensEqual } from '../../src/server/security.js';
import { makeTempDir } from '../helpers/paths.js';
import { signIn, type SignedIn } from '../helpers/serve-sign-in.js';

/**
 * `kho serve` over real HTTP on 127.0.0.1, with the real archive (openArchive on a temp dir) and a
 * small renderer directory laid out like the build output.
 */

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const SHA = 'a'.repeat(64);
const SVG_SHA = 'b'.repeat(64);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1a1b10000000049454e44ae426082', 'hex'); // prettier-ignore

let archive: ServedArchive & { close: () => Promise<void> };
let server: RunningServer;
let host: string;
let cleanup: () => void;
let browser: SignedIn;
const TOKEN = 'Kq3vX9pLm2Rt7YwZ4bNc8HdJ6fGs1TeU';

async function openTestArchive(dataDir: string): Promise<ServedArchive & { close: () => Promise<void> }> {
  const real = await openArchive(dataDir);
  // Assets cannot be inserted through the contract, so two known images are served by a thin wrapper.
  return {
    handlers: real.handlers,
    getAsset: (sha) =>
      sha === SHA
        ? { mime: 'image/png', bytes: PNG }
        : sha === SVG_SHA
          ? { mime: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }
          : real.getAsset(sha),
    close: () => real.close(),
  };
}

beforeAll(async () => {
  const tmp = makeTempDir('kho-serve-');
  cleanup = tmp.cleanup;
  const renderer = path.join(tmp.dir, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Kho</title><div id="app"></div>');
  writeFileSync(path.join(renderer, 'assets', 'app-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(tmp.dir, 'secret.txt'), 'do not serve me');
  archive = await openTestArchive(path.join(tmp.dir, 'data'));
  server = await startServer({ archive, rendererDir: renderer, token: TOKEN });
  host = `127.0.0.1:${server.port}`;
  browser = await signIn(server.port, TOKEN);
});

afterAll(async () => {
  await server?.close();
  await archive?.close?.();
  cleanup?.();
});

const auth = () => ({ Authorization: `Bearer ${TOKEN}` });
/** The signed-in browser's page cookie: opens the app's own files. */
const cookieHeader = () => ({ Cookie: browser.cookie });
/** An archived image's address as the signed-in page writes it. */
const assetPath = (ref: string) => `/asset/${ref}?k=${browser.addressKey}`;
/** An API call as the signed-in page makes it: its cookie comes along, the API key opens the API. */
const post = (op: string, body: unknown, headers: Record<string, string> = {}) =>
  send(server.port, {
    method: 'POST',
    path: `/api/${op}`,
    headers: {
      'Content-Type': 'application/json',
      Origin: `http://${host}`,
      'Sec-Fetch-Site': 'same-origin',
      ...cookieHeader(),
      'X-Kho-Key': browser.apiKey,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('kho serve: authentication', () => {
  it('binds loopback and prints a URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('generates a 256-bit token when none is given', async () => {
    const other = await startServer({ archive, rendererDir: '/nonexistent' });
    try {
      expect(other.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(other.url).toContain(`?token=${other.token}`);
    } finally {
      await other.close();
    }
  });

  it('refuses requests without the token: login page for pages, 401 JSON for the API and assets', async () => {
    const page = await send(server.port, { path: '/' });
    expect(page.status).toBe(401);
    expect(page.body).toContain('kho serve');
    expect(page.body).not.toContain('<script');
    const api = await post('app.info', {}, { Cookie: '', 'X-Kho-Key': '' });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const js = await send(server.port, { path: '/assets/app-abc123.js' });
    expect(js.status).toBe(401);
    const asset = await send(server.port, { path: `/asset/${SHA}` });
    expect(asset.status).toBe(401);
  });

  it('refuses a wrong token, in the URL, the cookie or the Authorization header', async () => {
    expect((await send(server.port, { path: '/?token=nope' })).status).toBe(401);
    const page = await send(server.port, { path: '/', headers: { Cookie: `${browser.cookie}x` } });
    expect(page.status).toBe(401);
    expect((await post('app.info', {}, { 'X-Kho-Key': `${browser.apiKey}x` })).status).toBe(401);
    expect((await post('app.info', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('trades ?token= for a lasting HttpOnly SameSite=Strict cookie and redirects without it', async () => {
    const first = await send(server.port, { path: `/?token=${TOKEN}&view=unread` });
    expect(first.status).toBe(303);
    expect(first.headers.location).toMatch(/^\/\?view=unread#kho-keys=[\w-]{43}\.[\w-]{43}$/);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toContain(`kho_session_${server.port}=`);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    // Persistent: closing the browser keeps the login (30 days; a new token ends it).
    expect(setCookie).toContain('Max-Age=2592000');
    const cookie = setCookie.split(';')[0] as string;
    const page = await send(server.port, { path: '/', headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="app">');
  });

  it('accepts the bearer token (for scripts) and compares tokens in constant time', async () => {
    const r = await send(server.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).ok).toBe(true);
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
  });
});

describe('kho serve: browser attacks', () => {
  it('refuses a foreign Host header (DNS rebinding), even with the token', async () => {
    const r = await send(server.port, {
      path: '/',
      headers: { Host: `evil.example:${server.port}`, ...cookieHeader() },
    });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.message).toMatch(/host/i);
    const wrongPort = await send(server.port, {
      path: '/',
      headers: { Host: '127.0.0.1:1', ...cookieHeader() },
    });
    expect(wrongPort.status).toBe(403);
  });

  it('accepts loopback spellings of its own host', async () => {
    for (const h of [`localhost:${server.port}`, `127.0.0.1:${server.port}`]) {
      // Each spelling is its own origin, so a browser signs in to each.
      const { cookie } = await signIn(server.port, TOKEN, h);
      const r = await send(server.port, { path: '/', headers: { Host: h, Cookie: cookie } });
      expect(r.status).toBe(200);
    }
  });

  it('refuses cross-origin POSTs', async () => {
    const evil = await post('settings.get', {}, { Origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const crossSite = await post('settings.get', {}, { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const noOrigin = await send(server.port, {
      method: 'POST',
      path: '/api/settings.get',
      headers: { 'Content-Type': 'application/json', ...cookieHeader(), 'X-Kho-Key': browser.apiKey },
      body: '{}',
    });
    expect(noOrigin.status).toBe(403);
  });

  it('sends a strict CSP and framing/referrer protections with HTML', async () => {
    const r = await send(server.port, { path: '/', headers: cookieHeader() });
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('kho serve: API', () => {
  it('dispatches an operation and wraps the value', async () => {
    const r = await post('app.info', {});
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body.ok).toBe(true);
    expect(body.value).toHaveProperty('version');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('reports invalid input with the same error as callOperation', async () => {
    const r = await post('articles.get', { id: -3 });
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body);
    const direct = await callOperation(archive.handlers, 'articles.get', { id: -3 }).catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(KhoError);
    expect(body.error).toEqual((direct as KhoError).toJSON());
  });

  it('maps NOT_FOUND to 404', async () => {
    const r = await post('articles.get', { id: 987654 });
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body).error.code).toBe('NOT_FOUND');
  });

  it('answers 404 for an unknown operation', async () => {
    const r = await post('articles.explode', {});
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body).error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Unknown operation "articles.explode".',
    });
  });

  it('turns malformed JSON into 400 INVALID_INPUT', async () => {
    const r = await post('app.info', '{"oops":');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe('INVALID_INPUT');
  });

  it('accepts only POST with application/json', async () => {
    const get = await send(server.port, {
      path: '/api/app.info',
      headers: { ...cookieHeader(), 'X-Kho-Key': browser.apiKey },
    });
    expect(get.status).toBe(405);
    const text = await post('app.info', '{}', { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('limits body size: 1 MB for ordinary calls', async () => {
    const big = JSON.stringify({ query: 'x'.repeat(1024 * 1024 + 10) });
    const r = await post('search.query', big);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe('TOO_LARGE');
  });

  it('never reads files on the server for a client', async () => {
    const add = await post('articles.add', { source: 'file', path: '/etc/passwd' });
    expect(add.status).toBe(400);
    expect(JSON.parse(add.body).error.message).toMatch(/not allowed over HTTP/);
    const replace = await post('articles.replaceContent', { id: 1, path: '/etc/passwd' });
    expect(replace.status).toBe(400);
    const folder = await post('import.folder', { path: '/etc' });
    expect(folder.status).toBe(400);
  });
});

describe('kho serve: assets and static files', () => {
  it('serves an archived image with its mime type and long private caching', async () => {
    const r = await send(server.port, { path: assetPath(SHA), headers: cookieHeader() });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sandboxes SVG images', async () => {
    const r = await send(server.port, { path: assetPath(SVG_SHA), headers: cookieHeader() });
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    );
  });

  it('answers 404 for unknown or malformed asset ids', async () => {
    expect(
      (await send(server.port, { path: assetPath('c'.repeat(64)), headers: cookieHeader() })).status,
    ).toBe(404);
    expect(
      (await send(server.port, { path: assetPath('..%2f..%2fetc%2fpasswd'), headers: cookieHeader() }))
        .status,
    ).toBe(404);
  });

  it('serves build assets with the right type and immutable caching', async () => {
    const r = await send(server.port, { path: '/assets/app-abc123.js', headers: cookieHeader() });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['cache-control']).toContain('immutable');
  });

  it('cannot be walked out of the renderer directory', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00index.html',
    ]) {
      const r = await send(server.port, { path: p, headers: cookieHeader() });
      expect(r.body, p).not.toContain('do not serve me');
      expect([400, 404], p).toContain(r.status);
    }
  });

  it('falls back to index.html for app routes and 404s for missing files', async () => {
    const route = await send(server.port, { path: '/library/unread', headers: cookieHeader() });
    expect(route.status).toBe(200);
    expect(route.headers['content-type']).toBe('text/html; charset=utf-8');
    const missing = await send(server.port, { path: '/assets/nope.js', headers: cookieHeader() });
    expect(missing.status).toBe(404);
  });

  it('answers every address of the app with the page, and its relative scripts from any depth', async () => {
    for (const p of [
      '/view/unread',
      '/tag/v1.2/article/3',
      '/tag/.net',
      '/tag/ch%C3%ADnh%20tr%E1%BB%8B/d%C3%A2n%20v%E1%BA%ADn/article/12/highlight/4',
      '/search?q=d%C3%A2n',
      '/article/12',
      '/notebook?color=blue',
    ]) {
      const r = await send(server.port, { path: p, headers: cookieHeader() });
      expect(r.status, p).toBe(200);
      expect(r.headers['content-type'], p).toBe('text/html; charset=utf-8');
      expect(r.body, p).not.toContain('do not serve me');
    }
    const script = await send(server.port, {
      path: '/tag/a/b/assets/app-abc123.js',
      headers: cookieHeader(),
    });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const p of ['/tag/assets/..%2f..%2fsecret.txt', '/article/assets/.secret', '/view/../secret.txt']) {
      const r = await send(server.port, { path: p, headers: cookieHeader() });
      expect(r.body, p).not.toContain('do not serve me');
    }
  });
});
