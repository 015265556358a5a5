import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/core/archive.js';
import { archiveFile } from '../../src/core/db/connection.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { KHO_BIN, kho } from '../helpers/cli.js';
import { failure } from '../helpers/failure.js';
import { makeTempDir } from '../helpers/paths.js';
import { articleText, buildArchive, marker } from './archive-setup.js';
import { mountTmpfs, sha256File } from './support.js';

/**
 * "Archive safety, proven by fault injection": a full disk and a read-only data folder give a clear
 * message, damage nothing, and reading keeps working read-only. The disk is a small tmpfs mounted by
 * the test (root); where mounting is not allowed those tests say so and are skipped — the read-only
 * case is then covered by running `kho` as a user who may not write the folder.
 */

let tmp: ReturnType<typeof makeTempDir>;
let mount: Exclude<ReturnType<typeof mountTmpfs>, string> | null = null;
let mountDir: string;
beforeAll(() => {
  tmp = makeTempDir('kho-faults-');
  mountDir = path.join(tmp.dir, 'disk');
  const m = mountTmpfs(mountDir, 16 * 1024);
  if (typeof m === 'string') console.warn(`faults.test: ${m}; the disk-full test is skipped`);
  else mount = m;
});
afterAll(() => {
  if (mount) mount.unmount();
  tmp.cleanup();
});

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('a full disk', () => {
  it('refuses the write with a clear message, keeps everything saved before, and recovers', async (ctx) => {
    if (!mount) return ctx.skip();
    const data = path.join(mountDir, 'archive');
    await buildArchive(data, 5, 2, false);
    const filler = path.join(mountDir, 'filler');
    // Leave ~200 KB: enough to open, not enough for a 1 MB article.
    const free = Number(
      spawnSync('df', ['-B1', '--output=avail', mountDir]).stdout.toString().split('\n')[1],
    );
    writeFileSync(filler, Buffer.alloc(Math.max(0, free - 200 * 1024)));
    const archive = await openArchive(data);
    try {
      const e = await failure(
        callOperation(archive.handlers, 'articles.add', {
          source: 'text',
          text: articleText(99, 1024),
          name: 'big.txt',
        }),
      );
      expect(e.code).toBe('ARCHIVE_READ_ONLY');
      expect(e.message).toMatch(/disk .* is full; nothing was saved/);
      expect((await callOperation(archive.handlers, 'articles.list', {})).total).toBe(5);
      rmSync(filler);
      const { article } = await callOperation(archive.handlers, 'articles.add', {
        source: 'text',
        text: articleText(99, 1024),
        name: 'big.txt',
      });
      expect(article.word_count).toBeGreaterThan(100_000);
    } finally {
      await archive.close();
    }
    expect(integrity(archiveFile(data))).toBe('ok');
  });
});

describe('a read-only data folder', () => {
  /** Read-only for the process that runs kho: a read-only mount, or (no mount) a folder owned by root run as nobody. */
  function readOnlyRun(data: string): (args: string[]) => ReturnType<typeof kho> {
    if (mount) {
      mount.remountReadOnly();
      return (args) => kho([...args, '--data', data]);
    }
    chmodSync(path.dirname(data), 0o755);
    chmodSync(data, 0o755);
    chmodSync(archiveFile(data), 0o644);
    chownSync(data, 0, 0);
    return (args) => {
      const r = spawnSync(process.execPath, [KHO_BIN, ...args, '--data', data], {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: '/tmp' },
      });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };
  }

  it('lists, shows, searches and exports; refuses changes with exit 6; touches nothing', async () => {
    const source = path.join(tmp.dir, 'source');
    await buildArchive(source, 6, 2, false);
    const data = mount ? path.join(mountDir, 'ro-archive') : source;
    if (mount) {
      rmSync(path.join(mountDir, 'archive'), { recursive: true, force: true });
      cpSync(source, data, { recursive: true });
    }
    const before = sha256File(archiveFile(data));
    const run = readOnlyRun(data);
    const list = run(['list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(6);
    const tag = run(['tag', '1', 'new']);
    expect(tag.code).toBe(6);
    expect(tag.stderr).toMatch(/is read-only: Kho can show, search and export/);
    if (mount) {
      // The same archive in this process (root, but on a read-only mount): reading, searching, exporting.
      const archive = await openArchive(data);
      try {
        expect(archive.readOnly).toBe(true);
        const call = (name: string, input: unknown) => callOperation(archive.handlers, name, input);
        expect(((await call('articles.get', { id: 1 })) as { content_text: string }).content_text).toContain(
          marker(0),
        );
        const found = (await call('search.query', { query: marker(3) })) as {
          hits: Array<{ title: string }>;
        };
        expect(found.hits.map((h) => h.title)).toEqual(['Article number 3']);
        const exported = (await call('export.annotations', { format: 'markdown' })) as { content: string };
        expect(exported.content).toContain(marker(0));
        const e = await failure(call('articles.update', { ids: [1], favorite: true }));
        expect(e.code).toBe('ARCHIVE_READ_ONLY');
      } finally {
        await archive.close();
      }
    } else {
      const show = run(['show', '1', '--text']);
      expect(show.code, show.stderr).toBe(0);
      expect(show.stdout).toContain(marker(0));
      const search = run(['search', marker(3), '--json']);
      expect(search.code, search.stderr).toBe(0);
      expect(search.stdout).toContain('Article number 3');
      const exported = run(['export', '--format', 'markdown']);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toContain(marker(0));
    }
    expect(sha256File(archiveFile(data))).toBe(before);
  });
});
