import Database from 'better-sqlite3';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/core/archive.js';
import { callOperation } from '../../src/shared/dispatch.js';
import type { OperationName, OperationOutput } from '../../src/shared/contract.js';
import { runKho, runKhoJson } from '../helpers/cli.js';
import { tempArchive } from '../helpers/archive.js';
import { makeTempDir } from '../helpers/paths.js';

/** `kho backup <file>` and `kho restore <file> --data <dir>`: a backup made while the archive is open restores identically. */

const PNG_DATA =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PROSE = 'Hà Nội và bộ sưu tập có ở đây, với những câu văn dài để trích xuất nội dung bài viết. '.repeat(
  8,
);

let t: Awaited<ReturnType<typeof tempArchive>>;
let out: ReturnType<typeof makeTempDir>;

beforeAll(async () => {
  t = await tempArchive();
  out = makeTempDir('kho-backup-cli-');
  const a = await t.call('articles.add', {
    source: 'text',
    name: 'pic.html',
    text: `<html><head><title>Ảnh và chữ</title></head><body><article><p>${PROSE} Một bộ sưu tập riêng.</p><img src="data:image/png;base64,${PNG_DATA}" alt="dot"><p>${PROSE}</p></article></body></html>`,
    tags: ['kept', 'travel/hanoi'],
  });
  const b = await t.call('articles.add', {
    source: 'text',
    name: 'plain.md',
    text: `# Second one\n\n${PROSE} Đến Huế.\n`,
    tags: ['notes'],
  });
  await t.call('annotations.create', {
    article_id: a.article.id,
    quote: 'Một bộ sưu tập riêng',
    note: 'một ghi chú',
    color: 'green',
    tags: ['hl'],
  });
  await t.call('annotations.create', { article_id: b.article.id, quote: 'Đến Huế', color: 'pink' });
  await t.call('articles.update', { ids: [a.article.id], status: 'archived', favorite: true });
  await t.call('articles.update', { ids: [b.article.id], reading_progress: 0.42 });
});
afterAll(async () => {
  await t.close();
  out.cleanup();
});

/** Everything a user keeps, read through the contract: articles with text, tags, highlights, images, state. */
async function snapshotOf(archive: Archive) {
  const call = <N extends OperationName>(name: N, input: unknown): Promise<OperationOutput<N>> =>
    callOperation(archive.handlers, name, input);
  const { items } = await call('articles.list', { limit: 1000 });
  const articles = [];
  for (const s of items) {
    const d = await call('articles.get', { id: s.id });
    const shas = [...d.content_html.matchAll(/kho-asset:([0-9a-f]{64})/g)].map((m) => m[1]!);
    const assets = shas.map((sha) => {
      const asset = archive.getAsset(sha);
      return { sha, mime: asset?.mime, bytes: asset ? Buffer.from(asset.bytes).toString('base64') : null };
    });
    articles.push({ detail: d, assets });
  }
  return {
    articles,
    tags: (await call('tags.list', {})).items,
    annotations: (await call('annotations.list', {})).items,
  };
}

