import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/core/archive.js';
import { callOperation } from '../../src/shared/dispatch.js';
import type { OperationName, OperationOutput } from '../../src/shared/contract.js';
import { RED_PNG } from '../capture/fixture-server.js';
import { makeTempDir } from '../helpers/paths.js';
import { QueueServers, type Hit } from './queue-server.js';

/**
 * The background fetch queue against real servers on 127.0.0.1: entries imported with only an address are
 * fetched with limited concurrency, one request at a time per server and at least `hostIntervalMs` apart,
 * retried with exponential back-off on 5xx and after Retry-After on 429, and kept as "unavailable" on 404
 * or a response that is no article. Short pacing values stand in for the real ones (2 s, 30 s back-off).
 */
const OPTIONS = {
  concurrency: 3,
  hostIntervalMs: 250,
  backoffBaseMs: 300, // longer than the pacing, so the back-off is what the retries show
  jitter: 0,
  pollMs: 100,
  timeoutMs: 5_000,
  maxAttempts: 4,
};

const servers = new QueueServers();
const tmp = makeTempDir('kho-queue-');
let archive: Archive;
let base: string[];
const call = <N extends OperationName>(name: N, input: unknown): Promise<OperationOutput<N>> =>
  callOperation(archive.handlers, name, input);

/** A Pocket CSV export listing these (title, url) pairs. */
function pocketCsv(file: string, rows: Array<[string, string]>): string {
  const lines = rows.map(([title, url], i) => `"${title}",${url},${1_600_000_000 + i},,unread`);
  writeFileSync(file, `title,url,time_added,tags,status\n${lines.join('\n')}\n`);
  return file;
}

/** Time between the starts of consecutive requests. */
const gaps = (hits: Hit[]): number[] => hits.slice(1).map((h, i) => h.at - hits[i]!.at);

let limitedAnswers429 = 0;
let goneAnswers404 = true;

beforeAll(async () => {
  servers
    .route('/a1', QueueServers.page('Page A1'))
    .route('/a2', QueueServers.page('Page A2'))
    .route('/a3', QueueServers.page('Page A3'))
    .route('/quoted', () => ({
      status: 200,
      body: '<!doctype html><html lang="vi"><head><title>Dân vận</title></head><body><article><h1>Dân vận</h1><p>Lấy sự hài lòng của người dân là trọng tâm của công tác dân vận, và có dân là có tất cả.</p><p>Một đoạn nữa để trang đủ dài cho việc đọc.</p></article></body></html>',
    }))
    .route('/flaky', (n) => (n <= 2 ? { status: 503, body: 'busy' } : QueueServers.article('Flaky page')))
    .route('/limited', (n) => {
      if (n === 1) {
        limitedAnswers429++;
        return { status: 429, body: 'slow down', headers: { 'Retry-After': '1' } };
      }
      return QueueServers.article('Limited page');
    })
    .route('/gone', () =>
      goneAnswers404 ? { status: 404, body: 'gone' } : QueueServers.article('Back again'),
    )
    .route('/picture', () => ({ status: 200, body: RED_PNG, type: 'image/png' }))
    .route('/slow', QueueServers.page('Slow page', 300));
  base = await servers.start(6);
  archive = await openArchive(tmp.dir, { fetchQueue: OPTIONS });
});

afterAll(async () => {
  await archive.close();
  await servers.close();
  tmp.cleanup();
});

