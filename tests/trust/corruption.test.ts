import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/core/archive.js';
import { newestBackup } from '../../src/core/backup/index.js';
import { archiveFile } from '../../src/core/db/connection.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { KhoError } from '../../src/shared/errors.js';
import { kho } from '../helpers/cli.js';
import { failure } from '../helpers/failure.js';
import { makeTempDir } from '../helpers/paths.js';
import { buildArchive } from './archive-setup.js';
import { damageMiddle, sha256File } from './support.js';

/**
 * Issue 15, items 7 and 10: after bytes were flipped mid-file, show, search, add and tag kept working and
 * writing, `list --json` failed with a raw "database disk image is malformed" (exit 1), and reindex
 * silently dropped an article; a dropped table gave a raw "no such table", a folder named kho.sqlite a
 * raw EISDIR, and a 0-byte kho.sqlite silently became a new empty archive. Now: detected at open and
 * during work, ARCHIVE_CORRUPT (exit 5) naming the newest backup, and nothing more is written.
 */

let tmp: ReturnType<typeof makeTempDir>;
let data: string;
beforeEach(() => {
  tmp = makeTempDir('kho-corrupt-');
  data = path.join(tmp.dir, 'archive');
});
afterEach(() => tmp.cleanup());

function expectNamesBackup(message: string): void {
  const b = newestBackup(data);
  expect(b).not.toBeNull();
  expect(message).toContain(b!.path);
  expect(message).toContain('kho restore');
}

describe('a damaged archive', () => {
  it('is refused at open with exit 5 naming the newest backup, by reads and writes alike, and left as it was', async () => {
    await buildArchive(data, 40, 3);
    damageMiddle(archiveFile(data));
    const before = sha256File(archiveFile(data));
    writeFileSync(
      path.join(tmp.dir, 'new.txt'),
      'A new article\n\nWith a paragraph of text that would be saved.',
    );
    for (const args of [
      ['list', '--json'],
      ['add', path.join(tmp.dir, 'new.txt')],
    ]) {
      const r = kho([...args, '--data', data]);
      expect(r.code, `kho ${args.join(' ')}: ${r.stderr}`).toBe(5);
      expect(r.stderr).toMatch(/is damaged/);
      expectNamesBackup(r.stderr);
    }
    // show, search, tag and reindex all start by opening the archive: refused the same way.
    const e = await failure(openArchive(data));
    expect(e.code).toBe('ARCHIVE_CORRUPT');
    expect(e.message).toMatch(/Kho will not write to it/);
    expect(sha256File(archiveFile(data))).toBe(before);
  });

  it('found during work: the operation fails with ARCHIVE_CORRUPT and every later write is refused', async () => {
    await buildArchive(data, 24, 40); // ~1 MB of text per 24 articles: most pages are not in the page cache
    const archive = await openArchive(data);
    try {
      damageMiddle(archiveFile(data));
      const { items } = await callOperation(archive.handlers, 'articles.list', { limit: 100 });
      let found: KhoError | null = null;
      for (const a of items) {
        try {
          await callOperation(archive.handlers, 'articles.get', { id: a.id });
        } catch (err) {
          found = err as KhoError;
          break;
        }
      }
      expect(found).toBeInstanceOf(KhoError);
      expect(found!.code).toBe('ARCHIVE_CORRUPT');
      expectNamesBackup(found!.message);
      const write = await failure(
        callOperation(archive.handlers, 'tags.attach', { ids: [items[0]!.id], tags: ['after damage'] }),
      );
      expect(write.code).toBe('ARCHIVE_CORRUPT');
      expect((await failure(callOperation(archive.handlers, 'search.reindex', {}))).code).toBe(
        'ARCHIVE_CORRUPT',
      );
    } finally {
      await archive.close();
    }
  });

  it('found by the periodic check, before any operation touches it', async () => {
    await buildArchive(data, 24, 40);
    const archive = await openArchive(data, { integrityCheckEveryMs: 50 });
    try {
      const { items } = await callOperation(archive.handlers, 'articles.list', { limit: 1 });
      damageMiddle(archiveFile(data));
      const before = sha256File(archiveFile(data));
      await new Promise((r) => setTimeout(r, 400));
      const e = await failure(
        callOperation(archive.handlers, 'articles.update', { ids: [items[0]!.id], favorite: true }),
      );
      expect(e.code).toBe('ARCHIVE_CORRUPT');
      expectNamesBackup(e.message);
      // Settings still shows the paired browsers; pairing one more is a write, refused.
      expect((await callOperation(archive.handlers, 'connector.pairings', {})).browsers).toEqual([]);
      const pair = await failure(
        callOperation(archive.handlers, 'connector.pair', { name: 'Firefox', origin: 'moz-extension://x' }),
      );
      expect(pair.code).toBe('ARCHIVE_CORRUPT');
      expect(sha256File(archiveFile(data))).toBe(before);
    } finally {
      await archive.close();
    }
  });
});

describe('archive files that are not what they should be', () => {
  it('a dropped table: ARCHIVE_CORRUPT naming the table and the backup, not "no such table"', async () => {
    await buildArchive(data, 3);
    const db = new Database(archiveFile(data));
    db.exec('DROP TABLE annotations');
    db.close();
    const e = await failure(openArchive(data));
    expect(e.code).toBe('ARCHIVE_CORRUPT');
    expect(e.message).toMatch(/missing its annotations table/);
    expectNamesBackup(e.message);
  });

  it('a truncated file and a database from a newer Kho: refused, named, untouched', async () => {
    await buildArchive(data, 12, 3);
    const file = archiveFile(data);
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    const newer = await failure(openArchive(data));
    expect(newer.code).toBe('ARCHIVE_CORRUPT');
    expect(newer.message).toMatch(/written by a newer Kho \(schema 99/);
    expectNamesBackup(newer.message);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const before = sha256File(file);
    const cut = await failure(openArchive(data));
    expect(cut.code).toBe('ARCHIVE_CORRUPT');
    expectNamesBackup(cut.message);
    expect(sha256File(file)).toBe(before);
  });

  it('a folder named kho.sqlite: a clear message, not EISDIR', async () => {
    mkdirSync(archiveFile(data), { recursive: true });
    const e = await failure(openArchive(data));
    expect(e.code).toBe('ARCHIVE_CORRUPT');
    expect(e.message).toMatch(/kho\.sqlite is a folder, not an archive file/);
  });

  it('a 0-byte kho.sqlite is a truncated archive, not a new empty one', async () => {
    await buildArchive(data, 2);
    writeFileSync(archiveFile(data), '');
    const r = kho(['list', '--json', '--data', data]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/is empty \(0 bytes\): it was truncated/);
    expectNamesBackup(r.stderr);
    expect(statSync(archiveFile(data)).size).toBe(0);
    expect(existsSync(`${archiveFile(data)}-wal`)).toBe(false);
  });
});
