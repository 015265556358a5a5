import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/core/archive.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { generateToken, tokenWeakness } from '../../src/server/security.js';
import { OPERATION_NAMES } from '../../src/shared/operations.js';
import { makeTempDir } from '../helpers/paths.js';
import { signIn, type SignedIn } from '../helpers/serve-sign-in.js';

/**
 * `kho serve` against the findings of issue 15, each over real HTTP on 127.0.0.1 with a real archive:
 * the sign-in cookie replayed from another port, persistence and revocation, weak tokens, the open redirect
 * after sign-in, malformed addresses and bodies, the data folder in app.info, slow headers.
 */

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      // A fresh connection each time: servers here restart, and a kept-alive socket would hang up.
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: opts.headers,
        agent: false,
      },
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
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1a1b10000000049454e44ae426082', 'hex'); // prettier-ignore
const TOKEN = generateToken();

let tmp: ReturnType<typeof makeTempDir>;
let renderer: string;
let archive: Archive;
let served: Archive & { getAsset: Archive['getAsset'] };
let server: RunningServer;
let browser: SignedIn;

beforeAll(async () => {
  tmp = makeTempDir('kho-serve-hardening-');
  renderer = path.join(tmp.dir, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Kho</title><div id="app"></div>');
  writeFileSync(path.join(renderer, 'assets', 'app-abc123.js'), 'console.log(1)');
  archive = await openArchive(path.join(tmp.dir, 'data'));
  // One known image besides the archive's own (assets cannot be added through the contract).
  served = Object.assign(Object.create(archive) as Archive, {
    getAsset: (sha: string) => (sha === SHA ? { mime: 'image/png', bytes: PNG } : archive.getAsset(sha)),
  });
  server = await startServer({ archive: served, rendererDir: renderer, token: TOKEN });
  browser = await signIn(server.port, TOKEN);
  await send(server.port, {
    method: 'POST',
    path: '/api/articles.add',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      source: 'text',
      name: 'a.txt',
      text: 'Bí mật\n\nMột bài viết riêng tư về dân vận.\n',
    }),
  });
});

afterAll(async () => {
  await server?.close();
  await archive?.close();
  tmp?.cleanup();
});

const api = (port: number, op: string, headers: Record<string, string>, body = '{}') =>
  send(port, {
    method: 'POST',
    path: `/api/${op}`,
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });

