import { useRef, useState } from 'preact/hooks';
import type { OperationOutput } from '../../../shared/contract.js';
import { KhoError } from '../../../shared/errors.js';
import { useApp } from '../lib/context.js';
import { formatBytes, newJobId, parseTagList } from '../lib/format.js';
import { isImportableName, MAX_ARTICLE_FILE_BYTES } from '../../../shared/importable.js';
import { ACCEPT_ATTR, fileToBase64, pickedFromInput, planChunks, type PickedFile } from '../lib/files.js';
import { withJobProgress } from '../lib/jobs.js';
import { Dialog, InlineError, JobFooter } from './Dialog.js';
import { ExportImportDialog } from './ExportImportDialog.js';

type Failure = { file: string; error: string };

/** A lone CSV, JSON or zip is an export of another app (Pocket, Omnivore…), not a page to save. */
const exportIn = (picked: PickedFile[]): File | null =>
  picked.length === 1 && /\.(csv|json|zip)$/i.test(picked[0]!.file.name) ? picked[0]!.file : null;
type Outcome = { imported: number; updated: number; failed: Failure[]; stopped: boolean };

/**
 * Import many files at once (several chosen files, a chosen or dropped folder). The renderer reads
 * each file's raw bytes and sends them in chunks of a few MB through `import.files`, so it works the
 * same in Electron and under `kho serve`; progress covers every file, and Stop cancels the running
 * chunk (what was saved stays saved).
 */
