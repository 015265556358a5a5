import type { Annotation } from '../../shared/schemas.js';
import type { StoredAnnotation } from '../db/annotations-repo.js';
import { reanchorAll, type ReanchorOutcome } from '../annotations/reanchor.js';
import type { ArticleContent, CaptureResult } from '../capture/index.js';
import { contentHash, type StoredAnchor } from '../db/versions-repo.js';
import type { ArchiveContext } from './context.js';
import { markContentArrived } from '../queue/queue-repo.js';
import type { ChangeArea } from '../../shared/event-names.js';

/** What saving captures changes: articles, and tags when the save attaches some. */
export function changedBySaving(tagNames: readonly string[]): ChangeArea[] {
  return tagNames.length > 0 ? ['articles', 'tags'] : ['articles'];
}

/**
 * Storing captured content. Each store is split in two so write transactions stay short (other
 * processes queue for the write lock behind them):
 * - `prepare…` runs outside any transaction: it finds the article a capture refreshes and re-anchors
 *   that article's highlights against the new text (the slow part: fuzzy matching);
 * - `…InTransaction` runs inside the caller's transaction and only writes. When the article or its
 *   highlights changed since `prepare…` (another process wrote in between), re-anchoring is redone
 *   there, so the result is always correct, just slower in that rare case.
 *
 * Nothing replaced is lost: an article's current content is kept as a version (with its images and
 * where its highlights sat) before new content takes its place, and content whose address comes from
 * the document itself (an MHTML header) never replaces an article on its own: it is offered as a
 * version the user can restore.
 */

export type SaveReason = 'refresh' | 'replace' | 'import' | 'save' | 'restore';

interface ReanchorPlan {
  /** Which content and highlights the outcomes were computed from. */
  fingerprint: string;
  outcomes: ReanchorOutcome[];
}

export interface PreparedSave {
  result: CaptureResult;
  /** The article this capture refreshes (same canonical URL), if any, with its re-anchoring plan. */
  existing: { id: number; plan: ReanchorPlan; unchanged: boolean } | null;
}

export interface SaveOutcome {
  id: number;
  created: boolean;
  /** Kept as an offered version instead of replacing the article. */
  offered: boolean;
}

function fingerprint(ctx: ArchiveContext, id: number, annotations: Annotation[]): string {
  const { content_uuid, updated_at } = ctx.articles.currentContent(id);
  return JSON.stringify([content_uuid, updated_at, annotations.map((a) => [a.id, a.updated_at])]);
}

function planReanchor(ctx: ArchiveContext, id: number, newText: string): ReanchorPlan {
  const current = ctx.annotations.list(id);
  return {
    fingerprint: fingerprint(ctx, id, current),
    outcomes: reanchorAll(newText, current.map(toAnchorInput)),
  };
}

/** Outside a transaction: the article `result` would refresh, and its highlights re-anchored. */
export function prepareSave(ctx: ArchiveContext, result: CaptureResult): PreparedSave {
  const id = result.canonicalUrl ? ctx.articles.findByCanonicalUrl(result.canonicalUrl) : undefined;
  if (id === undefined) return { result, existing: null };
  const unchanged =
    contentHash(ctx.articles.currentContent(id).content_html) === contentHash(result.contentHtml);
  // Offered content does not touch the article, so its highlights need no re-anchoring.
  const plan =
    result.addressFromDocument || unchanged
      ? { fingerprint: '', outcomes: [] }
      : planReanchor(ctx, id, result.contentText);
  return { result, existing: { id, plan, unchanged } };
}

/** Outside a transaction: re-anchoring for new content of article `id` (refresh, replace). */
export function prepareReplace(ctx: ArchiveContext, id: number, result: CaptureResult): PreparedSave {
  return { result, existing: { id, plan: planReanchor(ctx, id, result.contentText), unchanged: false } };
}

/**
 * Inside the caller's transaction: a new article, a refresh of the one already saved at the same address
 * (tags and highlights kept, the old content kept as a version), or an offered version.
 */
