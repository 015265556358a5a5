import { useCallback, useEffect, useState } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';
import type { ConnectorPairings } from '../../../shared/connector-protocol.js';
import type { KhoEvents } from '../../api.js';

export type PairingAction =
  | { op: 'connector.approve'; id: string }
  | { op: 'connector.deny'; id: string }
  | { op: 'connector.revoke'; browser_id: string };

/**
 * The browser extension's pairing state for Settings: loaded once, loaded again when the archive announces
 * a pairing change or the receiver starting or failing (`connector.*` events). Requests past their expiry
 * drop out on time without asking the archive again.
 */
export function useConnector(
  api: KhoApi,
  events: KhoEvents,
  fail: (err: unknown) => void,
): { pairings: ConnectorPairings | null; act(action: PairingAction): void } {
  const [pairings, setPairings] = useState<ConnectorPairings | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(() => {
    api['connector.pairings']({}).then(setPairings, fail);
  }, [api, fail]);

  useEffect(() => {
    load();
    return events.subscribe((event) => {
      if (event.name === 'connector.pairing' || event.name === 'connector.receiver') load();
    });
  }, [events, load]);

  // Wake up when the next request expires, so it leaves the list by itself.
  const nextExpiry = Math.min(
    ...(pairings?.pending ?? []).map((p) => Date.parse(p.expires_at)).filter((t) => t > now),
  );
  useEffect(() => {
    if (!Number.isFinite(nextExpiry)) return;
    const timer = setTimeout(() => setNow(Date.now()), nextExpiry - Date.now() + 50);
    return () => clearTimeout(timer);
  }, [nextExpiry]);

  const act = useCallback(
    (action: PairingAction) => {
      const done =
        action.op === 'connector.revoke'
          ? api['connector.revoke']({ browser_id: action.browser_id })
          : api[action.op]({ id: action.id });
      done.then(setPairings, (err: unknown) => {
        fail(err);
        load();
      });
    },
    [api, fail, load],
  );

  const shown = pairings && {
    ...pairings,
    pending: pairings.pending.filter((p) => Date.parse(p.expires_at) > now),
  };
  return { pairings: shown, act };
}
