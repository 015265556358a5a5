import { KhoError } from '../../shared/errors.js';
import type { ArticleSummary } from '../../shared/schemas.js';
import type { ArticlesRepo } from '../db/articles-repo.js';
import type { TagsRepo } from '../db/tags-repo.js';
import type { SearchEngine } from '../search/index.js';

/** Which articles an export covers. Every filter given applies; with none, every article outside the trash. */
export interface Selection {
  article_ids?: number[] | undefined;
  tag?: string | undefined;
  query?: string | undefined;
}

export interface SelectionSources {
  articles: ArticlesRepo;
  tags: TagsRepo;
  search: SearchEngine;
}

/** Page sizes: the engine answers at most 1000 hits per call; a query export pages through all of them. */
export interface Paging {
  search: number;
  list: number;
}
const PAGING: Paging = { search: 1000, list: 5000 };

async function searchIds(search: SearchEngine, query: string, pageSize: number): Promise<number[]> {
  // What was saved a moment ago must be in the export, so let the index catch up first.
  await search.flush();
  const ids: number[] = [];
  for (let offset = 0; ; offset += pageSize) {
    // Exactly what the query names: an export never includes articles found through a corrected word.
    const page = await search.search(query, { limit: pageSize, offset, correct: false });
    ids.push(...page.hits.map((h) => h.id));
    if (page.hits.length < pageSize || ids.length >= page.total) return ids;
  }
}

function listIds(articles: ArticlesRepo, tag: string | undefined, pageSize: number): number[] {
  const ids: number[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = articles.list({
      view: 'all',
      sort: 'saved',
      limit: pageSize,
      offset,
      ...(tag ? { tag } : {}),
    });
    ids.push(...page.items.map((a) => a.id));
    if (page.items.length < pageSize) return ids;
  }
}

function describe(sel: Selection): string {
  const parts: string[] = [];
  if (sel.article_ids) parts.push('among the ones asked for');
  if (sel.tag !== undefined) parts.push(`tagged "${sel.tag}"`);
  if (sel.query !== undefined) parts.push(`matching "${sel.query}"`);
  return parts.length ? parts.join(', ') : 'in the archive';
}

/**
 * The articles to export, in a meaningful order: the ids' own order when given, else search rank for a
 * query, else newest saved first. Articles in the trash come only when named by id.
 */
export async function selectArticles(
  src: SelectionSources,
  sel: Selection,
  paging: Paging = PAGING,
): Promise<ArticleSummary[]> {
  let ids: number[] | null = null;
  const keep = (more: number[]): number[] => {
    if (ids === null) return more;
    const set = new Set(more);
    return ids.filter((id) => set.has(id));
  };
  if (sel.article_ids) {
    src.articles.requireIds(sel.article_ids);
    ids = [...new Set(sel.article_ids)];
  }
  if (sel.query !== undefined) ids = keep(await searchIds(src.search, sel.query, paging.search));
  if (sel.tag !== undefined) {
    src.tags.require(sel.tag);
    ids = keep(listIds(src.articles, sel.tag, paging.list));
  }
  const chosen = src.articles.summaries(ids ?? listIds(src.articles, undefined, paging.list));
  const result = sel.article_ids ? chosen : chosen.filter((a) => a.deleted_at === null);
  if (result.length === 0) {
    throw new KhoError('NOT_FOUND', `Nothing to export: no article ${describe(sel)}.`);
  }
  return result;
}
