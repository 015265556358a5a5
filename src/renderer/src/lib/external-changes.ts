import { useEffect } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';

const POLL_MS = 3000;

/**
 * Notices changes made outside this window (the `kho` command, another window, a browser under
 * `kho serve`): polls `app.changes` every few seconds while the window is visible, and at once when it
 * regains focus, and calls `onChange` when the token moves. Our own changes move it too; that costs one
 * extra, quiet reload of the list and counts.
 */
export function useExternalChanges(api: KhoApi, onChange: () => void): void {
  useEffect(() => {
    let last: string | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    const check = async (): Promise<void> => {
      if (stopped || inFlight) return;
      inFlight = true;
      try {
        const { token } = await api['app.changes']({});
        if (last !== null && token !== last && !stopped) onChange();
        last = token;
      } catch {
        // The archive is briefly busy or the server restarted: try again on the next tick.
      } finally {
        inFlight = false;
      }
    };
    const loop = (): void => {
      timer = setTimeout(() => {
        if (document.visibilityState === 'visible') void check().finally(loop);
        else loop();
      }, POLL_MS);
    };
    const now = (): void => {
      if (document.visibilityState === 'visible') void check();
    };
    void check();
    loop();
    window.addEventListener('focus', now);
    document.addEventListener('visibilitychange', now);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      window.removeEventListener('focus', now);
      document.removeEventListener('visibilitychange', now);
    };
  }, [api, onChange]);
}
