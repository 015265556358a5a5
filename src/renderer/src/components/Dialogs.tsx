import { useEffect, useRef, useState } from 'preact/hooks';
import type { JobState } from '../../../shared/schemas.js';
import { KhoError } from '../../../shared/errors.js';
import type { MessageKey } from '../i18n/index.js';
import { useApp, type ToastAction } from '../lib/context.js';
import { newJobId } from '../lib/format.js';
import { jobFraction, withJobProgress } from '../lib/jobs.js';
import type { LangChoice } from '../lib/settings.js';
import { Dialog, Icon, InlineError } from './Dialog.js';
import { DisplaySettings } from './DisplaySettings.js';

export function SettingsDialog(props: { onClose(): void; onReindexed(): void }) {
  const { api, t, settings, setSetting, toast } = useApp();
  const [info, setInfo] = useState<{ version: string; data_dir: string; article_count: number } | null>(null);
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
      const r = await withJobProgress(api, id, () => api['search.reindex']({ job_id: id }), setJob);
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
            style={{ fontSize: `${settings.fontSize}px`, lineHeight: settings.lineHeight }}
            lang="vi"
          >
            {t('settings.sample')}
          </p>
        </section>
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
        {info ? (
          <section>
            <h3>{t('settings.about')}</h3>
            <dl class="about">
              <dt>Kho</dt>
              <dd>{t('settings.version', { v: info.version })}</dd>
              <dt>{t('settings.dataDir')}</dt>
              <dd>
                <code>{info.data_dir}</code>
              </dd>
              <dt>{t('settings.articles')}</dt>
              <dd>{info.article_count}</dd>
            </dl>
          </section>
        ) : null}
      </div>
    </Dialog>
  );
}

const SHORTCUTS: Array<[string[], MessageKey]> = [
  [['j'], 'keys.next'],
  [['k'], 'keys.prev'],
  [['Enter'], 'keys.open'],
  [['/', 'Ctrl+K'], 'keys.search'],
  [['h'], 'keys.highlight'],
  [['n'], 'keys.note'],
  [['t'], 'keys.tag'],
  [['a'], 'keys.archive'],
  [['f'], 'keys.favorite'],
  [['Esc'], 'keys.escape'],
  [['?'], 'keys.help'],
];

export function ShortcutsDialog(props: { onClose(): void }) {
  const { t } = useApp();
  return (
    <Dialog id="shortcuts-dialog" title={t('keys.title')} onClose={props.onClose}>
      <table class="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, label]) => (
            <tr key={label}>
              <th scope="row">
                {keys.map((k, i) => (
                  <>
                    {i > 0 ? ' / ' : null}
                    <kbd key={k}>{k}</kbd>
                  </>
                ))}
              </th>
              <td>{t(label)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('keys.selectHow')}</th>
            <td>{t('keys.select')}</td>
          </tr>
        </tbody>
      </table>
    </Dialog>
  );
}

/** A dialog asking for one line of text (tag names, saved search names). */
export function PromptDialog(props: {
  id: string;
  title: string;
  help?: string;
  label: string;
  initial?: string;
  options?: readonly string[];
  confirm: string;
  onClose(): void;
  onSubmit(value: string): Promise<void>;
}) {
  const { t } = useApp();
  const [value, setValue] = useState(props.initial ?? '');
  const { busy, error, run } = useDialogAction();
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);
  return (
    <Dialog
      id={props.id}
      title={props.title}
      onClose={props.onClose}
      busy={busy}
      footer={
        <>
          <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            form={`${props.id}-form`}
            class="btn btn-primary"
            disabled={busy || !value.trim()}
          >
            {props.confirm}
          </button>
        </>
      }
    >
      <form
        id={`${props.id}-form`}
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (value.trim()) await run(() => props.onSubmit(value.trim()));
        }}
      >
        {props.help ? <p class="muted">{props.help}</p> : null}
        <label class="field">
          <span>{props.label}</span>
          <input
            ref={inputRef}
            type="text"
            value={value}
            list={props.options ? `${props.id}-options` : undefined}
            onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        {props.options ? (
          <datalist id={`${props.id}-options`}>
            {props.options.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        ) : null}
        <InlineError message={error} />
      </form>
    </Dialog>
  );
}

/** A dialog's confirm action: busy while it runs (buttons and Escape wait), its error shown in the dialog. */
function useDialogAction(): {
  busy: boolean;
  error: string | null;
  run(action: () => Promise<void>): Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(KhoError.from(err).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export function ConfirmDialog(props: {
  id: string;
  title: string;
  body: string;
  confirm: string;
  danger?: boolean;
  onClose(): void;
  onConfirm(): Promise<void>;
}) {
  const { t } = useApp();
  const { busy, error, run } = useDialogAction();
  return (
    <Dialog
      id={props.id}
      title={props.title}
      onClose={props.onClose}
      busy={busy}
      footer={
        <>
          <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            class={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`}
            disabled={busy}
            onClick={() => void run(props.onConfirm)}
          >
            {props.confirm}
          </button>
        </>
      }
    >
      <p>{props.body}</p>
      <InlineError message={error} />
    </Dialog>
  );
}

export interface ToastItem {
  id: number;
  message: string;
  kind: 'info' | 'error';
  action?: ToastAction;
}

export function Toasts(props: { items: ToastItem[]; onDismiss(id: number): void }) {
  const { t, fail } = useApp();
  return (
    <div class="toasts" role="region" aria-label={t('toast.region')}>
      <div aria-live="polite" class="toast-live">
        {props.items
          .filter((i) => i.kind === 'info')
          .map((item) => (
            <ToastView key={item.id} item={item} t={t} onDismiss={props.onDismiss} fail={fail} />
          ))}
      </div>
      <div role="alert" class="toast-live">
        {props.items
          .filter((i) => i.kind === 'error')
          .map((item) => (
            <ToastView key={item.id} item={item} t={t} onDismiss={props.onDismiss} fail={fail} />
          ))}
      </div>
    </div>
  );
}

function ToastView(props: {
  item: ToastItem;
  t: ReturnType<typeof useApp>['t'];
  onDismiss(id: number): void;
  fail(err: unknown): void;
}) {
  const { item, t } = props;
  return (
    <div class={`toast toast-${item.kind}`}>
      <span class="toast-msg">{item.message}</span>
      {item.action ? (
        <button
          type="button"
          class="btn btn-small toast-action"
          onClick={async () => {
            props.onDismiss(item.id);
            try {
              await item.action!.run();
            } catch (err) {
              props.fail(err);
            }
          }}
        >
          {item.action.label}
        </button>
      ) : null}
      <button
        type="button"
        class="icon-btn"
        aria-label={t('toast.dismiss')}
        title={t('toast.dismiss')}
        onClick={() => props.onDismiss(item.id)}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
