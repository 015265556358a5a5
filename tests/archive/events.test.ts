import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/core/archive.js';
import { archiveFile } from '../../src/core/db/connection.js';
import { openSearchEngine, type IndexReport } from '../../src/core/search/index.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { LIST_VIEWS } from '../../src/shared/enums.js';
import type { KhoEvent } from '../../src/shared/events.js';
import type { OperationName, OperationOutput } from '../../src/shared/contract.js';
import { makeTempDir } from '../helpers/paths.js';
import { named, until } from '../helpers/events.js';

/**
 * The archive's events, which replace polling: job progress, what changed (here or in another process),
 * search indexing progress and failures. Real archives in temp folders; a second archive on the same
 * folder plays the CLI.
 */

const tmp = makeTempDir('kho-events-');
// The watcher looks every WATCH_MS; "nothing more came" is judged after several looks.
const WATCH_MS = 200;
const QUIET_MS = 5 * WATCH_MS;
afterAll(() => tmp.cleanup());

async function recorded(name: string, options: Parameters<typeof openArchive>[1] = {}) {
  const archive = await openArchive(path.join(tmp.dir, name), options);
  const events: KhoEvent[] = [];
  archive.subscribe((e) => events.push(e));
  const call = <N extends OperationName>(op: N, input: unknown) =>
    callOperation(archive.handlers, op, input) as Promise<OperationOutput<N>>;
  return { archive, events, call };
}

const md = (title: string, body = 'Nội dung về công tác dân vận ở Hà Nội.') =>
  Buffer.from(`# ${title}\n\n${body}\n`, 'utf8').toString('base64');

describe('job progress', () => {
  it('is pushed from start to end, with the final counts', async () => {
    const { archive, events, call } = await recorded('jobs');
    const files = Array.from({ length: 30 }, (_, i) => ({ name: `bai-${i}.md`, text: md(`Bài ${i}`) }));
    files.push({ name: 'rong.md', text: '' });
    const result = await call('import.files', { files, job_id: 'import-31' });
    expect(result).toMatchObject({ imported: 30, updated: 0 });
    const progress = named(events, 'job.progress').filter((j) => j.job_id === 'import-31');
    expect(progress[0]).toMatchObject({ state: 'running', phase: 'starting', done: 0 });
    expect(progress.at(-1)).toEqual({
      job_id: 'import-31',
      kind: 'import',
      state: 'done',
      phase: 'done',
      done: 31,
      total: 31,
      message: 'rong.md',
      error: null,
    });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    await archive.close();
  });

  it('reports failures and cancellations as the job’s last state', async () => {
    const { archive, events, call } = await recorded('jobs-fail');
    await expect(
      call('articles.add', { source: 'text', text: '', name: 'rong.txt', job_id: 'empty-1' }),
    ).rejects.toThrow();
    const last = named(events, 'job.progress')
      .filter((j) => j.job_id === 'empty-1')
      .at(-1)!;
    expect(last.state).toBe('failed');
    expect(last.error).toMatch(/\S/);
    await archive.close();
  });
});