describe('the fetch queue', () => {
  let report: OperationOutput<'import.file'>;
  let started: number;
  let finished: number;

  beforeAll(async () => {
    const [A, B, C, D, E, F] = base as [string, string, string, string, string, string];
    const csv = pocketCsv(path.join(tmp.dir, 'pocket.csv'), [
      ['A one (as saved in Pocket)', `${A}/a1`],
      ['A two', `${A}/a2`],
      ['A three', `${A}/a3`],
      ['Flaky', `${B}/flaky`],
      ['Gone', `${B}/gone`],
      ['A picture', `${B}/picture`],
      ['Limited', `${C}/limited`],
      ['Slow D', `${D}/slow`],
      ['Slow E', `${E}/slow`],
      ['Slow F', `${F}/slow`],
    ]);
    report = await call('import.file', { path: csv });
    // A wallabag entry without content, with a highlight: an orphan until its page arrives.
    const wb = path.join(tmp.dir, 'wallabag.json');
    writeFileSync(
      wb,
      JSON.stringify([
        {
          title: 'Dân vận (wallabag)',
          url: `${A}/quoted`,
          is_archived: 0,
          is_starred: 1,
          annotations: [{ quote: 'có dân là có tất cả', text: 'Ghi nhớ' }],
        },
      ]),
    );
    await call('import.file', { path: wb });
    started = Date.now();
    await call('queue.run', { job_id: 'queue-run-test' });
    finished = Date.now();
  });

  it("fetched every page once it could, and kept the export's title, date and state", async () => {
    expect(report).toMatchObject({ imported: 10, queued: 10 });
    const status = await call('queue.status', {});
    expect(status).toMatchObject({
      queued: 0,
      running: 0,
      done: 9,
      failed: 0,
      unavailable: 2,
      paused: false,
    });
    const list = await call('articles.list', { view: 'all', limit: 100 });
    expect(list.total).toBe(11);
    const a1 = list.items.find((a) => a.url === `${base[0]}/a1`)!;
    expect(a1).toMatchObject({
      title: 'A one (as saved in Pocket)',
      saved_at: '2020-09-13T12:26:40.000Z',
      fetch_state: null,
    });
    expect((await call('articles.get', { id: a1.id })).content_text).toContain('Page A1 — the article body.');
    // Search finds the fetched text.
    const hits = await call('search.query', { query: '"Page A2 — the article body"' });
    expect(hits.hits.map((h) => h.title)).toEqual(['A two']);
  });

  it('anchored a highlight the export carried once the page arrived', async () => {
    const list = await call('articles.list', { view: 'all', limit: 100 });
    const quoted = list.items.find((a) => a.title === 'Dân vận (wallabag)')!;
    expect(quoted).toMatchObject({ favorite: true, fetch_state: null, lang: 'vi' });
    const text = (await call('articles.get', { id: quoted.id })).content_text;
    const [note] = (await call('annotations.list', { article_id: quoted.id })).items;
    expect(note).toMatchObject({ status: 'anchored', note: 'Ghi nhớ' });
    expect(text.slice(note!.start!, note!.end!)).toBe('có dân là có tất cả');
  });

  it('paced each server: one request at a time, the next at least hostIntervalMs after the last ended', () => {
    const byHost = new Map<string, Hit[]>();
    for (const h of servers.hits) byHost.set(h.host, [...(byHost.get(h.host) ?? []), h]);
    const aHits = byHost.get(new URL(base[0]!).host)!;
    expect(aHits.map((h) => h.path).sort()).toEqual(['/a1', '/a2', '/a3', '/quoted']);
    const pauses = [...byHost].flatMap(([host, hits]) =>
      hits.slice(1).map((h, i) => ({ host, pause: h.at - hits[i]!.end })),
    );
    expect(pauses.length).toBeGreaterThanOrEqual(3 + 2 + 1 + 1); // A: 4 pages, B: flaky x3 + 2, C: 2
    for (const { host, pause } of pauses) {
      expect(pause, `pause between requests to ${host}`).toBeGreaterThanOrEqual(OPTIONS.hostIntervalMs);
    }
    // Four pages on one host need at least three intervals; other hosts were fetched meanwhile.
    expect(aHits.at(-1)!.at - aHits[0]!.at).toBeGreaterThanOrEqual(3 * OPTIONS.hostIntervalMs);
  });

  it('never ran more than `concurrency` fetches at once, and used them all', () => {
    expect(servers.maxInFlight).toBe(OPTIONS.concurrency);
  });

  it('retried a 503 with exponential back-off until the page came', async () => {
    const flaky = servers.hitsOf('/flaky');
    expect(flaky).toHaveLength(3);
    const [first, second] = gaps(flaky) as [number, number];
    expect(first).toBeGreaterThanOrEqual(OPTIONS.backoffBaseMs - 5);
    expect(second).toBeGreaterThanOrEqual(2 * OPTIONS.backoffBaseMs - 5);
    const row = (await call('queue.list', { states: ['done'], limit: 100 })).items.find((q) =>
      q.url.endsWith('/flaky'),
    )!;
    expect(row).toMatchObject({ attempts: 3, state: 'done', last_error: null });
  });

  it('waited as long as a 429 Retry-After asked before asking that server again', () => {
    const limited = servers.hitsOf('/limited');
    expect(limitedAnswers429).toBe(1);
    expect(limited).toHaveLength(2);
    expect(gaps(limited)[0]).toBeGreaterThanOrEqual(995);
    expect(finished - started).toBeGreaterThanOrEqual(995);
  });

  it('kept a 404 and a picture as unavailable articles, listed with their reasons', async () => {
    expect(servers.hitsOf('/gone')).toHaveLength(1); // a 404 is not retried
    const failures = await call('queue.list', {});
    expect(failures.total).toBe(2);
    const gone = failures.items.find((q) => q.url.endsWith('/gone'))!;
    expect(gone).toMatchObject({ state: 'unavailable', title: 'Gone', attempts: 1 });
    expect(gone.last_error).toMatch(/404/);
    const picture = failures.items.find((q) => q.url.endsWith('/picture'))!;
    expect(picture.state).toBe('unavailable');
    expect(picture.last_error).toMatch(/image|not an article|no readable/i);
    const article = await call('articles.get', { id: gone.article_id });
    expect(article).toMatchObject({ title: 'Gone', fetch_state: 'unavailable', content_text: '' });
    expect(article.fetch_error).toMatch(/404/);
  });

  it('retries an unavailable page on request: when it is back, it is fetched', async () => {
    const gone = (await call('queue.list', {})).items.find((q) => q.url.endsWith('/gone'))!;
    goneAnswers404 = false;
    expect(await call('queue.retry', { ids: [gone.id] })).toEqual({ count: 1 });
    await expect(call('queue.retry', { ids: [987654] })).rejects.toThrow(
      /no failed or unavailable fetch with id 987654/,
    );
    await call('queue.run', {});
    const article = await call('articles.get', { id: gone.article_id });
    expect(article).toMatchObject({ fetch_state: null, fetch_error: null, title: 'Gone' });
    expect(article.content_text).toContain('Back again — the article body.');
    expect((await call('queue.status', {})).unavailable).toBe(1);
  });
});

