import type { ArchiveContext, AreaHandlers } from './context.js';

/** Queries and rebuilding the index; the engine itself lives in src/core/search. */
export function searchHandlers({ search, jobs }: ArchiveContext): AreaHandlers<'search'> {
  return {
    'search.query': ({ query, ...opts }) => search.search(query, opts),
    'search.reindex': ({ job_id }) =>
      jobs.run(job_id, 'reindex', async (job) => {
        await search.reindex((done, total) => job.progress('indexing', done, total), job.signal);
        return { docs: (await search.stats()).docs };
      }),
  };
}
