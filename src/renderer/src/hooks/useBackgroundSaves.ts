import { useCallback, useRef, useState } from 'preact/hooks';
import { KhoError } from '../../../shared/errors.js';
import type { ArticleSummary, JobState } from '../../../shared/schemas.js';
import type { AppContext } from '../lib/context.js';
import { errorText } from '../lib/errors.js';
import { withJobProgress } from '../lib/jobs.js';

export type SaveResult = { article: ArticleSummary; created: boolean };

/** One save the Add dialog hands over: it runs here while the user keeps reading. */
export interface SaveRequest {
  /** What the status area calls it: the web address, the file's name, or pasted text. */
  label: string;
  /** Starts the save with this job id (so progress can be followed and Stop can cancel it). */
  run(jobId: string): Promise<SaveResult>;
  /** Where the user was when the save started (the app's address). */
  from?: string;
}

export interface SaveItem {
  id: string;
  request: SaveRequest;
  job: JobState | null;
  /** Set when the save failed: what went wrong, in the user's words. */
  error: string | null;
}

let saveCount = 0;

/**
 * Saves running in the background: each shows its progress in the status area (with Stop), a failure
 * stays there with its reason (Try again, Dismiss), and a finished save is announced by `onSaved`.
 */
export function useBackgroundSaves(opts: {
  api: AppContext['api'];
  events: AppContext['events'];
  onSaved(result: SaveResult, request: SaveRequest): void;
  onCancelled(): void;
}) {
  const [items, setItems] = useState<SaveItem[]>([]);
  const latest = useRef(opts);
  latest.current = opts;
  const patch = useCallback(
    (id: string, change: Partial<SaveItem> | null) =>
      setItems((list) =>
        change === null
          ? list.filter((x) => x.id !== id)
          : list.map((x) => (x.id === id ? { ...x, ...change } : x)),
      ),
    [],
  );

  const start = useCallback(
    (request: SaveRequest) => {
      const id = `save-${Date.now().toString(36)}-${++saveCount}`;
      setItems((list) => [...list, { id, request, job: null, error: null }]);
      withJobProgress(
        latest.current.events,
        id,
        () => request.run(id),
        (job) => patch(id, { job }),
      ).then(
        (result) => {
          patch(id, null);
          latest.current.onSaved(result, request);
        },
        (err: unknown) => {
          if (KhoError.from(err).code === 'CANCELLED') {
            patch(id, null);
            latest.current.onCancelled();
          } else patch(id, { error: errorText(err), job: null });
        },
      );
    },
    [patch],
  );

  return {
    items,
    start,
    stop: (id: string) => void latest.current.api['jobs.cancel']({ job_id: id }).catch(() => undefined),
    dismiss: (id: string) => patch(id, null),
    retry: (item: SaveItem) => {
      patch(item.id, null);
      start(item.request);
    },
  };
}

export type BackgroundSaves = ReturnType<typeof useBackgroundSaves>;
