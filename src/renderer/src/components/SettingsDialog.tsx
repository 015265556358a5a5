import { useEffect, useState } from 'preact/hooks';
import type { OperationOutput } from '../../../shared/contract.js';
import type { JobState } from '../../../shared/schemas.js';
import { KhoError } from '../../../shared/errors.js';
import { useApp } from '../lib/context.js';
import { newJobId } from '../lib/format.js';
import { jobFraction, withJobProgress } from '../lib/jobs.js';
import { FONT_STACKS, type LangChoice } from '../lib/settings.js';
import { Dialog, InlineError } from './Dialog.js';
import { BackupsSettings } from './BackupsSettings.js';
import { ConnectorSettings } from './ConnectorSettings.js';
import { DisplaySettings } from './DisplaySettings.js';

/**
 * Language, reading display, the browser extension (pairing), rebuilding the search index (with progress and
 * Stop), backups, and where the archive lives.
 */
export function SettingsDialog(props: { onClose(): void; onReindexed(): void; onExport(): void }) {
  const { api, events, t, settings, setSetting, toast } = useApp();
  const [info, setInfo] = useState<OperationOutput<'app.info'> | null>(null);
  const [job, setJob] = useState<JobState | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api['app.info']({}).then(setInfo, () => undefined);
  }, [api]);

  const reindex = async () => {
    const id = newJobId('reindex');
    setRunning(id);
    setError(null);
    setJob(null);
    try {
      const r = await withJobProgress(events, id, () => api['search.reindex']({ job_id: id }), setJob);
      toast(t('settings.reindexDone', { n: r.docs }));
      props.onReindexed();
    } catch (err) {
      setError(KhoError.from(err).message);
    } finally {
      setRunning(null);
    }
  };

  const fraction = jobFraction(job);
  const langs: Array<[LangChoice, string]> = [
    ['auto', t('settings.langAuto')],
    ['en', 'English'],
    ['vi', 'Tiếng Việt'],
  ];
  return (
    <Dialog id="settings-dialog" title={t('settings.title')} onClose={props.onClose} wide>
      <div class="settings">
        <section>
          <h3>{t('settings.language')}</h3>
          <label class="field">
            <span class="sr-only">{t('settings.language')}</span>
            <select
              id="settings-language"
              value={settings.lang}
              onChange={(e) => setSetting('lang', (e.currentTarget as HTMLSelectElement).value as LangChoice)}
            >
              {langs.map(([value, label]) => (
                <option
                  key={value}
                  value={value}
                  lang={value === 'vi' ? 'vi' : value === 'en' ? 'en' : undefined}
                >
                  {label}
                </option>
              ))}
            </select>
          </label>
        </section>
        <section>
          <h3>{t('settings.reading')}</h3>
          <DisplaySettings />
          <p
            class="reader-sample"
            style={{
              fontSize: `${settings.fontSize}px`,
              lineHeight: settings.lineHeight,
              fontFamily: FONT_STACKS[settings.font],
            }}
            lang="vi"
          >
            {t('settings.sample')}
          </p>
        </section>
        <ConnectorSettings />
        <section>
          <h3>{t('settings.search')}</h3>
          <p class="muted">{t('settings.reindexHelp')}</p>
          {running ? (
            <div class="job" aria-live="polite">
              <div class="job-label">
                {t('settings.reindexing', { done: job?.done ?? 0, total: job?.total ?? 0 })}
              </div>
              <progress max={1} value={fraction ?? undefined} aria-label={t('settings.reindex')} />
              <button
                type="button"
                class="btn btn-small"
                onClick={() => void api['jobs.cancel']({ job_id: running }).catch(() => undefined)}
              >
                {t('add.stop')}
              </button>
            </div>
          ) : (
            <button type="button" class="btn" onClick={() => void reindex()}>
              {t('settings.reindex')}
            </button>
          )}
          <InlineError message={error} />
        </section>
        <section>
          <h3>{t('settings.backups')}</h3>
          <BackupsSettings />
          <button type="button" class="btn" onClick={props.onExport}>
            {t('settings.export')}
          </button>
        </section>
        {info ? (
          <section>
            <h3>{t('settings.about')}</h3>
            <dl class="about">
              <dt>Kho</dt>
              <dd>{t('settings.version', { v: info.version })}</dd>
              {/* Empty under kho serve: the server keeps its folders to itself. */}
              {info.data_dir ? (
                <>
                  <dt>{t('settings.dataDir')}</dt>
                  <dd>
                    <code>{info.data_dir}</code>
                  </dd>
                </>
              ) : null}
              <dt>{t('settings.articles')}</dt>
              <dd>{info.article_count}</dd>
            </dl>
          </section>
        ) : null}
      </div>
    </Dialog>
  );
}
