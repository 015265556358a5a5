import type { KhoApi } from '../../../shared/contract.js';
import type { JobState } from '../../../shared/schemas.js';

/**
 * Runs a long operation that takes a client-chosen job id, polling `jobs.get` every 250 ms for its
 * progress until the call settles. Polling errors (e.g. the job is not registered yet) are ignored.
 */
export async function withJobProgress<T>(
  api: KhoApi,
  jobId: string,
  start: () => Promise<T>,
  onProgress: (state: JobState) => void,
): Promise<T> {
  let settled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async (): Promise<void> => {
    if (settled) return;
    try {
      const state = await api['jobs.get']({ job_id: jobId });
      if (!settled) onProgress(state);
    } catch {
      // Not started yet or already forgotten: the call's own result tells the outcome.
    }
    if (!settled) timer = setTimeout(() => void poll(), 250);
  };
  timer = setTimeout(() => void poll(), 120);
  try {
    return await start();
  } finally {
    settled = true;
    if (timer) clearTimeout(timer);
  }
}

export function jobFraction(state: JobState | null): number | null {
  if (!state || state.total <= 0) return null;
  return Math.max(0, Math.min(1, state.done / state.total));
}
