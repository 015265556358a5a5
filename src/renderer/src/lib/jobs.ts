import type { KhoEvents } from '../../api.js';
import type { JobState } from '../../../shared/schemas.js';

/**
 * Runs a long operation that takes a client-chosen job id and reports its progress as the archive pushes
 * it (`job.progress` events for that id) until the call settles. Nothing is polled.
 */
export async function withJobProgress<T>(
  events: KhoEvents,
  jobId: string,
  start: () => Promise<T>,
  onProgress: (state: JobState) => void,
): Promise<T> {
  let settled = false;
  const stop = events.subscribe((event) => {
    if (!settled && event.name === 'job.progress' && event.payload.job_id === jobId)
      onProgress(event.payload);
  });
  try {
    return await start();
  } finally {
    settled = true;
    stop();
  }
}

export function jobFraction(state: JobState | null): number | null {
  if (!state || state.total <= 0) return null;
  return Math.max(0, Math.min(1, state.done / state.total));
}