describe('stopping and pausing', () => {
  it('closing the archive mid-fetch puts the row back, uncounted; a paused queue does not fetch', async () => {
    const dir = makeTempDir('kho-queue-stop-');
    const slow = new QueueServers().route('/very-slow', QueueServers.page('Very slow', 5_000));
    const [host] = await slow.start(1);
    try {
      const a = await openArchive(dir.dir, { fetchQueue: OPTIONS, runFetchQueue: true });
      const csv = pocketCsv(path.join(dir.dir, 'p.csv'), [['Very slow', `${host}/very-slow`]]);
      await callOperation(a.handlers, 'import.file', { path: csv });
      for (let i = 0; i < 100 && slow.hits.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(slow.hits).toHaveLength(1);
      expect((await callOperation(a.handlers, 'queue.status', {})).running).toBe(1);
      const closing = Date.now();
      await a.close();
      expect(Date.now() - closing).toBeLessThan(2_000);

      const b = await openArchive(dir.dir, { fetchQueue: OPTIONS });
      const [row] = (await callOperation(b.handlers, 'queue.list', { states: ['queued'] })).items;
      expect(row).toMatchObject({ state: 'queued', attempts: 0 });
      await callOperation(b.handlers, 'queue.pause', {});
      const paused = await callOperation(b.handlers, 'queue.run', {});
      expect(paused).toMatchObject({ paused: true, queued: 1 });
      expect(slow.hits).toHaveLength(1);
      expect(await callOperation(b.handlers, 'queue.resume', {})).toMatchObject({ paused: false });
      await b.close();
    } finally {
      await slow.close();
      dir.cleanup();
    }
  });
});