export function ImportDialog(props: { initial: PickedFile[]; onClose(): void; onImported(): void }) {
  const { api, events, t } = useApp();
  const [picked, setPicked] = useState<PickedFile[]>(props.initial);
  const [exportFile, setExportFile] = useState<File | null>(() => exportIn(props.initial));
  const [tags, setTags] = useState('');
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number; file: string }>({
    done: 0,
    total: 0,
    file: '',
  });
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const exportRef = useRef<HTMLInputElement>(null);
  const stop = useRef<{ stopped: boolean; jobId: string | null }>({ stopped: false, jobId: null });

  const importable = picked.filter((p) => isImportableName(p.file.name));
  const skipped = picked.length - importable.length;
  const totalBytes = importable.reduce((n, p) => n + p.file.size, 0);

  const start = async () => {
    setError(null);
    setOutcome(null);
    setRunning(true);
    stop.current = { stopped: false, jobId: null };
    const tagList = parseTagList(tags);
    const result: Outcome = { imported: 0, updated: 0, failed: [], stopped: false };
    const tooLarge = importable.filter((p) => p.file.size > MAX_ARTICLE_FILE_BYTES);
    for (const p of tooLarge)
      result.failed.push({ file: p.path, error: t('import.tooLarge', { size: formatBytes(p.file.size) }) });
    const todo = importable.filter((p) => p.file.size <= MAX_ARTICLE_FILE_BYTES);
    const total = importable.length;
    let done = tooLarge.length;
    setProgress({ done, total, file: '' });
    try {
      for (const chunk of planChunks(todo)) {
        if (stop.current.stopped) break;
        const files: Array<{ name: string; text: string; encoding: 'base64' }> = [];
        for (const p of chunk) {
          try {
            files.push({ name: p.path, text: await fileToBase64(p.file), encoding: 'base64' });
          } catch (err) {
            result.failed.push({ file: p.path, error: KhoError.from(err).message });
          }
        }
        if (files.length === 0) continue;
        const jobId = newJobId('import');
        stop.current.jobId = jobId;
        const base = done;
        let r: OperationOutput<'import.files'>;
        try {
          r = await withJobProgress(
            events,
            jobId,
            () => api['import.files']({ files, tags: tagList, job_id: jobId }),
            (s) => setProgress({ done: base + s.done, total, file: s.message ?? '' }),
          );
        } catch (err) {
          const e = KhoError.from(err);
          if (e.code === 'CANCELLED') break;
          throw e;
        }
        result.imported += r.imported;
        result.updated += r.updated;
        result.failed.push(...r.failed);
        done = base + chunk.length;
        setProgress({ done, total, file: '' });
      }
    } catch (err) {
      setError(KhoError.from(err).message);
    } finally {
      result.stopped = stop.current.stopped;
      stop.current.jobId = null;
      setRunning(false);
      setOutcome(result);
      if (result.imported + result.updated > 0) props.onImported();
    }
  };

  const requestStop = () => {
    stop.current.stopped = true;
    const id = stop.current.jobId;
    if (id) void api['jobs.cancel']({ job_id: id }).catch(() => undefined);
  };

  if (exportFile) {
    return <ExportImportDialog file={exportFile} onClose={props.onClose} onImported={props.onImported} />;
  }

  const fraction = progress.total > 0 ? progress.done / progress.total : 0;
  const saved = outcome ? outcome.imported + outcome.updated : 0;

  return (
    <Dialog
      id="import-dialog"
      title={t('import.title')}
      onClose={props.onClose}
      busy={running}
      footer={
        <JobFooter
          running={running}
          finished={outcome !== null}
          onStop={requestStop}
          onClose={props.onClose}
          start={
            <button
              type="button"
              class="btn btn-primary"
              disabled={importable.length === 0}
              onClick={() => void start()}
            >
              {t('import.start', { n: importable.length })}
            </button>
          }
        />
      }
    >
      <div class="form">
        <p class="muted">{t('import.help')}</p>
        {!running && !outcome ? (
          <div class="import-pick">
            <button type="button" class="btn" onClick={() => filesRef.current?.click()}>
              {t('import.chooseFiles')}
            </button>
            <button type="button" class="btn" onClick={() => folderRef.current?.click()}>
              {t('import.chooseFolder')}
            </button>
            <input
              ref={filesRef}
              type="file"
              multiple
              accept={ACCEPT_ATTR}
              hidden
              aria-label={t('import.chooseFiles')}
              onChange={(e) => setPicked(pickedFromInput((e.currentTarget as HTMLInputElement).files))}
            />
            <button type="button" class="btn" onClick={() => exportRef.current?.click()}>
              {t('import.chooseExport')}
            </button>
            <input
              ref={exportRef}
              type="file"
              accept=".csv,.json,.zip,.html,.htm,.sqlite"
              hidden
              aria-label={t('import.chooseExport')}
              onChange={(e) => setExportFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
            />
            <input
              ref={folderRef}
              type="file"
              hidden
              aria-label={t('import.chooseFolder')}
              {...{ webkitdirectory: '' }}
              onChange={(e) => setPicked(pickedFromInput((e.currentTarget as HTMLInputElement).files))}
            />
          </div>
        ) : null}
        {picked.length > 0 && !outcome ? (
          <div class="import-summary" aria-live="polite">
            <p>{t('import.ready', { n: importable.length, size: formatBytes(totalBytes) })}</p>
            {skipped > 0 ? <p class="muted small">{t('import.skipped', { n: skipped })}</p> : null}
            <ul class="import-names small">
              {importable.slice(0, 5).map((p) => (
                <li key={p.path}>{p.path}</li>
              ))}
              {importable.length > 5 ? (
                <li class="muted">{t('import.more', { n: importable.length - 5 })}</li>
              ) : null}
            </ul>
          </div>
        ) : null}
        {!running && !outcome ? (
          <label class="field">
            <span>{t('add.tags')}</span>
            <input
              type="text"
              value={tags}
              onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
        ) : null}
        {running ? (
          <div class="job" aria-live="polite">
            <div class="job-label">
              {t('import.progress', { done: progress.done, total: progress.total })}
              {progress.file ? <span class="muted small import-current"> · {progress.file}</span> : null}
            </div>
            <progress
              max={1}
              value={fraction}
              aria-label={t('import.title')}
              aria-valuetext={`${Math.round(fraction * 100)}%`}
            />
          </div>
        ) : null}
        {outcome ? (
          <div class="import-outcome" role="status">
            <p>
              {outcome.stopped
                ? t('import.stopped', { n: saved })
                : t(outcome.updated > 0 ? 'import.doneUpdated' : 'import.done', {
                    imported: outcome.imported,
                    updated: outcome.updated,
                  })}
            </p>
            {outcome.failed.length > 0 ? (
              <details open={outcome.failed.length <= 5}>
                <summary>{t('import.failed', { n: outcome.failed.length })}</summary>
                <ul class="import-failures small">
                  {outcome.failed.map((f) => (
                    <li key={f.file}>
                      <strong>{f.file}</strong>: {f.error}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </div>
        ) : null}
        <InlineError message={error} />
      </div>
    </Dialog>
  );
}