describe('archive.changed', () => {
  it('names the areas and articles each write touches', async () => {
    const { archive, events, call } = await recorded('changes');
    const changes = () => named(events, 'archive.changed');
    const a = await call('articles.add', {
      source: 'text',
      text: md('Một'),
      encoding: 'base64',
      name: 'mot.md',
    });
    const id = a.article.id;
    expect(changes().at(-1)).toEqual({ areas: ['articles'], article_ids: [id], origin: 'here' });

    await call('tags.attach', { ids: [id], tags: ['Dân vận'] });
    expect(changes().at(-1)).toEqual({ areas: ['articles', 'tags'], article_ids: [id], origin: 'here' });

    const note = await call('annotations.create', { article_id: id, quote: 'công tác dân vận' });
    expect(changes().at(-1)).toEqual({
      areas: ['annotations', 'articles'],
      article_ids: [id],
      origin: 'here',
    });
    await call('annotations.update', { id: note.id, note: 'Ghi chú' });
    expect(changes().at(-1)).toEqual({ areas: ['annotations'], article_ids: [id], origin: 'here' });

    await call('settings.set', { key: 'ui.theme', value: 'dark' });
    expect(changes().at(-1)).toEqual({ areas: ['settings'], article_ids: [], origin: 'here' });

    await call('articles.trash', { ids: [id] });
    expect(changes().at(-1)).toEqual({ areas: ['articles', 'tags'], article_ids: [id], origin: 'here' });
    await call('articles.emptyTrash', {});
    expect(changes().at(-1)).toEqual({
      areas: ['articles', 'tags', 'annotations'],
      article_ids: [],
      origin: 'here',
    });
    await archive.close();
  });

  it('is not sent for reading progress alone, which nothing else shows', async () => {
    const { archive, events, call } = await recorded('progress');
    const a = await call('articles.add', {
      source: 'text',
      text: md('Hai'),
      encoding: 'base64',
      name: 'hai.md',
    });
    const before = named(events, 'archive.changed').length;
    await call('articles.update', { ids: [a.article.id], reading_progress: 0.4 });
    expect(named(events, 'archive.changed')).toHaveLength(before);
    await call('articles.update', { ids: [a.article.id], reading_progress: 0.5, favorite: true });
    expect(named(events, 'archive.changed')).toHaveLength(before + 1);
    await archive.close();
  });

  it('announces commits by another process (origin elsewhere), including ones it indexed itself', async () => {
    const dir = path.join(tmp.dir, 'shared');
    const app = await openArchive(dir, {
      searchInWorker: true,
      watchExternalChanges: true,
      watchIntervalMs: WATCH_MS,
    });
    const events: KhoEvent[] = [];
    app.subscribe((e) => events.push(e));
    const elsewhere = () => named(events, 'archive.changed').filter((c) => c.origin === 'elsewhere');

    // The app's own writes and their indexing are not news.
    await callOperation(app.handlers, 'articles.add', {
      source: 'text',
      text: md('Của app'),
      encoding: 'base64',
      name: 'a.md',
    });
    await app.flushSearch();
    await new Promise((r) => setTimeout(r, QUIET_MS));
    expect(elsewhere()).toEqual([]);

    // Another process writes and leaves indexing to us.
    const cli = await openArchive(dir);
    await callOperation(cli.handlers, 'tags.attach', { ids: [1], tags: ['từ CLI'] });
    await until('the first outside change', () => elsewhere().length === 1, 5000);
    expect(elsewhere()[0]).toEqual({
      areas: ['articles', 'tags', 'annotations', 'settings'],
      article_ids: [],
      origin: 'elsewhere',
    });

    // Another process writes and indexes its write before we look (the CLI flushes before it exits).
    await callOperation(cli.handlers, 'articles.add', {
      source: 'text',
      text: md('Của CLI'),
      encoding: 'base64',
      name: 'b.md',
    });
    await cli.flushSearch();
    await cli.close();
    await until('the second outside change', () => elsewhere().length === 2, 5000);
    await new Promise((r) => setTimeout(r, QUIET_MS));
    expect(elsewhere()).toHaveLength(2);
    await app.close();
  });
});

describe('archive.changed from elsewhere, when our own work sees the rows first', () => {
  async function pair(name: string) {
    const dir = path.join(tmp.dir, name);
    const app = await openArchive(dir, {
      searchInWorker: true,
      watchExternalChanges: true,
      watchIntervalMs: WATCH_MS,
    });
    const events: KhoEvent[] = [];
    app.subscribe((e) => events.push(e));
    await callOperation(app.handlers, 'articles.add', {
      source: 'text',
      text: md('Gốc'),
      encoding: 'base64',
      name: 'g.md',
    });
    await app.flushSearch();
    const cli = await openArchive(dir);
    const elsewhere = () => named(events, 'archive.changed').filter((c) => c.origin === 'elsewhere');
    return { app, cli, events, elsewhere };
  }

  it('is announced when our search indexes the other process’s write before the watcher looks', async () => {
    const { app, cli, elsewhere } = await pair('seen-by-search');
    await callOperation(cli.handlers, 'tags.attach', { ids: [1], tags: ['bên ngoài'] });
    // A search right away indexes the outside row in our worker, before any look at data_version.
    await callOperation(app.handlers, 'search.query', { query: 'ben ngoai' });
    await until('the outside change', () => elsewhere().length === 1, 5000);
    await cli.close();
    await app.close();
  });

  it('is announced when our own write follows the other process’s at once', async () => {
    const { app, cli, events, elsewhere } = await pair('seen-by-write');
    await callOperation(cli.handlers, 'tags.attach', { ids: [1], tags: ['trước'] });
    await callOperation(app.handlers, 'settings.set', { key: 'ui.theme', value: 'sepia' });
    const order = named(events, 'archive.changed').map((c) => c.origin);
    expect(order.slice(-2)).toEqual(['elsewhere', 'here']);
    expect(elsewhere()).toHaveLength(1);
    await cli.close();
    await app.close();
  });
});

