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

  /** Stores bytes for hashes not yet in the archive; returns each asset's id, in order. */
  store(assets: AssetInput[]): number[] {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO assets (sha256, mime, size, bytes, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const find = this.db.prepare<[string], { id: number }>('SELECT id FROM assets WHERE sha256 = ?');
    const now = nowIso();
    return assets.map((a) => {
      insert.run(a.sha256, a.mime, a.bytes.length, a.bytes, now);
      return find.get(a.sha256)!.id;
    });
  }

  /** Links `assets` to the article, storing bytes only for hashes not yet in the archive. */
  link(articleId: number, assets: AssetInput[]): void {
    const ids = this.store(assets);
    this.linkIds(
      articleId,
      assets.map((a, i) => ({ asset_id: ids[i]!, original_url: a.originalUrl })),
    );
  }

  /** Links assets already stored (by id) to the article: a restored version's images. */
  linkIds(articleId: number, links: Array<{ asset_id: number; original_url: string | null }>): void {
    const stmt = this.db.prepare(
      'INSERT OR IGNORE INTO article_assets (article_id, asset_id, original_url) VALUES (?, ?, ?)',
    );
    for (const l of links) stmt.run(articleId, l.asset_id, l.original_url);
  }

  /** Drops the article's links (before linking a refreshed version) and the images nobody uses any more. */
  unlinkAll(articleId: number): void {
    this.unlink(articleId);
    this.deleteUnused();
  }

  /** Drops the article's links only; the caller deletes unused images once the new links are in. */
  unlink(articleId: number): void {
    this.db.prepare('DELETE FROM article_assets WHERE article_id = ?').run(articleId);
  }

  /** Deletes images no article and no kept version shows. */
  deleteUnused(): void {
    this.db
      .prepare(
        `DELETE FROM assets WHERE id NOT IN (SELECT asset_id FROM article_assets)
           AND id NOT IN (SELECT asset_id FROM article_version_assets)`,
      )
      .run();
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
