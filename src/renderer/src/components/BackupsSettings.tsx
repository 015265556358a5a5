import { useCallback, useEffect, useState } from 'preact/hooks';
import type { OperationOutput } from '../../../shared/contract.js';
import type { BackupSchedule } from '../../../shared/schemas.js';
import { KhoError } from '../../../shared/errors.js';
import type { MessageKey } from '../i18n/index.js';
import { useApp } from '../lib/context.js';
import { formatBytes } from '../lib/format.js';
import { InlineError } from './Dialog.js';

/** How often automatic backups may run, as the choices the menu offers (hours). */
const PERIODS: Array<[number, MessageKey]> = [
  [6, 'backups.every6h'],
  [12, 'backups.every12h'],
  [24, 'backups.daily'],
  [24 * 7, 'backups.weekly'],
];
const SHOWN = 5;

/** Settings > Backups: the last backups, the automatic schedule, "Back up now", and where they are. */
export function BackupsSettings() {
  const { api, t, lang, toast } = useApp();
  const [state, setState] = useState<OperationOutput<'backups.list'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api['backups.list']({}).then(setState, (err: unknown) => setError(KhoError.from(err).message));
  }, [api]);
  useEffect(load, [load]);

  const when = (iso: string) =>
    new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(iso));

  const save = (change: Partial<BackupSchedule>) => {
    if (!state) return;
    setError(null);
    api['backups.setSchedule']({ ...state.schedule, ...change }).then(setState, (err: unknown) =>
      setError(KhoError.from(err).message),
    );
  };

  const backUpNow = async () => {
    setBusy(true);
    setError(null);
    try {
      const b = await api['backups.create']({});
      toast(t('backups.done', { size: formatBytes(b.bytes) }));
      load();
    } catch (err) {
      setError(KhoError.from(err).message);
    } finally {
      setBusy(false);
    }
  };

  if (!state) return <InlineError message={error} />;
  const s = state.schedule;
  const periods = PERIODS.some(([h]) => h === s.every_hours)
    ? PERIODS
    : [...PERIODS, [s.every_hours, 'backups.everyN'] as [number, MessageKey]];
  return (
    <div class="backups-settings">
      <label class="check">
        <input
          id="backups-enabled"
          type="checkbox"
          checked={s.enabled}
          onChange={(e) => save({ enabled: (e.currentTarget as HTMLInputElement).checked })}
        />
        <span>{t('backups.auto')}</span>
      </label>
      <div class="backups-schedule">
        <label class="field">
          <span>{t('backups.often')}</span>
          <select
            id="backups-every"
            value={String(s.every_hours)}
            disabled={!s.enabled}
            onChange={(e) => save({ every_hours: Number((e.currentTarget as HTMLSelectElement).value) })}
          >
            {periods.map(([h, key]) => (
              <option key={h} value={String(h)}>
                {t(key, { n: h })}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('backups.keep')}</span>
          <input
            id="backups-keep"
            type="number"
            min={1}
            max={100}
            value={s.keep}
            onChange={(e) => {
              const n = Number((e.currentTarget as HTMLInputElement).value);
              if (Number.isInteger(n) && n >= 1 && n <= 100) save({ keep: n });
            }}
          />
        </label>
      </div>
      {state.last_error ? <p class="error">{t('backups.failed', { message: state.last_error })}</p> : null}
      <div class="backups-list">
        {state.items.length === 0 ? (
          <p class="muted">{t('backups.none')}</p>
        ) : (
          <ul>
            {state.items.slice(0, SHOWN).map((b) => (
              <li key={b.name}>
                <span>{when(b.created_at)}</span>
                <span class="muted">{formatBytes(b.bytes)}</span>
              </li>
            ))}
          </ul>
        )}
        {state.items.length > SHOWN ? (
          <p class="muted">{t('backups.more', { n: state.items.length - SHOWN })}</p>
        ) : null}
      </div>
      <p class="muted">
        {t('backups.where')} <code>{state.folder}</code>
      </p>
      <button
        id="backups-now"
        type="button"
        class="btn"
        disabled={busy || state.running}
        onClick={() => void backUpNow()}
      >
        {busy || state.running ? t('backups.running') : t('backups.now')}
      </button>
      <InlineError message={error} />
    </div>
  );
}
