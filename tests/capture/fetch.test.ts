import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureUrl, type CaptureProgress } from '../../src/core/capture/index.js';
import { fetchResource, networkFailureMessage } from '../../src/core/capture/fetch.js';
import { startFixtureServer, type FixtureServer } from './fixture-server.js';
import { failure } from '../helpers/failure.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

/** The KhoError a promise rejects with (fails the test if it resolves or throws something else). */

describe('fetching pages', () => {
  it('follows a chain of redirects and reports the final URL and phases', async () => {
    const phases: CaptureProgress['phase'][] = [];
    const r = await captureUrl(`${server.url}/redirect/1`, { onProgress: (p) => phases.push(p.phase) });
    expect(r.url).toBe(`${server.url}/article`);
    expect(r.title).toBe('The River Town');
    expect(r.sourceKind).toBe('url');
    // Canonical link is same-site: its tracking params go, the rest is sorted, the fragment dropped.
    expect(r.canonicalUrl).toBe(`${server.url}/article?a=1&b=2`);
    expect(r.publishedAt).toBe('2022-01-28T07:30:00Z');
    expect(r.contentHtml).toContain(`href="${server.url}/other?utm_source=x"`);
    expect(r.contentText).toBe(r.contentText.normalize('NFC'));
    const order = [...new Set(phases)];
    expect(order).toEqual(['fetching', 'decoding', 'extracting', 'images', 'done']);
  });

  it('refuses a redirect chain longer than maxRedirects', async () => {
    const e = await failure(captureUrl(`${server.url}/redirect/1`, { maxRedirects: 2 }));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toMatch(/more than 2 times/);
  });

  it('detects a redirect loop', async () => {
    const e = await failure(captureUrl(`${server.url}/loop/a`));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toMatch(/redirect loop/);
  });

  it.each([
    ['/missing', '404'],
    ['/broken', '500'],
  ])('%s fails with the HTTP status', async (p, status) => {
    const e = await failure(captureUrl(`${server.url}${p}`));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toContain(status);
  });

  it('times out a body that never ends', async () => {
    const started = Date.now();
    const e = await failure(captureUrl(`${server.url}/slow`, { timeoutMs: 500 }));
    expect(e.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops a 200 MB body at the size cap without buffering it', async () => {
    const started = Date.now();
    const heapBefore = process.memoryUsage().arrayBuffers;
    const e = await failure(captureUrl(`${server.url}/huge`, { maxBytes: 5 * 1024 * 1024 }));
    expect(e.code).toBe('TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(5000);
    // The server got to write only a little more than the cap (socket buffers) before we hung up.
    expect(server.hugeBytesSent()).toBeLessThan(60 * 1024 * 1024);
    expect(process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap before reading the body', async () => {
    const e = await failure(captureUrl(`${server.url}/huge-declared`));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toMatch(/200 MB/);
  });

  it.each([
    ['/doc.pdf', /PDF/],
    ['/blob', /application\/octet-stream/],
  ])('refuses non-HTML content %s', async (p, message) => {
    const e = await failure(captureUrl(`${server.url}${p}`));
    expect(e.code).toBe('UNSUPPORTED_TYPE');
    expect(e.message).toMatch(message);
  });

  it('accepts only http and https', async () => {
    for (const u of ['file:///etc/passwd', 'ftp://example.com/a', 'javascript:alert(1)']) {
      const e = await failure(captureUrl(u));
      expect(e.code).toBe('INVALID_INPUT');
    }
  });

  it('says in plain words when nothing answers, and names a host that cannot be found', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const e = await failure(captureUrl(`http://127.0.0.1:${closed}/bai-viet`));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toBe(`Nothing answered at 127.0.0.1:${closed}.`);
    // DNS is not reachable from tests; the message a lookup failure gets is checked directly.
    const lookup = networkFailureMessage(new URL('https://example.invalid/a'), 'ENOTFOUND', 'getaddrinfo');
    expect(lookup).toBe('Could not find example.invalid. Check the address, or the internet connection.');
    expect(lookup).not.toMatch(/ENOTFOUND|getaddrinfo/);
  });

  it('captures text/plain as a text article', async () => {
    const r = await captureUrl(`${server.url}/plain.txt`);
    expect(r.title).toBe('A Plain Title');
    expect(r.publishedAt).toBe('2022-01-28');
    expect(r.contentText).toBe('A first paragraph of plain text served over HTTP.');
    expect(r.lang).toBe('en');
  });

  it('says when a page has no readable content', async () => {
    const e = await failure(captureUrl(`${server.url}/empty-article`));
    expect(e.code).toBe('NOT_AN_ARTICLE');
  });

  it('can be cancelled', async () => {
    const ac = new AbortController();
    const p = captureUrl(`${server.url}/slow`, { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    const e = await failure(p);
    expect(e.code).toBe('CANCELLED');
  });

  it('sends browser-like headers', async () => {
    let seen: Record<string, string | string[] | undefined> = {};
    const s = await startFixtureServer({
      '/headers': (req, res) => {
        seen = req.headers;
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>x</p>');
      },
    });
    try {
      await fetchResource(`${s.url}/headers`);
    } finally {
      await s.close();
    }
    expect(String(seen['user-agent'])).toMatch(/Mozilla\/5\.0 .*Chrome/);
    expect(String(seen.accept)).toContain('text/html');
  });
});
