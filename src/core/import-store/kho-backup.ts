import Database from 'better-sqlite3';
import { rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KhoError } from '../../shared/errors.js';
import { anchor } from '../annotations/anchor.js';
import { describeRange } from '../annotations/describe.js';
import { checkBackupFile } from '../backup/snapshot.js';
import type { ArchiveContext } from '../handlers/context.js';
import type { JobHandle } from '../jobs.js';
import { nowIso } from '../time.js';
import { quoteKey } from './highlights-article.js';
import type { ImportReport } from './run-import.js';

/**
 * Importing a Kho backup into the open archive: its articles (outside the trash) with their tags,
 * highlights, reading state and images. An article already here (same canonical URL; one without an
 * address by title and text) is not added again: it gains the tags and highlights it lacks. New articles
 * are copied as they are — content, images, highlights in place — so nothing is fetched or re-extracted.
 * Batches of 200 articles, each one transaction, as every import.
 */

const BATCH = 200;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The first bytes of a file say whether it is an SQLite database (every Kho backup is one). */
export function looksLikeSqlite(start: Buffer): boolean {
  return start.length >= 16 && start.subarray(0, 16).equals(SQLITE_MAGIC);
}

interface SourceArticle {
  id: number;
  canonical_url: string | null;
  title: string;
  content_text: string;
  [column: string]: unknown;
}

interface SourceAnnotation {
  exact: string;
  prefix: string;
  suffix: string;
  start: number | null;
  end: number | null;
  status: string;
  color: string;
  note: string | null;
  tags: string;
  created_at: string;
  updated_at: string;
  uuid?: string | null;
}

function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
}

/** Imports the backup held in `bytes` (the app's upload): written to a private temporary file first. */
export async function importKhoBackupBytes(
  ctx: ArchiveContext,
  name: string,
  bytes: Buffer,
  opts: { tags: readonly string[]; job: JobHandle },
): Promise<ImportReport> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kho-import-'));
  const file = path.join(dir, 'backup.sqlite');
  try {
    writeFileSync(file, bytes, { mode: 0o600 });
    return await importKhoBackup(ctx, file, { ...opts, label: name });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function importKhoBackup(
  ctx: ArchiveContext,
  file: string,
  opts: { tags: readonly string[]; job: JobHandle; label?: string },
): Promise<ImportReport> {
  ctx.health.assertWritable();
  const label = opts.label ?? file;
  let facts;
  try {
    facts = checkBackupFile(file);
  } catch (err) {
    // The temporary copy's name means nothing to the user: name the file they gave.
    if (KhoError.is(err) && opts.label) throw new KhoError(err.code, err.message.split(file).join(label));
    throw err;
  }
  const src = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return await merge(ctx, src, facts.schemaVersion, opts);
  } finally {
    src.close();
  }
}

