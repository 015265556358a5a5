import type { ArchiveContext, AreaHandlers } from './context.js';

/** Queries and rebuilding the index; the engine itself lives in src/core/search. */
export function searchHandlers({ search, jobs }: ArchiveContext): AreaHandlers<'search'> {
  return {
    'search.query': async ({ query, limit, offset }) => {
      const r = await search.search(query, { limit, offset });
      return {
        query: r.query,
        total: r.total,
        took_ms: r.tookMs,
        hits: r.hits.map((h) => ({
          id: h.id,
          title: h.title,
          url: h.url,
          site: h.site,
          lang: h.lang,
          score: h.score,
          snippet: h.snippet,
          highlights: h.highlights,
          title_highlights: h.titleHighlights,
          saved_at: h.savedAt,
          published_at: h.publishedAt,
          status: h.status,
          favorite: h.favorite,
          tags: h.tags,
        })),
      };
    },
    'search.reindex': ({ job_id }) =>
      jobs.run(job_id, 'reindex', async (job) => {
        await search.reindex((done, total) => job.progress('indexing', done, total), job.signal);
        return { docs: (await search.stats()).docs };
      }),
  };
}
