import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, articlePage, type FixtureServer } from '../capture/fixture-server.js';
import { tempArchive } from '../helpers/archive.js';
import { failure } from '../helpers/failure.js';

let server: FixtureServer;
let t: Awaited<ReturnType<typeof tempArchive>>;
let version = 1;

const INTRO = 'Chính quyền địa phương đã lắng nghe ý kiến của người dân trong suốt năm qua.';
const KEY = 'Lấy sự hài lòng của người dân làm thước đo cho mọi chính sách của tỉnh.';
const OUTRO = 'Các đại biểu thống nhất sẽ tiếp tục đối thoại định kỳ với nhân dân ở cơ sở.';

/** An article whose text changes between fetches, for refresh and re-anchoring. */
function changingPage(): string {
  const paragraphs =
    version === 1
      ? [INTRO, KEY, OUTRO]
      : version === 2
        ? ['Một câu mới được thêm vào đầu bài sau khi bài được sửa.', INTRO, KEY, OUTRO]
        : [INTRO, OUTRO];
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Bài thay đổi</title></head><body><article><h1>Bài thay đổi</h1>${paragraphs
    .map((p) => `<p>${p} ${p}</p>`)
    .join('')}</article></body></html>`;
}

beforeAll(async () => {
  server = await startFixtureServer({
    '/changing': (_q, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(changingPage()),
    '/slow-image-page': (_q, res) =>
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(articlePage('Slow pictures', '<p><img src="/img/slow.png" alt="Slow"></p>')),
    '/img/slow.png': (_q, res) => {
      setTimeout(() => res.writeHead(404).end(), 400);
    },
  });
  t = await tempArchive();
});
afterAll(async () => {
  await t.close();
  await server.close();
});

async function count(): Promise<number> {
  return (await t.call('articles.list', { view: 'all', limit: 1000 })).total;
}

describe('saving web pages into the archive', () => {
  it('stores images as assets and serves them from the archive, never from the network', async () => {
    const { article } = await t.call('articles.add', { source: 'url', url: `${server.url}/images` });
    const detail = await t.call('articles.get', { id: article.id });
    const shas = [...detail.content_html.matchAll(/src="kho-asset:([0-9a-f]{64})"/g)].map((m) => m[1]!);
    expect(shas.length).toBeGreaterThanOrEqual(3);
    for (const sha of shas) {
      const asset = t.archive.getAsset(sha);
      expect(asset?.mime).toMatch(/^image\//);
      expect(asset!.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    expect(detail.content_html).not.toMatch(/src="https?:/);
    expect(detail.content_html).toContain('Gone picture'); // the broken image's placeholder keeps its alt text
    expect(article.lead_image).toMatch(/^kho-asset:[0-9a-f]{64}$/);
  });

  it('a URL already saved (tracking parameters aside) is refreshed, keeping tags and highlights', async () => {
    version = 1;
    const first = await t.call('articles.add', {
      source: 'url',
      url: `${server.url}/changing`,
      tags: ['địa phương'],
    });
    expect(first.created).toBe(true);
    const note = await t.call('annotations.create', {
      article_id: first.article.id,
      quote: KEY,
      prefix: 'năm qua. ',
      note: 'Thước đo',
    });
    const before = await count();
    const again = await t.call('articles.add', {
      source: 'url',
      url: `${server.url}/changing?utm_source=facebook&fbclid=abc#top`,
    });
    expect(again.created).toBe(false);
    expect(again.article.id).toBe(first.article.id);
    expect(again.article.tags).toEqual(['địa phương']);
    expect(await count()).toBe(before);
    const kept = (await t.call('annotations.list', { article_id: first.article.id })).items;
    expect(kept.map((a) => [a.id, a.note, a.status])).toEqual([[note.id, 'Thước đo', 'anchored']]);
  });

  it('refresh re-anchors highlights when text moves and keeps orphans when the passage is gone', async () => {
    version = 1;
    const { article } = await t.call('articles.add', { source: 'url', url: `${server.url}/changing` });
    const [a] = (await t.call('annotations.list', { article_id: article.id })).items;
    version = 2;
    const r2 = await t.call('articles.refresh', { id: article.id });
    expect(r2.annotations).toEqual({ anchored: 1, orphaned: 0 });
    const moved = await t.call('annotations.list', { article_id: article.id });
    const text2 = (await t.call('articles.get', { id: article.id })).content_text;
    const m = moved.items[0]!;
    expect(m.start).toBeGreaterThan(a!.start!);
    expect(text2.slice(m.start!, m.end!)).toBe(KEY);

    version = 3;
    const r3 = await t.call('articles.refresh', { id: article.id });
    expect(r3.annotations).toEqual({ anchored: 0, orphaned: 1 });
    const orphan = (await t.call('annotations.list', { article_id: article.id })).items[0]!;
    expect(orphan.status).toBe('orphan');
    expect(orphan.exact).toBe(KEY);
    expect(orphan.note).toBe('Thước đo');
    expect(orphan.start).toBeNull();
  });

  it('a failed capture saves nothing and says why', async () => {
    const before = await count();
    const cases: Array<[string, string, RegExp]> = [
      ['/broken', 'FETCH_FAILED', /500/],
      ['/missing', 'FETCH_FAILED', /404/],
      ['/loop/a', 'FETCH_FAILED', /redirect/i],
      ['/doc.pdf', 'UNSUPPORTED_TYPE', /pdf/i],
      ['/huge', 'TOO_LARGE', /MB/],
    ];
    for (const [path, code, message] of cases) {
      const e = await failure(t.call('articles.add', { source: 'url', url: server.url + path }));
      expect(e.code, path).toBe(code);
      expect(e.message, path).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it('a hostile page is stored without scripts, handlers or javascript: links', async () => {
    const { article } = await t.call('articles.add', { source: 'url', url: `${server.url}/xss` });
    const html = (await t.call('articles.get', { id: article.id })).content_html;
    expect(html).not.toMatch(/<script|<iframe|<form|<object|<embed|\son\w+=|javascript:/i);
  });

  it('reports capture progress through the job it runs under', async () => {
    const phases = new Set<string>();
    const job_id = 'capture-progress-1';
    const poll = setInterval(() => {
      t.call('jobs.get', { job_id }).then(
        (j) => phases.add(j.phase),
        () => undefined,
      );
    }, 5);
    try {
      await t.call('articles.add', { source: 'url', url: `${server.url}/slow-image-page`, job_id });
    } finally {
      clearInterval(poll);
    }
    expect(phases.has('images')).toBe(true);
    const done = await t.call('jobs.get', { job_id });
    expect(done.state).toBe('done');
  });
});
