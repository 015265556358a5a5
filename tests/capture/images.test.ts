import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureUrl, type CaptureProgress } from '../../src/core/capture/index.js';
import { sha256Hex, sniffImageMime } from '../../src/core/capture/image-bytes.js';
import { parseSrcset, pickCandidate } from '../../src/core/capture/images.js';
import { BLUE_PNG, GREEN_PNG, RED_PNG, startFixtureServer, type FixtureServer } from './fixture-server.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

describe('offline images', () => {
  it('downloads, verifies, dedupes and rewrites every image; failures become placeholders', async () => {
    const progress: CaptureProgress[] = [];
    const r = await captureUrl(`${server.url}/images`, { onProgress: (p) => progress.push(p) });
    const red = sha256Hex(RED_PNG);
    const blue = sha256Hex(BLUE_PNG);
    const green = sha256Hex(GREEN_PNG);

    // Identical bytes (red.png and red-copy.png) are one asset; every asset is a real PNG.
    expect(r.assets.map((a) => a.sha256).sort()).toEqual([red, blue, green].sort());
    for (const a of r.assets) {
      expect(a.mime).toBe('image/png');
      expect(sha256Hex(a.bytes)).toBe(a.sha256);
      expect(a.originalUrl.startsWith(server.url)).toBe(true);
    }
    // No remote image reference of any kind survives.
    expect(r.contentHtml).not.toMatch(/srcset|data-src|127\.0\.0\.1[^"]*\.png|<source/);
    const srcs = [...r.contentHtml.matchAll(/<img[^>]*src="([^"]*)"/g)].map((m) => m[1]);
    expect(srcs.length).toBe(4);
    for (const s of srcs) expect(s).toMatch(/^kho-asset:[0-9a-f]{64}$/);
    expect(r.contentHtml).toContain(`src="kho-asset:${red}" alt="Red square"`);
    // srcset: the 1100w candidate (closest to 1200 within 1600), not 300w or 3000w.
    expect(r.contentHtml).toContain(`src="kho-asset:${blue}" alt="Blue"`);
    expect(server.hits.get('/img/huge-blue.png')).toBeUndefined();
    expect(server.hits.get('/img/small-blue.png')).toBeUndefined();
    // Lazy data-src wins over the 1px placeholder src.
    expect(r.contentHtml).toContain(`src="kho-asset:${green}" alt="Green lazy"`);
    // <picture>: the <source> candidate was used, the fallback never fetched.
    expect(r.contentHtml).toContain(`src="kho-asset:${red}" alt="Picture red"`);
    expect(server.hits.get('/img/fallback.png')).toBeUndefined();
    // 404 and an SVG served as PNG become empty placeholders carrying the alt text for the reader to show;
    // the text of the article (search, snippets, anchors) never contains it.
    expect(r.contentHtml).toContain(
      '<span class="kho-img-missing" role="img" aria-label="Gone picture"></span>',
    );
    expect(r.contentHtml).toContain('aria-label="Liar"');
    expect(r.contentText).not.toMatch(/Gone picture|Liar|unavailable/);
    expect(r.contentHtml).not.toContain('<svg');
    // og:image is the same bytes as the srcset choice: the lead image reuses that asset.
    expect(r.leadImage).toBe(`kho-asset:${blue}`);

    const images = progress.filter((p) => p.phase === 'images');
    const last = images[images.length - 1];
    expect(last?.total).toBeGreaterThanOrEqual(6);
    expect(last?.done).toBe(last?.total);
    expect(images.some((p) => p.message === `images 1/${last?.total}`)).toBe(true);
  });

  it('with fetchImages: false, touches no image URL and leaves placeholders only', async () => {
    const before = server.hits.get('/img/red.png') ?? 0;
    const r = await captureUrl(`${server.url}/images`, { fetchImages: false });
    expect(server.hits.get('/img/red.png') ?? 0).toBe(before);
    expect(r.assets).toEqual([]);
    expect(r.contentHtml).not.toContain('<img');
    expect(r.contentHtml).toContain(
      '<span class="kho-img-missing" role="img" aria-label="Red square"></span>',
    );
    expect(r.contentText).not.toContain('Red square');
  });

  it('parses srcset and picks a sensible candidate', () => {
    const c = parseSrcset('a.jpg 480w, b.jpg?x=1,2 1200w, c.jpg 2400w', 'https://ex.com/p/');
    expect(c.map((x) => x.url)).toEqual([
      'https://ex.com/p/a.jpg',
      'https://ex.com/p/b.jpg?x=1,2',
      'https://ex.com/p/c.jpg',
    ]);
    expect(pickCandidate(c)?.url).toBe('https://ex.com/p/b.jpg?x=1,2');
    expect(pickCandidate(parseSrcset('s.jpg 2000w, m.jpg 1800w', null))).toBeNull(); // relative without base
    expect(pickCandidate(parseSrcset('s.jpg 2000w, m.jpg 1800w', 'https://e.com/'))?.url).toBe(
      'https://e.com/m.jpg',
    );
    expect(pickCandidate(parseSrcset('x1.jpg, x2.jpg 2x, x3.jpg 3x', 'https://e.com/'))?.url).toBe(
      'https://e.com/x2.jpg',
    );
  });

  it('recognises images by their bytes, and refuses SVG and HTML', () => {
    expect(sniffImageMime(RED_PNG)).toBe('image/png');
    expect(sniffImageMime(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffImageMime(Buffer.from('GIF89a......'))).toBe('image/gif');
    expect(sniffImageMime(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageMime(Buffer.from('\0\0\0\x1cftypavif\0\0\0\0', 'latin1'))).toBe('image/avif');
    expect(sniffImageMime(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageMime(Buffer.from('<html><body>404</body></html>'))).toBeNull();
  });
});
