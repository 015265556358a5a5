import { schemaVersion } from '../db/connection.js';
import { KHO_VERSION } from '../version.js';
import type { ArchiveContext, AreaHandlers } from './context.js';

/** The archive as a whole: its info and change token, long-running jobs, preferences. */
export function appHandlers({
  dataDir,
  db,
  articles,
  jobs,
  settings,
  write,
}: ArchiveContext): AreaHandlers<'app' | 'jobs' | 'settings'> {
  const changeToken = db.prepare(
    `SELECT (SELECT value FROM search_state WHERE key = 'gen') AS gen, count(*) AS n,
            coalesce(max(changed_at), 0) AS t, total(seq) AS s FROM search_dirty`,
  );
  return {
    'app.info': async () => ({
      version: KHO_VERSION,
      data_dir: dataDir,
      schema_version: schemaVersion(db),
      article_count: articles.count(),
    }),

    // The search triggers already record every change that lists and counts show (not reading progress):
    // pending rows in search_dirty, then a new index generation once they are indexed.
    'app.changes': async () => {
      const r = changeToken.get() as { gen: number; n: number; t: number; s: number };
      return { token: `${r.gen}.${r.n}.${r.t}.${r.s}` };
    },

    'jobs.get': async ({ job_id }) => jobs.get(job_id),
    'jobs.cancel': async ({ job_id }) => ({ cancelled: jobs.cancel(job_id) }),

    'settings.get': async () => ({ values: settings.all() }),
    'settings.set': async ({ key, value }) => {
      write({ areas: ['settings'] }, () => settings.set(key, value));
      return { values: settings.all() };
    },
  };
}
