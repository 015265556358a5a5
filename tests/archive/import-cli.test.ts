import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKho, runKhoJson } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';
import { fixturePath } from '../importers/support.js';
import { QueueServers } from './queue-server.js';

/** `kho import` with export files and folders, and `kho jobs` for the fetch queue, run in-process through runCli. */
const tmp = makeTempDir('kho-import-cli-');
const servers = new QueueServers();
let hosts: string[];
let gone404 = true;

beforeAll(async () => {
  servers
    .route('/bai', QueueServers.page('Bài từ máy chủ'))
    .route('/gone', () => (gone404 ? { status: 404, body: 'gone' } : QueueServers.article('Trở lại')));
  hosts = await servers.start(2);
});
afterAll(async () => {
  await servers.close();
  tmp.cleanup();
});

const data = (name: string) => ['--data', path.join(tmp.dir, name)];

describe('kho import', () => {
  it('imports an export file and says what it did, row by row for what it could not', async () => {
    const file = path.join(tmp.dir, 'pocket.csv');
    writeFileSync(
      file,
      'title,url,time_added,tags,status\nMột,https://a.example/1,1600000000,,unread\n"Broken" row,https://b.example/,1,,unread\nHai,https://a.example/2,1600000001,,archive\n',
    );
    const r = await runKho(['import', file, '--tag', 'từ Pocket', ...data('a')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Pocket CSV: 2 entries — imported 2, already in the archive 0.',
        'Queued 2 pages to fetch.',
        '1 problem:',
        '  ✗ row 3: Line 3: a quoted value has text after its closing quote; skipped.',
        'Pages are fetched while the app or "kho serve" runs; "kho jobs run" fetches them now and "kho jobs" shows how far it got.',
        '',
      ].join('\n'),
    );
    const list = await runKhoJson<Array<{ title: string; tags: string[]; fetch_state: string }>>([
      'list',
      ...data('a'),
    ]);
    expect(list.map((a) => [a.title, a.tags, a.fetch_state]).sort()).toEqual([
      ['Hai', ['từ Pocket'], 'pending'],
      ['Một', ['từ Pocket'], 'pending'],
    ]);
    const again = await runKhoJson<{ imported: number; skipped_existing: number }>([
      'import',
      file,
      ...data('a'),
    ]);
    expect(again).toMatchObject({ imported: 0, skipped_existing: 2 });
  });

  it('reads the format from the file, or as --format says; a wrong one is refused in words', async () => {
    const readwise = await runKhoJson<{ format: string; highlights_added: number }>([
      'import',
      fixturePath('readwise/readwise-export.csv'),
      ...data('b'),
    ]);
    expect(readwise).toMatchObject({ format: 'readwise', highlights_added: 7 });
    const wrong = await runKho([
      'import',
      fixturePath('wallabag/wallabag-v2-read.json'),
      '--format',
      'pocket',
      ...data('b'),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^kho: wallabag-v2-read\.json is not a Pocket export/);
    const unknown = await runKho([
      'import',
      fixturePath('wallabag/pocket.csv'),
      '--format',
      'delicious',
      ...data('b'),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'kho: "delicious" is not a format Kho imports; use one of auto, pocket, instapaper, omnivore, wallabag, bookmarks, readwise, kho.\n',
    );
  });

  it('still saves every page of a folder', async () => {
    const folder = path.join(tmp.dir, 'pages');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'ghi-chu.md'), '# Ghi chú\n\nMột ghi chú được nhập từ thư mục.\n');
    const r = await runKho(['import', folder, ...data('c')]);
    expect(r).toMatchObject({ code: 0, stdout: 'Imported 1, updated 0, failed 0.\n' });
    const refused = await runKho(['import', folder, '--format', 'pocket', ...data('c')]);
    expect(refused.stderr).toBe(`kho: ${folder} is a folder; --format is for export files.\n`);
  });
});

describe('kho jobs', () => {
  it('fetches with --fetch, lists the failure with its reason, retries it and runs the queue', async () => {
    const file = path.join(tmp.dir, 'fetch.csv');
    writeFileSync(
      file,
      `title,url,time_added,tags,status\nBài,${hosts[0]}/bai,1600000000,,unread\nĐã mất,${hosts[1]}/gone,1600000001,,unread\n`,
    );
    const r = await runKho(['import', file, '--fetch', ...data('d')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Fetch queue: 0 queued, 0 running, 1 done, 0 failed, 1 unavailable.');

    const shown = await runKho(['jobs', ...data('d')]);
    expect(shown.stdout).toMatch(
      /^Fetch queue: 0 queued, 0 running, 1 done, 0 failed, 1 unavailable\.\n\nFailed or no longer available \(1\):\n/,
    );
    expect(shown.stdout).toContain(`unavailable  Đã mất — ${hosts[1]}/gone`);
    expect(shown.stdout).toContain(`The server answered 404 Not Found for ${hosts[1]}/gone. (1 attempt)`);
    const json = await runKhoJson<{ failures: Array<{ id: number; last_error: string }> }>([
      'jobs',
      ...data('d'),
    ]);
    const [failure] = json.failures;

    gone404 = false;
    expect((await runKho(['jobs', 'retry', String(failure!.id), ...data('d')])).stdout).toBe(
      'Queued 1 fetch again.\n',
    );
    expect((await runKho(['jobs', 'pause', ...data('d')])).stdout).toMatch(
      /1 queued.*\(paused: "kho jobs resume" to go on\)/,
    );
    expect((await runKho(['jobs', 'run', ...data('d')])).stdout).toMatch(/^Fetch queue: 1 queued/);
    await runKho(['jobs', 'resume', ...data('d')]);
    const run = await runKho(['jobs', 'run', ...data('d')]);
    expect(run.stdout).toBe('Fetch queue: 0 queued, 0 running, 2 done, 0 failed, 0 unavailable.\n');
    const hits = await runKhoJson<Array<{ title: string }>>(['search', 'tro lai', ...data('d')]);
    expect(hits.map((h) => h.title)).toEqual(['Đã mất']);
    expect((await runKho(['jobs', 'explode', ...data('d')])).stderr).toMatch(
      /^kho: "explode" is not a jobs command/,
    );
  });
});
