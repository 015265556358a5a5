import type { CaptureResult } from '../capture/index.js';
import { reanchorAll } from '../annotations/reanchor.js';
import type { ArchiveContext } from './context.js';
import { markContentArrived } from '../queue/queue-repo.js';
import type { ChangeArea } from '../../shared/event-names.js';

/** What saving captures changes: articles, and tags when the save attaches some. */
export function changedBySaving(tagNames: readonly string[]): ChangeArea[] {
  return tagNames.length > 0 ? ['articles', 'tags'] : ['articles'];
}

/**
 * Stores a capture inside the caller's transaction: a new article, or — same canonical URL — a refresh of
 * the one already saved (tags and highlights kept, highlights re-anchored).
 */
export function saveCaptureInTransaction(
  ctx: ArchiveContext,
  result: CaptureResult,
  tagNames: string[],
): { id: number; created: boolean } {
  const { articles, assets, tags } = ctx;
  const existing = result.canonicalUrl ? articles.findByCanonicalUrl(result.canonicalUrl) : undefined;
  let id: number;
  if (existing !== undefined) {
    id = existing;
    storeNewContent(ctx, id, result);
    articles.restore([id]);
  } else {
    id = articles.insert(result);
    assets.link(id, result.assets);
  }
  if (tagNames.length > 0)
    tags.attach(
      [id],
      tags.ensure(tagNames).map((t) => t.id),
    );
  return { id, created: existing === undefined };
}

/** Replaces an article's content and re-anchors every highlight; runs inside the caller's transaction. */
export function storeNewContent(
  { db, articles, assets, annotations }: ArchiveContext,
  id: number,
  result: CaptureResult,
): { anchored: number; orphaned: number } {
  articles.replaceContent(id, result);
  markContentArrived(db, id);
  assets.unlinkAll(id);
  assets.link(id, result.assets);
  const current = annotations.list(id);
  const outcomes = reanchorAll(result.contentText, current.map(toAnchorInput));
  let anchored = 0;
  let orphaned = 0;
  for (const o of outcomes) {
    const before = current.find((a) => a.id === o.id)!;
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

function toAnchorInput(a: {
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
