import { useEffect, useRef } from 'preact/hooks';
import type { ReceiverState } from '../../../shared/connector-protocol.js';
import { useConnector } from '../hooks/useConnector.js';
import type { Translate } from '../i18n/index.js';
import { useApp } from '../lib/context.js';
import { formatDate } from '../lib/format.js';

function receiverLine(receiver: ReceiverState, t: Translate): string {
  if (receiver.state === 'running') return t('connector.running', { port: String(receiver.port ?? '') });
  if (receiver.state === 'failed') return t('connector.failed', { port: String(receiver.port ?? '') });
  return t('connector.off');
}

/**
 * Settings > Browser extension: whether this Kho answers the extension (and on which port), browsers
 * waiting to pair with the code to compare and Approve / Deny, paired browsers with their last use and
 * Revoke, and how to install the extension.
 */
export function ConnectorSettings() {
  const { api, events, t, lang, fail } = useApp();
  const { pairings, act } = useConnector(api, events, fail);
  const ref = useRef<HTMLElement>(null);
  const waiting = pairings?.pending.length ?? 0;

  // Opened because a browser asked (the toast's "Review"): bring the request into view.
  const shownOnce = useRef(false);
  useEffect(() => {
    if (shownOnce.current || waiting === 0) return;
    shownOnce.current = true;
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [waiting]);

  return (
    <section id="connector-settings" ref={ref} aria-labelledby="connector-settings-title">
      <h3 id="connector-settings-title">{t('connector.title')}</h3>
      {pairings ? (
        <>
          <p
            class={`connector-receiver${pairings.receiver.state === 'failed' ? ' is-failed' : ' muted'}`}
            data-state={pairings.receiver.state}
          >
            {receiverLine(pairings.receiver, t)}
            {pairings.receiver.state === 'failed' && pairings.receiver.message ? (
              <span class="connector-detail"> {pairings.receiver.message}</span>
            ) : null}
          </p>

          {pairings.pending.length > 0 ? (
            <>
              <h4>{t('connector.waiting')}</h4>
              <p class="muted">{t('connector.compare')}</p>
              <ul class="connector-list">
                {pairings.pending.map((p) => (
                  <li key={p.id} class="pairing-request" data-state={p.state}>
                    <div class="connector-who">
                      <strong>{p.name}</strong>
                      <span class="muted connector-origin">{p.origin}</span>
                    </div>
                    <span class="pair-code">
                      <span class="sr-only">{t('connector.code')}: </span>
                      {p.code}
                    </span>
                    {p.state === 'approved' ? (
                      <span class="muted">{t('connector.collecting')}</span>
                    ) : (
                      <span class="connector-actions">
                        <button
                          type="button"
                          class="btn btn-small btn-primary"
                          onClick={() => act({ op: 'connector.approve', id: p.id })}
                        >
                          {t('connector.approve')}
                        </button>
                        <button
                          type="button"
                          class="btn btn-small"
                          onClick={() => act({ op: 'connector.deny', id: p.id })}
                        >
                          {t('connector.deny')}
                        </button>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          <h4>{t('connector.paired')}</h4>
          {pairings.browsers.length === 0 ? (
            <p class="muted">{t('connector.none')}</p>
          ) : (
            <ul class="connector-list">
              {pairings.browsers.map((b) => (
                <li key={b.id} class="paired-browser">
                  <div class="connector-who">
                    <strong>{b.name}</strong>
                    <span class="muted">
                      {t('connector.pairedOn', { date: formatDate(b.paired_at, lang) })}
                      {' · '}
                      {b.last_used
                        ? t('connector.lastUsed', { date: formatDate(b.last_used, lang) })
                        : t('connector.neverUsed')}
                    </span>
                  </div>
                  <button
                    type="button"
                    class="btn btn-small btn-danger"
                    onClick={() => act({ op: 'connector.revoke', browser_id: b.id })}
                  >
                    {t('connector.revoke')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      <details class="connector-install">
        <summary>{t('connector.install')}</summary>
        <ol>
          <li>{t('connector.installBuild')}</li>
          <li>{t('connector.installChromium')}</li>
          <li>{t('connector.installFirefox')}</li>
          <li>{t('connector.installPair')}</li>
        </ol>
      </details>
    </section>
  );
}
