import type { BackgroundSaves } from '../hooks/useBackgroundSaves.js';
import type { MessageKey } from '../i18n/index.js';
import { useApp } from '../lib/context.js';
import { jobFraction } from '../lib/jobs.js';
import { Icon } from './Icon.js';

const PHASES = new Set([
  'starting',
  'fetching',
  'decoding',
  'extracting',
  'images',
  'saving',
  'indexing',
  'done',
]);

/** Saves in progress, in a corner of the window: what is being saved, how far it is, Stop; failures stay with their reason. */
export function StatusArea(props: { saves: BackgroundSaves }) {
  const { t } = useApp();
  const { items } = props.saves;
  return (
    <section class="status-area" aria-label={t('status.label')} hidden={items.length === 0}>
      <ul aria-live="polite">
        {items.map((item) => {
          const { job } = item;
          const phase =
            job && PHASES.has(job.phase) ? t(`add.phase.${job.phase}` as MessageKey) : t('add.saving');
          const fraction = jobFraction(job);
          return (
            <li key={item.id} class={`status-item${item.error ? ' is-failed' : ''}`}>
              <div class="status-head">
                <Icon name={item.error ? 'close' : 'download'} size={14} />
                <span class="status-label" title={item.request.label}>
                  {item.request.label}
                </span>
              </div>
              {item.error ? (
                <>
                  <p class="status-error" role="alert">
                    {item.error}
                  </p>
                  <div class="row-actions">
                    <button type="button" class="btn btn-small" onClick={() => props.saves.retry(item)}>
                      {t('status.retry')}
                    </button>
                    <button
                      type="button"
                      class="btn btn-small btn-ghost"
                      onClick={() => props.saves.dismiss(item.id)}
                    >
                      {t('toast.dismiss')}
                    </button>
                  </div>
                </>
              ) : (
                <div class="status-progress">
                  <span class="status-phase">{phase}</span>
                  <progress
                    max={1}
                    value={fraction ?? undefined}
                    aria-label={t('status.saving', { name: item.request.label })}
                    aria-valuetext={fraction === null ? phase : `${Math.round(fraction * 100)}%`}
                  />
                  <button
                    type="button"
                    class="btn btn-small btn-ghost"
                    onClick={() => props.saves.stop(item.id)}
                  >
                    {t('add.stop')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
