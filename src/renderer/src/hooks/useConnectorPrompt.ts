import { useEffect } from 'preact/hooks';
import type { KhoEvents } from '../../api.js';
import type { AppContext } from '../lib/context.js';
import { useLatest } from './useLatest.js';

/**
 * A browser asked to pair while the window is open: a toast names it with its code and offers Settings,
 * where the request is approved or denied (comparing the code with the extension's).
 */
export function useConnectorPrompt(
  events: KhoEvents,
  ctx: Pick<AppContext, 't' | 'toast'>,
  openSettings: () => void,
): void {
  const latest = useLatest({ ...ctx, openSettings });
  useEffect(
    () =>
      events.subscribe((event) => {
        if (event.name !== 'connector.pairing' || event.payload.change !== 'requested') return;
        const { t, toast, openSettings: review } = latest.current;
        toast(t('connector.asks', { name: event.payload.name, code: event.payload.code ?? '' }), {
          action: { label: t('connector.review'), run: review },
        });
      }),
    [events, latest],
  );
}
