import type { Db } from './connection.js';
import { nowIso } from '../time.js';

export interface AssetInput {
  sha256: string;
  mime: string;
  bytes: Buffer;
  originalUrl: string;
}

/** Images stored once per content hash and linked to the articles that show them. */
export class AssetsRepo {
  constructor(private readonly db: Db) {}

  /** Links `assets` to the article, storing bytes only for hashes not yet in the archive. */
  link(articleId: number, assets: AssetInput[]): void {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO assets (sha256, mime, size, bytes, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const find = this.db.prepare<[string], { id: number }>('SELECT id FROM assets WHERE sha256 = ?');
    const linkStmt = this.db.prepare(
      'INSERT OR IGNORE INTO article_assets (article_id, asset_id, original_url) VALUES (?, ?, ?)',
    );
    const now = nowIso();
    for (const a of assets) {
      insert.run(a.sha256, a.mime, a.bytes.length, a.bytes, now);
      const row = find.get(a.sha256)!;
      linkStmt.run(articleId, row.id, a.originalUrl);
    }
  }

  /** Drops the article's links (before linking a refreshed version) and the images nobody uses any more. */
  unlinkAll(articleId: number): void {
    this.db.prepare('DELETE FROM article_assets WHERE article_id = ?').run(articleId);
    this.db.prepare('DELETE FROM assets WHERE id NOT IN (SELECT asset_id FROM article_assets)').run();
  }

  get(sha256: string): { mime: string; bytes: Buffer } | null {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    return (
      this.db
        .prepare<[string], { mime: string; bytes: Buffer }>('SELECT mime, bytes FROM assets WHERE sha256 = ?')
        .get(sha256) ?? null
    );
  }
}
