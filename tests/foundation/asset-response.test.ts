import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/core/db/connection.js';
import { AssetsRepo } from '../../src/core/db/assets-repo.js';
import { assetResponse, ASSET_CSP, SVG_CSP } from '../../src/shared/asset-response.js';
import { tempArchive } from '../helpers/archive.js';

/** The one builder of image responses for `kho-asset:` (Electron) and `/asset/` (`kho serve`), on a real archive. */

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1a1b10000000049454e44ae426082', 'hex'); // prettier-ignore
// Capture never stores SVG; an archive may still hold one (older versions, other tools), so it is sandboxed.
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
// What a crafted archive (or a capture bug) might hold under a non-image type.
const JS = Buffer.from('alert(document.domain)');
const HTML = Buffer.from('<script>alert(1)</script>');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: Awaited<ReturnType<typeof tempArchive>>;
let side: Db;
const get = (s: string) => t.archive.getAsset(s);

beforeAll(async () => {
  t = await tempArchive();
  const { article } = await t.call('articles.add', {
    source: 'text',
    text: 'Ảnh\n\nMột bài có hai ảnh được lưu trong kho.\n',
    name: 'anh.txt',
  });
  // A second connection to the same file, as another Kho process would have.
  side = openDatabase(t.dir);
  new AssetsRepo(side).link(article.id, [
    { sha256: sha(PNG), mime: 'image/png', bytes: PNG, originalUrl: 'https://example.com/a.png' },
    { sha256: sha(SVG), mime: 'image/svg+xml', bytes: SVG, originalUrl: 'https://example.com/b.svg' },
    { sha256: sha(JS), mime: 'text/javascript', bytes: JS, originalUrl: 'https://example.com/c.js' },
    {
      sha256: sha(HTML),
      mime: 'text/html; charset=utf-8',
      bytes: HTML,
      originalUrl: 'https://example.com/d',
    },
  ]);
});
afterAll(async () => {
  side?.close();
  await t?.close();
});

describe('asset responses', () => {
  it('serves a stored image with its type, nosniff, a sandbox CSP and immutable caching', () => {
    const r = assetResponse(sha(PNG), get);
    expect(r.status).toBe(200);
    expect(Buffer.from(r.body as Uint8Array).equals(PNG)).toBe(true);
    expect(r.headers['Content-Type']).toBe('image/png');
    expect(r.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(r.headers['Content-Security-Policy']).toBe(ASSET_CSP);
    expect(r.headers['Cache-Control']).toBe('private, max-age=31536000, immutable');
  });

  it('gives SVG its own sandbox CSP (no scripts, inline styles only)', () => {
    const r = assetResponse(sha(SVG), get);
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('image/svg+xml');
    expect(r.headers['Content-Security-Policy']).toBe(SVG_CSP);
    expect(SVG_CSP).toContain('sandbox');
    expect(SVG_CSP).toContain("default-src 'none'");
  });

  it('serves anything stored under a non-image type as opaque bytes, never as script or a page', () => {
    for (const bytes of [JS, HTML]) {
      const r = assetResponse(sha(bytes), get);
      expect(r.status).toBe(200);
      expect(r.headers['Content-Type']).toBe('application/octet-stream');
      expect(r.headers['X-Content-Type-Options']).toBe('nosniff');
      expect(r.headers['Content-Security-Policy']).toBe(ASSET_CSP);
    }
  });

  it('accepts the hash in upper case (URLs are not case-stable everywhere)', () => {
    expect(assetResponse(sha(PNG).toUpperCase(), get).status).toBe(200);
  });

  it('answers 404 for a well-formed hash the archive does not hold', () => {
    const r = assetResponse('c'.repeat(64), get);
    expect(r.status).toBe(404);
    expect(r.body).toMatch(/no such image/i);
    expect(r.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(r.headers['Content-Security-Policy']).toBeUndefined();
  });

  it('refuses anything that is not a bare hash without looking it up', () => {
    const asked: string[] = [];
    const spy = (s: string) => {
      asked.push(s);
      return get(s);
    };
    for (const ref of [
      '../../etc/passwd', // hostile input, not a path
      '..%2f..%2fetc%2fpasswd',
      `${sha(PNG)}/../x`,
      `/${sha(PNG)}`,
      `${sha(PNG)}.png`,
      sha(PNG).slice(1),
      '',
    ]) {
      const r = assetResponse(ref, spy);
      expect(r.status, ref).toBe(404);
      expect(r.body, ref).toMatch(/not the name of an archived image/);
    }
    expect(asked).toEqual([]);
  });
});