describe('the sign-in cookie that other ports receive', () => {
  it('is not the token and is no Bearer credential', () => {
    const value = browser.cookie.split('=')[1];
    expect(value).not.toBe(TOKEN);
    expect(value).not.toBe(encodeURIComponent(TOKEN));
    expect(browser.apiKey).not.toBe(value);
    expect(browser.addressKey).not.toBe(value);
  });

  it('replayed with curl, forging Host, Origin and Sec-Fetch-Site, opens nothing from the archive', async () => {
    const value = browser.cookie.split('=')[1]!;
    const forged = {
      Host: `127.0.0.1:${server.port}`,
      Origin: `http://127.0.0.1:${server.port}`,
      'Sec-Fetch-Site': 'same-origin',
      Cookie: browser.cookie,
    };
    // The API refuses every operation, with the cookie and with its value as a Bearer token or API key.
    for (const op of OPERATION_NAMES) {
      expect((await api(server.port, op, forged)).status, op).toBe(401);
    }
    expect(
      (await api(server.port, 'articles.list', { ...forged, Authorization: `Bearer ${value}` })).status,
    ).toBe(401);
    expect((await api(server.port, 'articles.list', { ...forged, 'X-Kho-Key': value })).status).toBe(401);
    // Archived images and the event stream need the address key as well.
    expect((await send(server.port, { path: `/asset/${SHA}`, headers: forged })).status).toBe(401);
    expect((await send(server.port, { path: `/asset/${SHA}?k=${value}`, headers: forged })).status).toBe(401);
    expect((await send(server.port, { path: '/api/events', headers: forged })).status).toBe(401);
    // What it does open is the app's own code, the same for every user.
    const page = await send(server.port, { path: '/', headers: forged });
    expect(page.status).toBe(200);
    expect(page.body).toBe('<!doctype html><title>Kho</title><div id="app"></div>');
  });

  it('the page keys work where they were given: the API key as a header, the address key with the cookie', async () => {
    const list = await api(server.port, 'articles.list', {
      Origin: `http://127.0.0.1:${server.port}`,
      'X-Kho-Key': browser.apiKey,
    });
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body).value.items[0].title).toBe('Bí mật');
    const image = await send(server.port, {
      path: `/asset/${SHA}?k=${browser.addressKey}`,
      headers: { Cookie: browser.cookie },
    });
    expect(image.status).toBe(200);
    // An image address copied out of the page does not work without the cookie.
    expect((await send(server.port, { path: `/asset/${SHA}?k=${browser.addressKey}` })).status).toBe(401);
  });

  it('is bound to the exact origin: keys given to 127.0.0.1 do not open localhost on the same port', async () => {
    const other = { Host: `localhost:${server.port}` };
    expect(
      (await send(server.port, { path: '/', headers: { ...other, Cookie: browser.cookie } })).status,
    ).toBe(401);
    const call = await api(server.port, 'articles.list', {
      ...other,
      Origin: `http://localhost:${server.port}`,
      'X-Kho-Key': browser.apiKey,
    });
    expect(call.status).toBe(401);
    const local = await signIn(server.port, TOKEN, `localhost:${server.port}`);
    expect(local.apiKey).not.toBe(browser.apiKey);
    expect(local.cookie).not.toBe(browser.cookie);
  });

  it('lasts 30 days from the last visit, renewed by every page load', async () => {
    expect(browser.setCookie).toMatch(/; Max-Age=2592000;/);
    expect(browser.setCookie).toContain('HttpOnly');
    expect(browser.setCookie).toContain('SameSite=Strict');
    const visit = await send(server.port, { path: '/', headers: { Cookie: browser.cookie } });
    expect(String(visit.headers['set-cookie'])).toBe(browser.setCookie);
    // Scripts and styles do not renew it; nor does a script using the token.
    const script = await send(server.port, {
      path: '/assets/app-abc123.js',
      headers: { Cookie: browser.cookie },
    });
    expect(script.headers['set-cookie']).toBeUndefined();
  });

  it('a new token signs every browser out; the same token keeps them signed in across restarts', async () => {
    const port = server.port;
    await server.close();
    try {
      server = await startServer({ archive: served, rendererDir: renderer, token: TOKEN, port });
      expect((await send(port, { path: '/', headers: { Cookie: browser.cookie } })).status).toBe(200);
      expect(
        (await api(port, 'app.info', { Origin: `http://127.0.0.1:${port}`, 'X-Kho-Key': browser.apiKey }))
          .status,
      ).toBe(200);
      await server.close();
      server = await startServer({ archive: served, rendererDir: renderer, token: generateToken(), port });
      const page = await send(port, { path: '/', headers: { Cookie: browser.cookie } });
      expect(page.status).toBe(401);
      expect(page.body).toContain('kho serve');
      expect(
        (await api(port, 'app.info', { Origin: `http://127.0.0.1:${port}`, 'X-Kho-Key': browser.apiKey }))
          .status,
      ).toBe(401);
      expect(
        (
          await send(port, {
            path: `/asset/${SHA}?k=${browser.addressKey}`,
            headers: { Cookie: browser.cookie },
          })
        ).status,
      ).toBe(401);
    } finally {
      await server.close();
      server = await startServer({ archive: served, rendererDir: renderer, token: TOKEN, port });
    }
  });
});

describe('weak tokens', () => {
  const WEAK = [
    'aaaaaaaaaaaaaaaa',
    'a'.repeat(64),
    '0123456789abcdef0123456789abcdef',
    'abcdefghijklmnopqrstuvwxyzABCDEF',
    'passwordpasswordpasswordpassword',
    'abababababababababababababababab',
    'test-token-0123456789-abcdefghij',
    'short-but-random-Zq8',
    'spaces are not allowed in tokens at all ok',
  ];

  it('are refused with the reason and what to do', async () => {
    for (const token of WEAK) {
      expect(tokenWeakness(token), token).toMatch(
        /^The access token is too weak: .+openssl rand -base64 32$/,
      );
      const err = await startServer({ archive, rendererDir: renderer, token }).then(
        async (s) => {
          await s.close();
          return null;
        },
        (e: Error) => e,
      );
      expect(err?.message, token).toMatch(/too weak/);
    }
  });

  it('random tokens pass: generated, base64, hex and UUIDs', () => {
    for (let i = 0; i < 200; i++) expect(tokenWeakness(generateToken())).toBeNull();
    expect(tokenWeakness('Kq3vX9pLm2Rt7YwZ4bNc8HdJ6fGs1TeU')).toBeNull();
    expect(tokenWeakness('6d1f0b9e-4c2a-4f7e-9b3d-8a5c2e7f1d40')).toBeNull();
    expect(tokenWeakness('q9Jt2mXv7LzR4kWc8NbP1yHd5GfTs3Ua+/E=')).toBeNull();
  });
});