export function saveCaptureInTransaction(
  ctx: ArchiveContext,
  prepared: PreparedSave,
  tagNames: string[],
  reason: SaveReason,
): SaveOutcome {
  const { articles, assets, tags, versions } = ctx;
  const { result } = prepared;
  // Another process, or an earlier file of the same import, may have saved this address since prepare.
  const nowAt = result.canonicalUrl ? articles.findByCanonicalUrl(result.canonicalUrl) : undefined;
  const existing = nowAt === prepared.existing?.id ? prepared.existing : prepareSave(ctx, result).existing;
  let id: number;
  let offered = false;
  if (!existing) {
    id = articles.insert(result);
    assets.link(id, result.assets);
  } else if (result.addressFromDocument) {
    // The article itself does not change; its new content waits as a version for the user to choose.
    id = existing.id;
    offered = versions.offer(id, result, 'file', (versionId) => {
      assets.store(result.assets);
      versions.linkAssets(versionId, result.assets);
    });
    assets.deleteUnused();
  } else {
    id = existing.id;
    if (!existing.unchanged) replaceContentInTransaction(ctx, { result, existing }, reason);
    else markContentArrived(ctx.db, id);
    articles.restore([id]);
  }
  if (tagNames.length > 0)
    tags.attach(
      [id],
      tags.ensure(tagNames).map((t) => t.id),
    );
  return { id, created: !existing, offered };
}

/**
 * Inside the caller's transaction: replaces an article's content, keeping the old one as a version, and
 * applies the prepared re-anchoring (redone here if the article changed since it was prepared).
 */
export function replaceContentInTransaction(
  ctx: ArchiveContext,
  prepared: PreparedSave,
  reason: SaveReason,
  contentUuid?: string,
): { anchored: number; orphaned: number } {
  const { articles, assets, annotations, versions } = ctx;
  const id = prepared.existing!.id;
  const result: ArticleContent & { assets: CaptureResult['assets'] } = prepared.result;
  const current = annotations.list(id);
  if (contentHash(articles.currentContent(id).content_html) === contentHash(result.contentHtml)) {
    // Same content: nothing to keep aside, nothing moves.
    const anchored = current.filter((a) => a.status === 'anchored').length;
    return { anchored, orphaned: current.length - anchored };
  }
  const plan =
    fingerprint(ctx, id, current) === prepared.existing!.plan.fingerprint
      ? prepared.existing!.plan
      : planReanchor(ctx, id, result.contentText);
  // An article still waiting for its page (imported with only an address) has nothing worth keeping.
  if (articles.currentContent(id).content_html.trim() !== '')
    versions.keepCurrent(id, reason, current.map(toStoredAnchor));
  articles.replaceContent(id, result, contentUuid);
  // Content arrived: a background fetch still pending for this article is moot.
  markContentArrived(ctx.db, id);
  assets.unlinkAll(id);
  assets.link(id, result.assets);
  return applyOutcomes(ctx, current, plan.outcomes);
}

/**
 * Inside the caller's transaction, for callers that already hold it (imports, the fetch queue): new
 * content for article `id`, re-anchoring included. Slower than prepare + replace, as the fuzzy matching
 * runs while the write lock is held, so only for content that arrives inside a write anyway.
 */
export function storeNewContent(
  ctx: ArchiveContext,
  id: number,
  result: CaptureResult,
  reason: SaveReason = 'import',
): { anchored: number; orphaned: number } {
  return replaceContentInTransaction(ctx, prepareReplace(ctx, id, result), reason);
}

/** Stores re-anchoring outcomes: found highlights move, the rest become orphans (never deleted). */
export function applyOutcomes(
  { annotations }: ArchiveContext,
  current: Annotation[],
  outcomes: ReanchorOutcome[],
): { anchored: number; orphaned: number } {
  let anchored = 0;
  let orphaned = 0;
  for (const o of outcomes) {
    const before = current.find((a) => a.id === o.id);
    if (!before) continue;
    if (o.status === 'anchored') {
      anchored++;
      annotations.setSelectors(o.id, { ...o, status: 'anchored' });
    } else {
      orphaned++;
      annotations.setSelectors(o.id, {
        exact: before.exact,
        prefix: before.prefix,
        suffix: before.suffix,
        start: null,
        end: null,
        status: 'orphan',
      });
    }
  }
  return { anchored, orphaned };
}

export function toStoredAnchor(a: StoredAnnotation): StoredAnchor {
  return {
    annotation_uuid: a.uuid,
    exact: a.exact,
    prefix: a.prefix,
    suffix: a.suffix,
    start: a.start,
    end: a.end,
    status: a.status,
  };
}

export function toAnchorInput(a: {
  id: number;
  exact: string;
  prefix: string;
  suffix: string;
  start: number | null;
  end: number | null;
}) {
  return {
    id: a.id,
    exact: a.exact,
    prefix: a.prefix,
    suffix: a.suffix,
    ...(a.start !== null ? { start: a.start } : {}),
    ...(a.end !== null ? { end: a.end } : {}),
  };
}
