import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureUrl } from '../../src/core/capture/index.js';
import { MAX_IMAGES } from '../../src/core/capture/images.js';
import { RED_PNG } from '../capture/fixture-server.js';
import { startPageServer, type PageServer } from './support.js';

/**
 * Issue 15, item 8: 40 images that never answer held a capture for 151 s; a page with 100,000 images
 * made 58,375 requests in 10 minutes. A capture downloads at most MAX_IMAGES images within one time
 * budget; the article saves with placeholders for the rest.
 */

const PROSE = 'An article with far too many pictures, with commas, and sentences for extraction. '.repeat(8);
let server: PageServer;
const hanging = new Set<http.ServerResponse>();

function gallery(n: number, prefix: string): string {
  const imgs = Array.from({ length: n }, (_, i) => `<img src="${prefix}${i}.png" alt="picture ${i}">`).join(
    '',
  );
  return `<!doctype html><html><head><title>Gallery</title></head><body><article><h1>Gallery</h1><p>${PROSE}</p>${imgs}<p>${PROSE}</p></article></body></html>`;
}

beforeAll(async () => {
  server = await startPageServer({
    '/hanging': (_q, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(gallery(40, '/never/')),
    // Headers never come: only a deadline ends these.
    '/never/*': (_q, res) => {
      hanging.add(res);
    },
    '/many': (_q, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(gallery(2000, '/img/')),
    '/img/*': (_q, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(RED_PNG),
  });
});
afterAll(async () => {
  for (const r of hanging) r.destroy();
  await server.close();
});

function requestsUnder(prefix: string): number {
  return [...server.hits].filter(([p]) => p.startsWith(prefix)).reduce((n, [, c]) => n + c, 0);
}

describe('image work per capture is bounded', () => {
  it('40 images that never answer cost one time budget, not 40 timeouts', async () => {
    const started = Date.now();
    const r = await captureUrl(`${server.url}/hanging`, { imagesBudgetMs: 1500 });
    const took = Date.now() - started;
    expect(took).toBeLessThan(8_000);
    expect(r.assets).toHaveLength(0);
    expect(r.contentHtml.match(/kho-img-missing/g)).toHaveLength(40);
    expect(r.contentText).toContain('An article with far too many pictures');
  });

  it(`a page of 2,000 images makes at most ${MAX_IMAGES} image requests and saves with placeholders`, async () => {
    const r = await captureUrl(`${server.url}/many`);
    expect(requestsUnder('/img/')).toBe(MAX_IMAGES);
    // Identical bytes are one asset; every <img> became either that asset or a placeholder.
    expect(r.assets).toHaveLength(1);
    expect(r.contentHtml.match(/src="kho-asset:/g)).toHaveLength(MAX_IMAGES);
    expect(r.contentHtml.match(/kho-img-missing/g)).toHaveLength(2000 - MAX_IMAGES);
  });
});
