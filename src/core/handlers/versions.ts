import type { KhoHandlers } from '../../shared/contract.js';
import type { ArticleContent } from '../capture/index.js';
import { reanchorAll } from '../annotations/reanchor.js';
import type { StoredAnnotation } from '../db/annotations-repo.js';
import type { StoredAnchor, VersionRow } from '../db/versions-repo.js';
import type { ArchiveContext } from './context.js';
import { applyOutcomes, toAnchorInput, toStoredAnchor } from './store-capture.js';

type VersionOps = 'articles.versions' | 'articles.version' | 'articles.restoreVersion';

function contentOf(v: VersionRow): ArticleContent {
  return {
    url: v.url,
    canonicalUrl: v.canonical_url,
    title: v.title,
    byline: v.byline,
    siteName: v.site_name,
    lang: v.lang,
    publishedAt: v.published_at,
    excerpt: v.excerpt,
    leadImage: v.lead_image,
    contentHtml: v.content_html,
    contentText: v.content_text,
    wordCount: v.word_count,
    sourceHtml: v.source_html,
    sourceKind: v.source_kind,
  };
}

/**
 * Where each highlight goes in a restored version: exactly where it sat in that content when it was
 * current (its stored anchor), else found again by re-anchoring (highlights made since).
 */
function placeHighlights(current: StoredAnnotation[], v: VersionRow) {
  const stored = new Map((JSON.parse(v.anchors) as StoredAnchor[]).map((s) => [s.annotation_uuid, s]));
  const known = current.filter((a) => stored.has(a.uuid));
  const others = current.filter((a) => !stored.has(a.uuid));
  return [
    ...known.map((a) => {
      const s = stored.get(a.uuid)!;
      return s.status === 'anchored' && s.start !== null && s.end !== null
        ? {
            id: a.id,
            status: 'anchored' as const,
            start: s.start,
            end: s.end,
            exact: s.exact,
            prefix: s.prefix,
            suffix: s.suffix,
            method: 'exact' as const,
            score: 1,
          }
        : { id: a.id, status: 'orphan' as const };
    }),
    ...reanchorAll(v.content_text, others.map(toAnchorInput)),
  ];
}

/** An article's earlier and offered contents: listing, viewing, restoring. */
export function versionHandlers(ctx: ArchiveContext): Pick<KhoHandlers, VersionOps> {
  const { articles, annotations, assets, versions, write, health } = ctx;
  return {
    'articles.versions': async ({ id }) => {
      articles.requireIds([id]);
      return { article_id: id, items: versions.list(id) };
    },
    'articles.version': async ({ id }) => {
      const v = versions.get(id);
      return { ...versions.summary(id), content_html: v.content_html, content_text: v.content_text };
    },
    'articles.restoreVersion': async ({ id }) => {
      health.assertWritable();
      const v = versions.get(id);
      // Placing highlights is done before the transaction; redone inside only if they changed meanwhile.
      const before = annotations.list(v.article_id);
      const planned = placeHighlights(before, v);
      const report = write({ areas: ['articles', 'annotations'], ids: [v.article_id] }, () => {
        const current = annotations.list(v.article_id);
        const same =
          current.length === before.length &&
          current.every((a, i) => a.id === before[i]!.id && a.updated_at === before[i]!.updated_at);
        const outcomes = same ? planned : placeHighlights(current, v);
        const links = versions.assetLinks(v.id);
        versions.keepCurrent(v.article_id, 'restore', current.map(toStoredAnchor));
        articles.replaceContent(v.article_id, contentOf(v), v.uuid);
        assets.unlink(v.article_id);
        assets.linkIds(v.article_id, links);
        // The version's content is current again, with its own stable id: the row it was kept in goes.
        versions.delete(v.id);
        assets.deleteUnused();
        articles.restore([v.article_id]);
        return applyOutcomes(ctx, current, outcomes);
      });
      return { article: articles.summary(v.article_id), annotations: report };
    },
  };
}
