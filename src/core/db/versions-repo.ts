import { createHash, randomUUID } from 'node:crypto';
import type { Db } from './connection.js';
import type { ArticleVersion } from '../../shared/schemas.js';
import { KhoError } from '../../shared/errors.js';
import type { ArticleContent } from '../capture/index.js';
import { nowIso } from '../time.js';
import type { AssetInput } from './assets-repo.js';

/** Where a highlight sat in one content: enough to put it back exactly when that content returns. */
export interface StoredAnchor {
  annotation_uuid: string;
  exact: string;
  prefix: string;
  suffix: string;
  start: number | null;
  end: number | null;
  status: 'anchored' | 'orphan';
}

export type VersionKind = 'previous' | 'offered';

/** A stored version with everything needed to make it current again. */
export interface VersionRow {
  id: number;
  uuid: string;
  article_id: number;
  kind: VersionKind;
  reason: string;
  created_at: string;
  captured_at: string;
  content_hash: string;
  url: string | null;
  canonical_url: string | null;
  title: string;
  byline: string | null;
  site_name: string | null;
  lang: string | null;
  excerpt: string | null;
  lead_image: string | null;
  published_at: string | null;
  word_count: number;
  content_html: string;
  content_text: string;
  source_html: string | null;
  source_kind: ArticleContent['sourceKind'];
  anchors: string;
}

export function contentHash(html: string): string {
  return createHash('sha256').update(html).digest('hex');
}

const SUMMARY = `id, uuid, article_id, kind, reason, created_at, captured_at, title, url, site_name, word_count,
  source_kind, json_array_length(anchors) AS highlight_count`;

type SummaryRow = Omit<ArticleVersion, 'site'> & { site_name: string | null };

function toVersion({ site_name, ...r }: SummaryRow): ArticleVersion {
  return { ...r, site: site_name };
}

/** The content an article no longer shows, or was offered: immutable rows (see migration 005). */
export class VersionsRepo {
  constructor(private readonly db: Db) {}

  /**
   * Keeps the article's current content as a 'previous' version (with its images and where its
   * highlights sit) before it is replaced. Returns false when an identical content is already kept.
   */
  keepCurrent(articleId: number, reason: string, anchors: StoredAnchor[]): boolean {
    const current = this.db
      .prepare<
        [number],
        Omit<VersionRow, 'id' | 'kind' | 'reason' | 'created_at' | 'content_hash' | 'anchors'>
      >(
        `SELECT content_uuid AS uuid, id AS article_id, updated_at AS captured_at, url, canonical_url, title, byline,
                site_name, lang, excerpt, lead_image, published_at, word_count, content_html, content_text,
                source_html, source_kind
           FROM articles WHERE id = ?`,
      )
      .get(articleId);
    if (!current) throw new KhoError('NOT_FOUND', `There is no article with id ${articleId}.`);
    const hash = contentHash(current.content_html);
    if (this.hasContent(articleId, hash)) return false;
    const id = this.insert({
      ...current,
      uuid: current.uuid ?? randomUUID(),
      kind: 'previous',
      reason,
      content_hash: hash,
      anchors: JSON.stringify(anchors),
    });
    this.db
      .prepare(
        `INSERT OR IGNORE INTO article_version_assets (version_id, asset_id, original_url)
           SELECT ?, asset_id, original_url FROM article_assets WHERE article_id = ?`,
      )
      .run(id, articleId);
    return true;
  }

  /**
   * Keeps content offered for an article without applying it. Returns false when the article shows
   * that content already or keeps it as a version.
   */
  offer(
    articleId: number,
    c: ArticleContent,
    reason: string,
    linkAssets: (versionId: number) => void,
  ): boolean {
    const hash = contentHash(c.contentHtml);
    const currentHash = this.db
      .prepare<[number], { content_html: string }>('SELECT content_html FROM articles WHERE id = ?')
      .get(articleId);
    if (!currentHash) throw new KhoError('NOT_FOUND', `There is no article with id ${articleId}.`);
    if (contentHash(currentHash.content_html) === hash || this.hasContent(articleId, hash)) return false;
    const now = nowIso();
    const id = this.insert({
      uuid: randomUUID(),
      article_id: articleId,
      kind: 'offered',
      reason,
      captured_at: now,
      content_hash: hash,
      url: c.url,
      canonical_url: c.canonicalUrl,
      title: c.title,
      byline: c.byline,
      site_name: c.siteName,
      lang: c.lang,
      excerpt: c.excerpt,
      lead_image: c.leadImage,
      published_at: c.publishedAt,
      word_count: c.wordCount,
      content_html: c.contentHtml,
      content_text: c.contentText,
      source_html: c.sourceHtml,
      source_kind: c.sourceKind,
      anchors: '[]',
    });
    linkAssets(id);
    return true;
  }

  /** Links already-stored assets to a version. */
  linkAssets(versionId: number, assets: Array<Pick<AssetInput, 'sha256' | 'originalUrl'>>): void {
    const stmt = this.db.prepare(
      `INSERT OR IGNORE INTO article_version_assets (version_id, asset_id, original_url)
         SELECT ?, id, ? FROM assets WHERE sha256 = ?`,
    );
    for (const a of assets) stmt.run(versionId, a.originalUrl, a.sha256);
  }

  private hasContent(articleId: number, hash: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM article_versions WHERE article_id = ? AND content_hash = ?')
        .get(articleId, hash) !== undefined
    );
  }

  private insert(v: Omit<VersionRow, 'id' | 'created_at'>): number {
    const info = this.db
      .prepare(
        `INSERT INTO article_versions (uuid, article_id, kind, reason, created_at, captured_at, content_hash, url,
           canonical_url, title, byline, site_name, lang, excerpt, lead_image, published_at, word_count, content_html,
           content_text, source_html, source_kind, anchors)
         VALUES (@uuid, @article_id, @kind, @reason, @now, @captured_at, @content_hash, @url, @canonical_url, @title,
           @byline, @site_name, @lang, @excerpt, @lead_image, @published_at, @word_count, @content_html,
           @content_text, @source_html, @source_kind, @anchors)`,
      )
      .run({ ...v, now: nowIso() });
    return Number(info.lastInsertRowid);
  }

  list(articleId: number): ArticleVersion[] {
    return this.db
      .prepare<[number], SummaryRow>(
        `SELECT ${SUMMARY} FROM article_versions WHERE article_id = ? ORDER BY created_at DESC, id DESC`,
      )
      .all(articleId)
      .map(toVersion);
  }

  summary(id: number): ArticleVersion {
    const row = this.db
      .prepare<[number], SummaryRow>(`SELECT ${SUMMARY} FROM article_versions WHERE id = ?`)
      .get(id);
    if (!row) throw new KhoError('NOT_FOUND', `There is no article version with id ${id}.`);
    return toVersion(row);
  }

  get(id: number): VersionRow {
    const row = this.db.prepare<[number], VersionRow>('SELECT * FROM article_versions WHERE id = ?').get(id);
    if (!row) throw new KhoError('NOT_FOUND', `There is no article version with id ${id}.`);
    return row;
  }

  /** The images of a version, as the asset links its content needs. */
  assetLinks(id: number): Array<{ asset_id: number; original_url: string | null }> {
    return this.db
      .prepare<[number], { asset_id: number; original_url: string | null }>(
        'SELECT asset_id, original_url FROM article_version_assets WHERE version_id = ?',
      )
      .all(id);
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM article_versions WHERE id = ?').run(id);
  }
}
