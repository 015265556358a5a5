import Database from 'better-sqlite3';
import { migrations } from '../../src/core/db/migrations/index.js';

/** The one copy of the corpus, also read by the bench. */
export { corpusLines } from '../../src/bench/corpus.js';

/** Opens (creating) an archive database with the real migrations, like the lead's openDatabase(). */
export function openTestDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db;
}

export interface NewArticle {
  title: string;
  text: string;
  lang?: string | null;
  url?: string | null;
  site?: string | null;
  savedAt?: string;
  publishedAt?: string | null;
  status?: 'unread' | 'archived';
  favorite?: boolean;
}

export function insertArticle(db: Database.Database, a: NewArticle): number {
  const now = a.savedAt ?? new Date().toISOString();
  const info = db
    .prepare(
      `INSERT INTO articles (url, title, site_name, lang, published_at, saved_at, updated_at, status, favorite,
         word_count, content_html, content_text, source_kind)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'text')`,
    )
    .run(
      a.url ?? null,
      a.title,
      a.site ?? null,
      a.lang === undefined ? 'vi' : a.lang,
      a.publishedAt ?? null,
      now,
      now,
      a.status ?? 'unread',
      a.favorite ? 1 : 0,
      a.text.split(/\s+/).length,
      `<p>${a.text}</p>`,
      a.text,
    );
  return Number(info.lastInsertRowid);
}

export function addTag(db: Database.Database, articleId: number, name: string): void {
  const key = name.toLowerCase();
  db.prepare('INSERT INTO tags (name, key, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING').run(
    name,
    key,
    new Date().toISOString(),
  );
  const tagId = db.prepare('SELECT id FROM tags WHERE key = ?').pluck().get(key) as number;
  db.prepare('INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)').run(articleId, tagId);
}

export function addAnnotation(
  db: Database.Database,
  articleId: number,
  exact: string,
  note: string | null,
): void {
  const now = new Date().toISOString();
  db.prepare(
    'INSERT INTO annotations (article_id, exact, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  ).run(articleId, exact, note, now, now);
}

/** Mulberry32: a small deterministic PRNG for test corpora. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