describe('sign-in redirect', () => {
  /** The Location a browser is sent to after signing in at `target` (raw request line, as curl -g sends it). */
  async function redirectFor(target: string): Promise<string> {
    const r = await send(server.port, { path: `${target}${target.includes('?') ? '&' : '?'}token=${TOKEN}` });
    expect(r.status, target).toBe(303);
    return String(r.headers.location);
  }

  it('stays on this server, whatever the path looks like', async () => {
    for (const target of [
      '/.//evil.example/x',
      '//evil.example/x',
      '/\\evil.example/x',
      '/%2f/evil.example',
      '/./\\/evil.example',
    ]) {
      const location = await redirectFor(target);
      const resolved = new URL(location, `http://127.0.0.1:${server.port}/`);
      expect(resolved.origin, `${target} -> ${location}`).toBe(`http://127.0.0.1:${server.port}`);
      expect(location, target).toMatch(/^\/(?![/\\])/);
    }
  });

  it('keeps the path and the rest of the query, and hands the keys over in the fragment only', async () => {
    const location = await redirectFor('/library/unread?view=unread');
    expect(location).toMatch(/^\/library\/unread\?view=unread#kho-keys=[\w-]{43}\.[\w-]{43}$/);
    expect(location).not.toContain(TOKEN);
  });
});

describe('malformed requests are the client’s mistake: 400, never 500', () => {
  const auth = { Authorization: `Bearer ${TOKEN}` };

  it('a malformed %-escape in the address', async () => {
    for (const target of ['/api/%E0%A4%A', '/api/app.%ZZinfo', '/%E0%A4%A', '/asset/%E0%A4%A']) {
      const post = target.startsWith('/api/');
      const r = await send(server.port, {
        method: post ? 'POST' : 'GET',
        path: target,
        headers: { ...auth, 'Content-Type': 'application/json' },
        ...(post ? { body: '{}' } : {}),
      });
      expect(r.status, target).toBe(400);
      expect(JSON.parse(r.body).error.code, target).toBe('INVALID_INPUT');
    }
  });

  it('a body that is not an object, or not JSON, for every operation', async () => {
    for (const op of OPERATION_NAMES) {
      for (const body of ['"x"', '[]', 'null', '1', 'true', '{"a":', '\u0000']) {
        const r = await api(server.port, op, auth, body);
        expect(r.status, `${op} ${body}`).toBe(400);
        expect(JSON.parse(r.body).error.code, `${op} ${body}`).toBe('INVALID_INPUT');
      }
    }
  });

  it('a request target that is not a path', async () => {
    const r = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.end(`GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(r).toMatch(/^HTTP\/1\.1 400 /);
  });
});

describe('what the API shows over the network', () => {
  it('app.info leaves out the data folder', async () => {
    const r = await api(server.port, 'app.info', { Authorization: `Bearer ${TOKEN}` });
    expect(r.status).toBe(200);
    const info = JSON.parse(r.body).value;
    expect(info.data_dir).toBe('');
    expect(r.body).not.toContain(tmp.dir);
    expect(info.article_count).toBe(1);
  });
});

describe('slow clients', () => {
  it('connections that never finish their headers are dropped after the header timeout, several at once', async () => {
    const quick = await startServer({ archive, rendererDir: renderer, token: TOKEN, headersTimeoutMs: 300 });
    try {
      const started = Date.now();
      // Node's own headersTimeout check misses these when more than one is open.
      const closedAfter = await Promise.all(
        Array.from(
          { length: 5 },
          () =>
            new Promise<number>((resolve, reject) => {
              const socket = connect(quick.port, '127.0.0.1', () =>
                socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: '),
              );
              socket.on('close', () => resolve(Date.now() - started));
              socket.on('error', () => undefined);
              setTimeout(() => reject(new Error('still open after 5 s')), 5000).unref();
            }),
        ),
      );
      for (const ms of closedAfter) expect(ms).toBeLessThan(3000);
      expect(quick.connections().timedOut).toBe(5);
    } finally {
      await quick.close();
    }
  });
});
