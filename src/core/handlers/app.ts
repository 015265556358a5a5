import { schemaVersion } from '../db/connection.js';
import { KHO_VERSION } from '../version.js';
import { KhoError } from '../../shared/errors.js';
import { isConnectorSettingKey } from '../connector-pairing.js';
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
  // Pairing state (token hashes, codes) lives beside the preferences but is not one of them.
  const preferences = (): Record<string, unknown> =>
    Object.fromEntries(Object.entries(settings.all()).filter(([key]) => !isConnectorSettingKey(key)));
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

    'settings.get': async () => ({ values: preferences() }),
    'settings.set': async ({ key, value }) => {
      if (isConnectorSettingKey(key)) {
        throw new KhoError(
          'INVALID_INPUT',
          `The setting "${key}" belongs to browser pairing; approve and revoke browsers in Settings > Browser extension.`,
        );
      }
      write({ areas: ['settings'] }, () => settings.set(key, value));
      return { values: preferences() };
    },
  };
}
