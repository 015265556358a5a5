import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { archiveFile, openDatabase, schemaVersion } from '../../src/core/db/connection.js';
import { migrations } from '../../src/core/db/migrations/index.js';
import { KhoError } from '../../src/shared/errors.js';
import { makeTempDir } from '../helpers/paths.js';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir()));
afterEach(() => tmp.cleanup());

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof KhoError ? err.code : `not a KhoError: ${String(err)}`;
  }
  return undefined;
}

describe('openDatabase', () => {
  it('creates the archive in WAL mode with foreign keys and every migration applied', () => {
    const db = openDatabase(tmp.dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    expect(schemaVersion(db)).toBe(migrations[migrations.length - 1]!.version);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
      name: string;
    }>;
    for (const t of [
      'articles',
      'tags',
      'article_tags',
      'annotations',
      'assets',
      'article_assets',
      'settings',
    ]) {
      expect(tables.map((r) => r.name)).toContain(t);
    }
    db.close();
  });

  it('migration versions are consecutive from 1 (forward-only numbering)', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('reopens an existing archive without re-running migrations and keeps its rows', () => {
    const db = openDatabase(tmp.dir);
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run();
    db.close();
    const again = openDatabase(tmp.dir);
    expect(again.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: '1' });
    again.close();
  });

  it('enforces foreign keys (a tag link to a missing article is refused)', () => {
    const db = openDatabase(tmp.dir);
    db.prepare("INSERT INTO tags (name, key, created_at) VALUES ('a', 'a', 'now')").run();
    expect(() => db.prepare('INSERT INTO article_tags (article_id, tag_id) VALUES (999, 1)').run()).toThrow(
      /FOREIGN KEY/,
    );
    db.close();
  });

  it('refuses a file that is not SQLite with ARCHIVE_CORRUPT and leaves it untouched', () => {
    writeFileSync(archiveFile(tmp.dir), 'this is a text file, not a database\n'.repeat(20));
    expect(codeOf(() => openDatabase(tmp.dir))).toBe('ARCHIVE_CORRUPT');
  });

  it('refuses an archive written by a newer schema', () => {
    const db = new Database(archiveFile(tmp.dir));
    db.pragma('user_version = 999');
    db.close();
    expect(codeOf(() => openDatabase(tmp.dir))).toBe('ARCHIVE_CORRUPT');
  });

  it('reports a data path that is a file as ARCHIVE_READ_ONLY', () => {
    const file = path.join(tmp.dir, 'plain-file');
    writeFileSync(file, 'x');
    expect(codeOf(() => openDatabase(path.join(file, 'archive')))).toBe('ARCHIVE_READ_ONLY');
  });

  it.runIf(process.getuid?.() !== 0)('reports a read-only folder as ARCHIVE_READ_ONLY', () => {
    const dir = path.join(tmp.dir, 'ro');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    expect(codeOf(() => openDatabase(dir))).toBe('ARCHIVE_READ_ONLY');
  });
});

describe('migration 005 (article versions, stable ids)', () => {
  it('gives the rows of an older archive stable ids, keeps them, and ids new rows too', () => {
    const db = new Database(archiveFile(tmp.dir));
    db.pragma('journal_mode = WAL');
    for (const m of migrations.filter((x) => x.version <= 2)) db.exec(m.sql);
    db.pragma('user_version = 2');
    const insert = db.prepare(
      `INSERT INTO articles (title, saved_at, updated_at, content_html, content_text, source_kind)
       VALUES (?, 'now', 'now', '<p>x</p>', 'x', 'text')`,
    );
    insert.run('one');
    insert.run('two');
    db.prepare(
      `INSERT INTO annotations (article_id, exact, created_at, updated_at) VALUES (1, 'x', 'now', 'now')`,
    ).run();
    db.close();

    const opened = openDatabase(tmp.dir);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const rows = opened.prepare('SELECT title, uuid, content_uuid FROM articles ORDER BY id').all() as Array<{
      title: string;
      uuid: string;
      content_uuid: string;
    }>;
    expect(rows.map((r) => r.title)).toEqual(['one', 'two']);
    for (const r of rows) {
      expect(r.uuid).toMatch(uuid);
      expect(r.content_uuid).toMatch(uuid);
    }
    expect(new Set(rows.flatMap((r) => [r.uuid, r.content_uuid])).size).toBe(4);
    expect(opened.prepare('SELECT uuid FROM annotations').pluck().get()).toMatch(uuid);
    opened
      .prepare(
        `INSERT INTO articles (title, saved_at, updated_at, content_html, content_text, source_kind)
         VALUES ('three', 'now', 'now', '<p>y</p>', 'y', 'text')`,
      )
      .run();
    expect(opened.prepare("SELECT uuid FROM articles WHERE title = 'three'").pluck().get()).toMatch(uuid);
    expect(opened.prepare('SELECT count(*) FROM article_versions').pluck().get()).toBe(0);
    opened.close();
  });

  it('creates a new archive whole: never an empty kho.sqlite, no temporary files left', () => {
    openDatabase(tmp.dir).close();
    const names = readdirSync(tmp.dir);
    expect(names.filter((n) => n.startsWith('.kho-new-'))).toEqual([]);
    expect(statSync(archiveFile(tmp.dir)).size).toBeGreaterThan(0);
  });
});