async function merge(
  ctx: ArchiveContext,
  src: Database.Database,
  schemaVersion: number,
  opts: { tags: readonly string[]; job: JobHandle },
): Promise<ImportReport> {
  const { db } = ctx;
  const { job } = opts;
  // Only the columns both schemas have: an older backup lacks later ones (the archive fills their defaults).
  const here = new Set(columns(db, 'articles'));
  const articleCols = columns(src, 'articles').filter((c) => c !== 'id' && here.has(c));
  const hereAnn = new Set(columns(db, 'annotations'));
  const srcAnnCols = columns(src, 'annotations').filter(
    (c) => c !== 'id' && c !== 'article_id' && hereAnn.has(c),
  );

  const ids = src
    .prepare('SELECT id FROM articles WHERE deleted_at IS NULL ORDER BY id')
    .pluck()
    .all() as number[];
  const getArticle = src.prepare(`SELECT id, ${articleCols.join(', ')} FROM articles WHERE id = ?`);
  const getTags = src
    .prepare('SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = ?')
    .pluck();
  const getAnnotations = src.prepare(
    `SELECT ${srcAnnCols.join(', ')} FROM annotations WHERE article_id = ? ORDER BY id`,
  );
  const getAssets = src.prepare(
    `SELECT a.sha256, a.mime, a.size, a.bytes, a.created_at, aa.original_url
       FROM article_assets aa JOIN assets a ON a.id = aa.asset_id WHERE aa.article_id = ?`,
  );

  const byCanonical = db.prepare('SELECT id, content_text FROM articles WHERE canonical_url = ?');
  const byText = db.prepare(
    'SELECT id, content_text FROM articles WHERE canonical_url IS NULL AND title = ? AND content_text = ? LIMIT 1',
  );
  const uuidTaken = db.prepare('SELECT 1 FROM articles WHERE uuid = ? OR content_uuid = ?').pluck();
  const annUuidTaken = db.prepare('SELECT 1 FROM annotations WHERE uuid = ?').pluck();
  const insertArticle = db.prepare(
    `INSERT INTO articles (${articleCols.join(', ')}) VALUES (${articleCols.map((c) => `@${c}`).join(', ')})`,
  );
  const annCols = ['article_id', ...srcAnnCols];
  const insertAnnotation = db.prepare(
    `INSERT INTO annotations (${annCols.map((c) => `"${c}"`).join(', ')}) VALUES (${annCols.map((c) => `@${c}`).join(', ')})`,
  );
  const findAsset = db.prepare('SELECT id FROM assets WHERE sha256 = ?').pluck();
  const insertAsset = db.prepare(
    'INSERT INTO assets (sha256, mime, size, bytes, created_at) VALUES (@sha256, @mime, @size, @bytes, @created_at)',
  );
  const linkAsset = db.prepare(
    'INSERT OR IGNORE INTO article_assets (article_id, asset_id, original_url) VALUES (?, ?, ?)',
  );
  const attachTag = db.prepare('INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)');
  const knownQuotes = db.prepare('SELECT exact FROM annotations WHERE article_id = ?').pluck();

  const tally = { imported: 0, skipped_existing: 0, highlights_added: 0, highlights_orphaned: 0 };

  const storeOne = (srcId: number): void => {
    const a = getArticle.get(srcId) as SourceArticle;
    const found = (
      a.canonical_url ? byCanonical.get(a.canonical_url) : byText.get(a.title, a.content_text)
    ) as { id: number; content_text: string } | undefined;
    const annotations = getAnnotations.all(srcId) as SourceAnnotation[];
    let id: number;
    if (found) {
      id = found.id;
      tally.skipped_existing++;
      const known = new Set((knownQuotes.all(id) as string[]).map(quoteKey));
      for (const h of annotations) {
        if (known.has(quoteKey(h.exact))) continue;
        known.add(quoteKey(h.exact));
        // The same text here: the highlight keeps its place; else it is anchored anew from its quote.
        const place = found.content_text === a.content_text ? h : placeIn(found.content_text, h);
        insertAnnotation.run({
          ...h,
          ...place,
          article_id: id,
          ...(srcAnnCols.includes('uuid')
            ? { uuid: h.uuid && !annUuidTaken.get(h.uuid) ? h.uuid : null }
            : {}),
        });
        tally.highlights_added++;
        if (place.status === 'orphan') tally.highlights_orphaned++;
      }
    } else {
      const row: Record<string, unknown> = {};
      for (const c of articleCols) row[c] = a[c];
      for (const c of ['uuid', 'content_uuid']) {
        const v = row[c];
        if (typeof v === 'string' && uuidTaken.get(v, v)) row[c] = null;
      }
      id = Number(insertArticle.run(row).lastInsertRowid);
      tally.imported++;
      for (const asset of getAssets.all(srcId) as Array<Record<string, unknown>>) {
        const assetId =
          (findAsset.get(asset.sha256) as number | undefined) ??
          Number(insertAsset.run(asset).lastInsertRowid);
        linkAsset.run(id, assetId, asset.original_url ?? null);
      }
      for (const h of annotations) {
        insertAnnotation.run({
          ...h,
          article_id: id,
          ...(srcAnnCols.includes('uuid')
            ? { uuid: h.uuid && !annUuidTaken.get(h.uuid) ? h.uuid : null }
            : {}),
        });
        tally.highlights_added++;
        if (h.status === 'orphan') tally.highlights_orphaned++;
      }
    }
    const names = [...(getTags.all(srcId) as string[]), ...opts.tags];
    if (names.length) for (const t of ctx.tags.ensure(names)) attachTag.run(id, t.id);
  };

  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    ctx.write({ areas: ['articles', 'tags', 'annotations'] }, () => batch.forEach(storeOne));
    job.progress('importing', Math.min(ids.length, start + BATCH), ids.length);
    await new Promise((resolve) => setImmediate(resolve));
    if (job.signal.aborted && start + BATCH < ids.length) {
      throw new KhoError(
        'CANCELLED',
        `Import cancelled after ${start + BATCH} of ${ids.length} articles; those stay saved, and importing the backup again adds the rest.`,
      );
    }
  }
  return {
    format: 'kho',
    variant: `Kho backup (schema ${schemaVersion})`,
    entries: ids.length,
    imported: tally.imported,
    skipped_existing: tally.skipped_existing,
    queued: 0,
    images_queued: 0,
    highlights_added: tally.highlights_added,
    highlights_orphaned: tally.highlights_orphaned,
    problems: [],
  };
}

/** A highlight placed from its quote in another text: anchored, or kept as an orphan with its quote. */
function placeIn(
  text: string,
  h: SourceAnnotation,
): Pick<SourceAnnotation, 'exact' | 'prefix' | 'suffix' | 'start' | 'end' | 'status' | 'updated_at'> {
  const found = text
    ? anchor(text, { exact: h.exact, prefix: h.prefix || null, suffix: h.suffix || null })
    : null;
  if (found)
    return { ...describeRange(text, found.start, found.end), status: 'anchored', updated_at: nowIso() };
  return {
    exact: h.exact,
    prefix: h.prefix,
    suffix: h.suffix,
    start: null,
    end: null,
    status: 'orphan',
    updated_at: nowIso(),
  };
}
