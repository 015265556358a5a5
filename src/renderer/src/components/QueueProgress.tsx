import { useEffect, useState } from 'preact/hooks';
import type { QueueStatus } from '../../../shared/schemas.js';
import { KhoError } from '../../../shared/errors.js';
import { QUEUE_JOB_ID } from '../../../shared/enums.js';
import { useApp } from '../lib/context.js';

/**
 * The background fetch queue at a glance: pages fetched of those queued, failures, and buttons to retry
 * the failed ones or pause/resume. Counts are read once, then again whenever the queue's job reports
 * progress or an article changes (events; nothing is polled).
 */
export function QueueProgress() {
  const { api, events, t, fail } = useApp();
  const [status, setStatus] = useState<QueueStatus | null>(null);

  useEffect(() => {
    let alive = true;
    const refresh = () =>
      api['queue.status']({}).then(
        (s) => {
          if (alive) setStatus(s);
        },
        // A failed read leaves the last counts; the next event reads again.
        () => undefined,
      );
    void refresh();
    const stop = events.subscribe((event) => {
      if (
        (event.name === 'job.progress' && event.payload.job_id === QUEUE_JOB_ID) ||
        (event.name === 'archive.changed' && event.payload.areas.includes('articles'))
      )
        void refresh();
    });
    return () => {
      alive = false;
      stop();
    };
  }, [api, events]);

  if (!status) return null;
  const settled = status.done + status.failed + status.unavailable;
  const total = settled + status.queued + status.running;
  if (total === 0) return null;
  const act = (run: () => Promise<QueueStatus | { count: number }>) => async () => {
    try {
      await run();
      setStatus(await api['queue.status']({}));
    } catch (err) {
      fail(KhoError.from(err));
    }
  };
  return (
    <div class="job queue-progress" aria-live="polite">
      <div class="job-label">
        {status.queued + status.running > 0 ? t('queue.progress', { done: settled, total }) : t('queue.idle')}
        {status.paused ? <span class="muted small"> · {t('queue.paused')}</span> : null}
      </div>
      <progress max={total} value={settled} aria-label={t('queue.label')} />
      {status.failed + status.unavailable > 0 ? (
        <p class="muted small">
          {t('queue.failures', { failed: status.failed, unavailable: status.unavailable })}
        </p>
      ) : null}
      <div class="queue-actions">
        {status.failed + status.unavailable > 0 ? (
          <button type="button" class="btn" onClick={act(() => api['queue.retry']({}))}>
            {t('queue.retry')}
          </button>
        ) : null}
        {status.queued + status.running > 0 || status.paused ? (
          <button
            type="button"
            class="btn"
            onClick={act(() => (status.paused ? api['queue.resume']({}) : api['queue.pause']({})))}
          >
            {status.paused ? t('queue.resume') : t('queue.pause')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
