import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { openArchive } from '../../src/core/archive.js';
import { archiveFile } from '../../src/core/db/connection.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { makeTempDir, REPO_ROOT } from '../helpers/paths.js';
import { QueueServers } from './queue-server.js';

/**
 * The fetch queue survives a crash: a child process runs the queue and is killed with SIGKILL while
 * fetches are in flight; the archive reopened in another process puts the rows the dead process held back
 * in the queue and finishes the rest — every page fetched, none stored twice, the database intact.
 */
const OPTIONS = {
  concurrency: 3,
  hostIntervalMs: 100,
  backoffBaseMs: 100,
  jitter: 0,
  pollMs: 100,
  timeoutMs: 5_000,
};
const PAGES = 12;
const servers = new QueueServers();
const tmp = makeTempDir('kho-queue-crash-');
afterAll(async () => {
  await servers.close();
  tmp.cleanup();
});

const until = async (what: string, ok: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`Timed out waiting until ${what}.`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

it('a queue run killed with SIGKILL mid-fetch resumes after reopening and finishes with no duplicates', async () => {
  for (let i = 1; i <= PAGES; i++) servers.route(`/p${i}`, QueueServers.page(`Page number ${i}`, 150));
  const hosts = await servers.start(3);
  const urls = Array.from({ length: PAGES }, (_, i) => `${hosts[i % 3]}/p${i + 1}`);
  const csv = path.join(tmp.dir, 'pocket.csv');
  writeFileSync(
    csv,
    `title,url,time_added,tags,status\n${urls.map((u, i) => `Saved ${i + 1},${u},${1_600_000_000 + i},,unread`).join('\n')}\n`,
  );
  const first = await openArchive(tmp.dir);
  expect(await callOperation(first.handlers, 'import.file', { path: csv })).toMatchObject({ queued: PAGES });
  await first.close();

  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'tests', 'archive', 'queue-child.ts'),
      tmp.dir,
      JSON.stringify(OPTIONS),
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  // Killed once some pages are in and some requests are still being answered.
  await until(
    `the child fetched a few pages (${stderr})`,
    () => servers.hits.filter((h) => h.end > 0).length >= 4 && servers.inFlight > 0,
  );
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  // What the dead process left: some pages stored, some rows still marked as running by it.
  const db = new Database(archiveFile(tmp.dir), { readonly: true });
  const left = db.prepare('SELECT state, COUNT(*) AS n FROM fetch_queue GROUP BY state').all() as Array<{
    state: string;
    n: number;
  }>;
  db.close();
  const leftBy = Object.fromEntries(left.map((r) => [r.state, r.n]));
  expect(leftBy.running).toBeGreaterThan(0);
  expect(leftBy.done ?? 0).toBeLessThan(PAGES);
  const requestsBefore = servers.hits.length;

  const again = await openArchive(tmp.dir, { fetchQueue: OPTIONS });
  try {
    const status = await callOperation(again.handlers, 'queue.run', {});
    expect(status).toMatchObject({ queued: 0, running: 0, done: PAGES, failed: 0, unavailable: 0 });
    const list = await callOperation(again.handlers, 'articles.list', { view: 'all', limit: 100 });
    expect(list.total).toBe(PAGES);
    for (const [i, url] of urls.entries()) {
      const a = list.items.find((x) => x.url === url)!;
      expect(a).toMatchObject({ title: `Saved ${i + 1}`, fetch_state: null });
      expect((await callOperation(again.handlers, 'articles.get', { id: a.id })).content_text).toContain(
        `Page number ${i + 1} — the article body.`,
      );
    }
  } finally {
    await again.close();
  }
  // Only the interrupted and the not yet fetched pages were requested again; finished ones were not.
  const fetchedTwice = urls.filter((u) => servers.hitsOf(new URL(u).pathname).length > 1);
  expect(fetchedTwice.length).toBeLessThanOrEqual(leftBy.running!);
  expect(servers.hits.length - requestsBefore).toBe(PAGES - (leftBy.done ?? 0));

  const check = new Database(archiveFile(tmp.dir), { readonly: true });
  expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(check.prepare('SELECT COUNT(DISTINCT canonical_url) AS n FROM articles').get()).toEqual({
    n: PAGES,
  });
  check.close();
});