describe('kho backup and kho restore', () => {
  it('backs up while the archive is open and restores an identical archive, field by field', async () => {
    const file = path.join(out.dir, 'my backup.sqlite');
    const r = await runKho(['backup', file, '--data', t.dir]);
    expect(r.code, r.stderr).toBe(0);
    const size = statSync(file).size;
    expect(r.stdout).toContain(file);
    expect(r.stdout).toMatch(/\(\d+(\.\d)? (KB|MB)\)/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(out.dir).filter((n) => n.endsWith('.partial'))).toEqual([]);

    const target = path.join(out.dir, 'restored');
    const restored = await runKhoJson<{ path: string; articles: number }>([
      'restore',
      file,
      '--data',
      target,
    ]);
    expect(restored.articles).toBe(2);
    expect(restored.path).toBe(path.join(target, 'kho.sqlite'));
    expect(size).toBeGreaterThan(0);

    const before = await snapshotOf(t.archive);
    const again = await openArchive(target);
    try {
      const after = await snapshotOf(again);
      expect(after.articles).toHaveLength(2);
      // Field by field, so a difference names its field.
      for (const [i, a] of before.articles.entries()) {
        const b = after.articles[i]!;
        for (const key of Object.keys(a.detail) as Array<keyof typeof a.detail>) {
          expect(b.detail[key], `article ${a.detail.id} field ${key}`).toEqual(a.detail[key]);
        }
        expect(b.assets).toEqual(a.assets);
      }
      expect(before.articles[0]!.assets.length + before.articles[1]!.assets.length).toBe(1);
      expect(
        after.articles.map((a) => [a.detail.status, a.detail.favorite, a.detail.reading_progress]),
      ).toEqual(before.articles.map((a) => [a.detail.status, a.detail.favorite, a.detail.reading_progress]));
      expect(after.tags).toEqual(before.tags);
      expect(after.annotations).toEqual(before.annotations);
      expect(after.annotations.map((x) => [x.exact, x.note, x.color])).toEqual(
        expect.arrayContaining([
          ['Một bộ sưu tập riêng', 'một ghi chú', 'green'],
          ['Đến Huế', null, 'pink'],
        ]),
      );
    } finally {
      await again.close();
    }
  });

  it('refuses to overwrite a file unless --force, and says so', async () => {
    const file = path.join(out.dir, 'taken.sqlite');
    writeFileSync(file, 'mine');
    const r = await runKho(['backup', file, '--data', t.dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file} already exists; pick another name, or replace it with --force.`);
    expect(readFileSync(file, 'utf8')).toBe('mine');
    const forced = await runKhoJson<{ path: string; bytes: number }>([
      'backup',
      file,
      '--force',
      '--data',
      t.dir,
    ]);
    expect(forced.bytes).toBe(statSync(file).size);
    expect(readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('says what is wrong with a missing folder or a missing file name', async () => {
    const r = await runKho(['backup', path.join(out.dir, 'nope', 'b.sqlite'), '--data', t.dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('does not exist; create it first');
    const none = await runKho(['backup', '--data', t.dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Give the backup file.');
  });

  describe('restore refuses what it cannot restore faithfully', () => {
    let good: string;
    beforeAll(async () => {
      good = path.join(out.dir, 'good.sqlite');
      expect((await runKho(['backup', good, '--data', t.dir])).code).toBe(0);
    });

    it('a folder that is not empty, and a missing --data', async () => {
      const busy = path.join(out.dir, 'busy');
      mkdirSync(busy);
      writeFileSync(path.join(busy, 'kho.sqlite'), 'someone else');
      const r = await runKho(['restore', good, '--data', busy]);
      expect(r.stderr).toContain('is not empty; restore into an empty folder');
      expect(readFileSync(path.join(busy, 'kho.sqlite'), 'utf8')).toBe('someone else');
      const noData = await runKho(['restore', good]);
      expect(noData.code).toBe(2);
      expect(noData.stderr).toContain('--data <empty folder>');
    });

    it('a truncated backup', async () => {
      const cut = path.join(out.dir, 'cut.sqlite');
      const bytes = readFileSync(good);
      writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const r = await runKho(['restore', cut, '--data', path.join(out.dir, 'r-cut')]);
      expect(r.code).toBe(5);
      expect(r.stderr).toContain(
        `${cut} is cut off: it holds ${Math.floor(bytes.length / 2)} of its ${bytes.length} bytes`,
      );
      expect(existsSync(path.join(out.dir, 'r-cut'))).toBe(false);
    });

    it('a backup with flipped bits', async () => {
      const flipped = path.join(out.dir, 'flipped.sqlite');
      copyFileSync(good, flipped);
      const bytes = readFileSync(flipped);
      const pageSize = bytes.readUInt16BE(16);
      // Flip bits in the b-tree page headers of every page after the first: structure SQLite can check.
      for (let p = 1; p * pageSize < bytes.length; p++)
        bytes.writeUInt8(bytes.readUInt8(p * pageSize) ^ 0xff, p * pageSize);
      writeFileSync(flipped, bytes);
      const r = await runKho(['restore', flipped, '--data', path.join(out.dir, 'r-flip')]);
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/flipped\.sqlite is damaged \(.+\); use an older backup\./);
      expect(existsSync(path.join(out.dir, 'r-flip', 'kho.sqlite'))).toBe(false);
    });

    it('a file that is not a Kho backup', async () => {
      const text = path.join(out.dir, 'notes.txt');
      writeFileSync(text, 'just some notes, long enough to have a header of a hundred bytes? '.repeat(3));
      const r = await runKho(['restore', text, '--data', path.join(out.dir, 'r-text')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${text} is not a Kho backup (it is not an SQLite database).`);

      const other = path.join(out.dir, 'other.sqlite');
      const db = new Database(other);
      db.exec('CREATE TABLE things (x); INSERT INTO things VALUES (1);');
      db.close();
      const o = await runKho(['restore', other, '--data', path.join(out.dir, 'r-other')]);
      expect(o.stderr).toContain(`${other} is an SQLite database but not a Kho backup`);

      const empty = path.join(out.dir, 'empty.sqlite');
      writeFileSync(empty, '');
      const e = await runKho(['restore', empty, '--data', path.join(out.dir, 'r-empty')]);
      expect(e.code).toBe(5);
      expect(e.stderr).toContain('is empty: the backup was cut off');

      const missing = await runKho([
        'restore',
        path.join(out.dir, 'gone.sqlite'),
        '--data',
        path.join(out.dir, 'r-gone'),
      ]);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('There is no backup file at');
    });
  });
});
