import { KhoError } from '../../shared/errors.js';
import type { FetchQueue } from '../queue/runner.js';
import type { ArchiveContext, AreaHandlers } from './context.js';

/** The background fetch queue: its counts, its failures with their reasons, retrying, pausing, running it here. */
export function queueHandlers(ctx: ArchiveContext, queue: FetchQueue): AreaHandlers<'queue'> {
  return {
    'queue.status': async () => queue.status(),
    'queue.list': async ({ states, limit, offset }) => queue.repo.list(states, limit, offset),
    'queue.retry': async ({ ids }) => {
      if (ids !== undefined) {
        const missing = ids.find((id) => !queue.repo.exists(id));
        if (missing !== undefined) {
          throw new KhoError('NOT_FOUND', `There is no failed or unavailable fetch with id ${missing}.`);
        }
      }
      const count = ctx.write({ areas: ['articles'] }, () => queue.repo.retry(ids));
      queue.wake();
      return { count };
    },
    'queue.pause': async () => {
      queue.pause();
      return queue.status();
    },
    'queue.resume': async () => {
      queue.resume();
      return queue.status();
    },
    'queue.run': ({ job_id }) =>
      ctx.jobs.run(job_id, 'fetch', async (job) => {
        const report = (): void => {
          const s = queue.status();
          job.progress(
            'fetching',
            s.done + s.failed + s.unavailable,
            s.done + s.failed + s.unavailable + s.queued + s.running,
          );
        };
        report();
        const timer = setInterval(report, 500);
        try {
          await queue.runUntilIdle(job.signal);
        } finally {
          clearInterval(timer);
        }
        return queue.status();
      }),
  };
}
