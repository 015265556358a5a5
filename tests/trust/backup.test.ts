import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/core/archive.js';
import {
  backupDir,
  listBackups,
  newestBackup,
  restoreBackup,
  rotateBackups,
  verifyBackup,
} from '../../src/core/backup/index.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { failure } from '../helpers/failure.js';
import { tempArchive } from '../helpers/archive.js';
import { makeTempDir } from '../helpers/paths.js';
import { damageMiddle } from './support.js';

/** Backups (src/core/backup): whole-archive copies, verified, rotated, restored into an empty folder. */

const PNG_DATA =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PROSE = 'Words for an archive that must survive, with commas, and sentences, for extraction. '.repeat(
  8,
);

let t: Awaited<ReturnType<typeof tempArchive>>;
let out: ReturnType<typeof makeTempDir>;
beforeAll(async () => {
  t = await tempArchive();
  out = makeTempDir('kho-restore-');
  await t.call('articles.add', {
    source: 'text',
    name: 'pic.html',
    text: `<html><head><title>With picture</title></head><body><article><p>${PROSE}</p><img src="data:image/png;base64,${PNG_DATA}" alt="dot"><p>${PROSE}</p></article></body></html>`,
    tags: ['kept'],
  });
});
afterAll(async () => {
  await t.close();
  out.cleanup();
});

describe('backups', () => {
  it('writes a verified, owner-only copy with a timestamped name, while the archive stays open', async () => {
    const b = await t.archive.backup({ now: new Date('2026-12-01T08:00:00.000Z') });
    expect(b.name).toBe('kho-2026-12-01T08-00-00-000Z.sqlite');
    expect(b.createdAt).toBe('2026-12-01T08:00:00.000Z');
    expect(statSync(b.path).mode & 0o777).toBe(0o600);
    expect(statSync(backupDir(t.dir)).mode & 0o777).toBe(0o700);
    expect(verifyBackup(b.path)).toEqual({ ok: true, problems: [] });
    expect(readdirSync(backupDir(t.dir)).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('lists newest first, names the newest, and rotates to the newest N', async () => {
    await t.archive.backup({ now: new Date('2026-12-02T08:00:00.000Z') });
    await t.archive.backup({ now: new Date('2026-12-03T08:00:00.000Z') });
    await t.archive.backup({ now: new Date('2026-12-03T08:00:00.000Z') }); // same second: a suffix
    writeFileSync(path.join(backupDir(t.dir), 'notes.txt'), 'not a backup');
    expect(listBackups(t.dir).map((b) => b.createdAt.slice(0, 10))).toEqual([
      '2026-12-03',
      '2026-12-03',
      '2026-12-02',
      '2026-12-01',
    ]);
    expect(newestBackup(t.dir)?.name).toBe('kho-2026-12-03T08-00-00-000Z-1.sqlite');
    const removed = rotateBackups(t.dir, 2);
    expect(removed.map((p) => path.basename(p))).toEqual([
      'kho-2026-12-02T08-00-00-000Z.sqlite',
      'kho-2026-12-01T08-00-00-000Z.sqlite',
    ]);
    expect(listBackups(t.dir)).toHaveLength(2);
    expect(existsSync(path.join(backupDir(t.dir), 'notes.txt'))).toBe(true);
  });

  it('restores into an empty folder only; the restored archive has the articles, tags and images', async () => {
    const b = newestBackup(t.dir)!;
    const busy = path.join(out.dir, 'busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'kho.sqlite'), 'someone else');
    expect((await failure(restoreBackup(b.path, busy))).code).toBe('CONFLICT');
    const target = path.join(out.dir, 'restored');
    await restoreBackup(b.path, target);
    expect(statSync(target).mode & 0o777).toBe(0o700);
    const restored = await openArchive(target);
    try {
      const { items } = await callOperation(restored.handlers, 'articles.list', {});
      expect(items.map((a) => [a.title, a.tags])).toEqual([['With picture', ['kept']]]);
      const detail = await callOperation(restored.handlers, 'articles.get', { id: items[0]!.id });
      const sha = /kho-asset:([0-9a-f]{64})/.exec(detail.content_html)![1]!;
      expect(restored.getAsset(sha)?.mime).toBe('image/png');
    } finally {
      await restored.close();
    }
  });

  it('finds damage in a backup and refuses to restore it', async () => {
    const b = await t.archive.backup({ now: new Date('2026-12-04T08:00:00.000Z') });
    damageMiddle(b.path);
    const check = verifyBackup(b.path);
    expect(check.ok).toBe(false);
    expect(check.problems.length).toBeGreaterThan(0);
    const e = await failure(restoreBackup(b.path, path.join(out.dir, 'never')));
    expect(e.code).toBe('ARCHIVE_CORRUPT');
    expect(existsSync(path.join(out.dir, 'never'))).toBe(false);
  });
});
