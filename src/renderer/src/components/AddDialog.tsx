import { useRef, useState } from 'preact/hooks';
import type { ArticleSummary, JobState } from '../../../shared/schemas.js';
import { KhoError } from '../../../shared/errors.js';
import type { MessageKey } from '../i18n/index.js';
import { useApp } from '../lib/context.js';
import { formatBytes, newJobId, parseTagList } from '../lib/format.js';
import { ACCEPT_ATTR, fileToBase64 } from '../lib/files.js';
import { jobFraction, withJobProgress } from '../lib/jobs.js';
import { Dialog, InlineError } from './Dialog.js';

export interface AddInitial {
  url?: string;
  file?: File;
  text?: string;
}

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

/**
 * Save an article from a web address, pasted text or a file. Files are read in the renderer and sent
 * as text with their name (the server never reads paths a client names). Progress comes from
 * `job.progress` events; Stop cancels through `jobs.cancel`.
 */
export function AddDialog(props: {
  initial: AddInitial;
  onClose(): void;
  onSaved(article: ArticleSummary): void;
  onImportMany(): void;
}) {
  const { api, events, t, toast } = useApp();
  const [url, setUrl] = useState(props.initial.url ?? '');
  const [text, setText] = useState(props.initial.text ?? '');
  const [file, setFile] = useState<File | null>(props.initial.file ?? null);
  const [tags, setTags] = useState('');
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<JobState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragOver, setDragOver] = useState(false);
  const jobId = useRef<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const submit = async () => {
    setError(null);
    const tagList = parseTagList(tags);
    const id = newJobId('add');
    jobId.current = id;
    let start: () => Promise<{ article: ArticleSummary; created: boolean }>;
    if (file) {
      // raw bytes: capture decodes legacy encodings (windows-1258, VISCII) that file.text() would mangle
      const content = await fileToBase64(file);
      start = () =>
        api['articles.add']({
          source: 'text',
          text: content,
          encoding: 'base64',
          name: file.name,
          tags: tagList,
          job_id: id,
        });
    } else if (url.trim()) {
      start = () => api['articles.add']({ source: 'url', url: url.trim(), tags: tagList, job_id: id });
    } else if (text.trim()) {
      start = () => api['articles.add']({ source: 'text', text, tags: tagList, job_id: id });
    } else {
      setError(t('add.nothing'));
      return;
    }
    setBusy(true);
    setJob(null);
    try {
      const result = await withJobProgress(events, id, start, setJob);
      toast(t(result.created ? 'add.savedNew' : 'add.savedAgain', { title: result.article.title }));
      props.onSaved(result.article);
    } catch (err) {
      const e = KhoError.from(err);
      setError(e.message);
    } finally {
      setBusy(false);
      jobId.current = null;
    }
  };

  const cancel = () => {
    if (jobId.current) void api['jobs.cancel']({ job_id: jobId.current }).catch(() => undefined);
  };

  const fraction = jobFraction(job);
  const phase =
    job && PHASES.has(job.phase)
      ? t(`add.phase.${job.phase}` as MessageKey)
      : (job?.phase ?? t('add.saving'));

  return (
    <Dialog
      id="add-dialog"
      title={t('add.title')}
      onClose={props.onClose}
      busy={busy}
      footer={
        busy ? (
          <button type="button" class="btn" onClick={cancel}>
            {t('add.stop')}
          </button>
        ) : (
          <>
            <button type="button" class="btn" onClick={props.onClose}>
              {t('add.cancel')}
            </button>
            <button type="submit" form="add-form" class="btn btn-primary">
              {t('add.save')}
            </button>
          </>
        )
      }
    >
      <form
        id="add-form"
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void submit();
        }}
      >
        <label class="field">
          <span>{t('add.url')}</span>
          <input
            type="url"
            inputMode="url"
            value={url}
            placeholder={t('add.urlPlaceholder')}
            disabled={busy || !!file}
            onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>{t('add.text')}</span>
          <textarea
            rows={4}
            value={text}
            disabled={busy || !!file || !!url.trim()}
            onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <div
          class={`dropzone${dragOver ? ' is-over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            e.stopPropagation();
            setDragOver(true);
          }}
          onDragLeave={() => setDragOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            e.stopPropagation();
            setDragOver(false);
            const f = e.dataTransfer?.files?.[0];
            if (f) setFile(f);
          }}
        >
          <label class="field">
            <span>{t('add.file')}</span>
            <input
              ref={fileRef}
              type="file"
              id="add-file"
              accept={ACCEPT_ATTR}
              disabled={busy}
              onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
            />
          </label>
          <p class="muted small">
            {t('add.fileHelp')}{' '}
            <button type="button" class="link-btn" disabled={busy} onClick={props.onImportMany}>
              {t('add.importMany')}
            </button>
          </p>
          {file ? (
            <p class="chosen">
              {t('add.chosen', { name: file.name, size: formatBytes(file.size) })}{' '}
              <button
                type="button"
                class="link-btn"
                disabled={busy}
                onClick={() => {
                  setFile(null);
                  if (fileRef.current) fileRef.current.value = '';
                }}
              >
                {t('add.removeFile')}
              </button>
            </p>
          ) : null}
        </div>
        <label class="field">
          <span>{t('add.tags')}</span>
          <input
            type="text"
            value={tags}
            disabled={busy}
            onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        {busy ? (
          <div class="job" aria-live="polite">
            <div class="job-label">{phase}</div>
            <progress
              max={1}
              value={fraction ?? undefined}
              aria-label={t('add.saving')}
              aria-valuetext={fraction === null ? phase : `${Math.round(fraction * 100)}%`}
            />
          </div>
        ) : null}
        <InlineError message={error} />
      </form>
    </Dialog>
  );
}