describe('articles.counts', () => {
  it('gives every view the same count as listing it', async () => {
    const { archive, call } = await recorded('counts');
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(
        (
          await call('articles.add', {
            source: 'text',
            text: md(`Bài ${i}`),
            encoding: 'base64',
            name: `${i}.md`,
          })
        ).article.id,
      );
    }
    await call('articles.update', { ids: [ids[0]!, ids[1]!], status: 'archived' });
    await call('articles.update', { ids: [ids[1]!, ids[2]!], favorite: true });
    await call('annotations.create', { article_id: ids[3]!, quote: 'dân vận' });
    await call('articles.trash', { ids: [ids[4]!] });
    const { counts } = await call('articles.counts', {});
    for (const view of LIST_VIEWS) {
      expect(counts[view], view).toBe((await call('articles.list', { view, limit: 1 })).total);
    }
    expect(counts).toEqual({ all: 5, unread: 3, archived: 2, favorites: 2, annotated: 1, trash: 1 });
    await archive.close();
  });
});

describe('search indexing', () => {
  it('reports progress while it catches up, then idle', async () => {
    const { archive, events, call } = await recorded('indexing', { searchInWorker: true });
    await call('import.files', {
      files: Array.from({ length: 12 }, (_, i) => ({ name: `${i}.md`, text: md(`Chỉ mục ${i}`) })),
    });
    await until('idle', () =>
      named(events, 'index.progress').some((p) => p.state === 'idle' && p.pending === 0),
    );
    const idle = named(events, 'index.progress').filter((p) => p.state === 'idle');
    expect(idle.reduce((n, p) => n + p.indexed, 0)).toBe(12);
    await archive.close();
  });

  it('reports a failure of background indexing instead of swallowing it', async () => {
    const { archive, events, call } = await recorded('broken-index', { searchInWorker: true });
    await call('articles.add', { source: 'text', text: md('Trước'), encoding: 'base64', name: 'a.md' });
    await archive.flushSearch();
    // Someone breaks the index behind Kho's back.
    const raw = new Database(archiveFile(path.join(tmp.dir, 'broken-index')));
    raw.exec('DROP TABLE search_postings');
    raw.close();
    await call('articles.add', { source: 'text', text: md('Sau'), encoding: 'base64', name: 'b.md' });
    await until('an index error', () => named(events, 'index.error').length > 0);
    expect(named(events, 'index.error')[0]).toMatchObject({
      restarted: false,
      message: expect.stringMatching(/search_postings/),
    });
    await archive.close();
  });

  it('restarts a search worker that dies, and says so', async () => {
    const dir = path.join(tmp.dir, 'restart');
    const seed = await openArchive(dir);
    await callOperation(seed.handlers, 'articles.add', {
      source: 'text',
      text: md('Huế', 'Sông Hương ở Huế.'),
      encoding: 'base64',
      name: 'hue.md',
    });
    await seed.close();
    const reports: IndexReport[] = [];
    const engine = openSearchEngine(archiveFile(dir), { observer: (r) => reports.push(r) });
    expect((await engine.search('huong')).total).toBe(1);
    await (engine as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await until('a restart report', () => reports.some((r) => r.kind === 'error'));
    expect(reports.find((r) => r.kind === 'error')).toEqual({
      kind: 'error',
      message: expect.stringMatching(/Search stopped unexpectedly \(exit code 1\) and is starting again/),
      restarted: true,
    });
    expect((await engine.search('huong')).total).toBe(1);
    await engine.close();
  });
});
