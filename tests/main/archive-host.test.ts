import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { mock, MockUtilityProcess } from './mocks/electron.js';
import { makeTempDir } from '../helpers/paths.js';
import { failure } from '../helpers/failure.js';
import { buildArchive } from '../trust/archive-setup.js';
import { damageMiddle, sha256File } from '../trust/support.js';
import { archiveFile } from '../../src/core/db/connection.js';
import { named, startedHost, until } from './support.js';
import type { OperationOutput } from '../../src/shared/contract.js';

vi.mock('electron', () => import('./mocks/electron.js'));

/**
 * The archive host process: calls, events, the local-path guard, crashes and restarts, and a clean close.
 * Real child processes, real SQLite in temp folders.
 */

const tmp = makeTempDir('kho-host-');
afterEach(() => mock.killChildren());
afterAll(() => tmp.cleanup());

const ARTICLE = 'Dân vận khéo\n\nLấy sự hài lòng của người dân là trọng tâm của công tác dân vận ở Hà Nội.\n';

describe('the archive host', () => {
  it('answers calls and pushes job progress, changes and indexing as events', async () => {
    const { host, events } = startedHost(path.join(tmp.dir, 'events'));
    await host.start();
    const saved = (await host.call('articles.add', {
      source: 'text',
      text: ARTICLE,
      name: 'dan-van.txt',
      tags: ['Dân vận'],
      job_id: 'job-events-1',
    })) as OperationOutput<'articles.add'>;
    expect(saved.created).toBe(true);

    const jobs = named(events, 'job.progress').filter((j) => j.job_id === 'job-events-1');
    expect(jobs[0]?.state).toBe('running');
    expect(jobs.at(-1)).toMatchObject({ state: 'done', kind: 'capture', error: null });
    expect(named(events, 'archive.changed')).toContainEqual({
      areas: ['articles', 'tags'],
      article_ids: [saved.article.id],
      origin: 'here',
    });
    await until('indexing to finish', () => named(events, 'index.progress').some((p) => p.state === 'idle'));
    const idle = named(events, 'index.progress').find((p) => p.state === 'idle')!;
    expect(idle.indexed).toBeGreaterThanOrEqual(1);
    const found = (await host.call('search.query', { query: 'dan van' })) as OperationOutput<'search.query'>;
    expect(found.hits.map((h) => h.id)).toEqual([saved.article.id]);
    // Our own write and our own indexing are not mistaken for a change made elsewhere.
    await new Promise((r) => setTimeout(r, 2500));
    expect(named(events, 'archive.changed').filter((c) => c.origin === 'elsewhere')).toEqual([]);
    await host.close();
  });

  it('refuses inputs that read local files when the caller says so, and accepts them from the parent itself', async () => {
    const { host } = startedHost(path.join(tmp.dir, 'paths'));
    await host.start();
    const file = path.join(tmp.dir, 'note.md');
    writeFileSync(file, '# Ghi chú\n\nMột đoạn văn bản tiếng Việt có dấu.\n');
    const refused = await failure(
      host.call(
        'articles.add',
        { source: 'file', path: file },
        { refuseLocalPaths: 'over IPC from the window' },
      ),
    );
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.message).toMatch(/by their path is not allowed over IPC from the window/);
    expect(((await host.call('app.info', {})) as OperationOutput<'app.info'>).article_count).toBe(0);

    const ok = (await host.call('articles.add', {
      source: 'file',
      path: file,
    })) as OperationOutput<'articles.add'>;
    expect(ok.article.title).toBe('Ghi chú');
    expect(await host.getAsset('f'.repeat(64))).toBeNull();
    await host.close();
  });

  it('fails calls in flight with a clear error when the host dies, restarts it and tells the window', async () => {
    const { host, events } = startedHost(path.join(tmp.dir, 'crash'));
    await host.start();
    await host.call('articles.add', { source: 'text', text: ARTICLE, name: 'a.txt' });
    const before = MockUtilityProcess.started.length;
    const child = MockUtilityProcess.started.at(-1)!;

    const inFlight = host.call('search.reindex', {});
    child.kill();
    const error = await failure(inFlight);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/archive process stopped unexpectedly and is starting again/);
    expect(named(events, 'archive.restarted')).toHaveLength(1);

    // Calls made while it restarts wait for it; nothing saved was lost.
    const info = (await host.call('app.info', {})) as OperationOutput<'app.info'>;
    expect(info.article_count).toBe(1);
    expect(MockUtilityProcess.started.length).toBe(before + 1);
    await host.close();
  });

  it('stops restarting a host that keeps dying', async () => {
    const { host, events } = startedHost(path.join(tmp.dir, 'loop'), { maxRestartsPerMinute: 1 });
    await host.start();
    MockUtilityProcess.started.at(-1)!.kill();
    await until('the first restart', () => named(events, 'archive.restarted').length === 1);
    await host.call('app.info', {});
    MockUtilityProcess.started.at(-1)!.kill();
    await until('giving up', () => named(events, 'archive.restarted').length === 2);
    expect(named(events, 'archive.restarted')[1]!.message).toMatch(/could not be started again; restart Kho/);
    const error = await failure(host.call('app.info', {}));
    expect(error.message).toMatch(/could not be started again/);
  });

  it('reports an archive that cannot be opened once, with its own error, and does not retry', async () => {
    const notAFolder = path.join(tmp.dir, 'file-not-folder');
    writeFileSync(notAFolder, 'this is a file');
    const before = MockUtilityProcess.started.length;
    const { host, events } = startedHost(notAFolder);
    const error = await failure(host.start());
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.message).not.toMatch(/stopped unexpectedly/);
    await new Promise((r) => setTimeout(r, 300));
    expect(MockUtilityProcess.started.length).toBe(before + 1);
    expect(named(events, 'archive.restarted')).toEqual([]);
    expect((await failure(host.call('app.info', {}))).message).toBe(error.message);
  });

  it('re-checks the archive file while it stays open: damage found stops writes, the file is left alone', async () => {
    const data = path.join(tmp.dir, 'checked');
    await buildArchive(data, 24, 40);
    const { host } = startedHost(data, { integrityCheckEveryMs: 100 });
    await host.start();
    const { items } = (await host.call('articles.list', { limit: 1 })) as OperationOutput<'articles.list'>;
    damageMiddle(archiveFile(data));
    const before = sha256File(archiveFile(data));
    await new Promise((r) => setTimeout(r, 1500));
    const refused = await failure(host.call('articles.update', { ids: [items[0]!.id], favorite: true }));
    expect(refused.code).toBe('ARCHIVE_CORRUPT');
    expect(refused.message).toMatch(/kho restore/);
    expect(sha256File(archiveFile(data))).toBe(before);
    await host.close();
  });

  it('closes the archive and ends the process cleanly', async () => {
    const { host, events } = startedHost(path.join(tmp.dir, 'close'));
    await host.start();
    // No connector unless the app asks for one (the `connector` open option).
    expect(
      ((await host.call('connector.pairings', {})) as OperationOutput<'connector.pairings'>).receiver,
    ).toEqual({ state: 'off', port: null, message: null });
    const child = MockUtilityProcess.started.at(-1)!;
    const exited = new Promise<number | null>((resolve) => child.child.once('exit', (code) => resolve(code)));
    await host.close();
    expect(await exited).toBe(0);
    expect(named(events, 'archive.restarted')).toEqual([]);
    expect((await failure(host.call('app.info', {}))).message).toMatch(/closed/);
  });
});
