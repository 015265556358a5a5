import { useRef, useState } from 'preact/hooks';
import { IMPORT_FORMATS, type ImportFormatName } from '../../../shared/enums.js';
import { KhoError } from '../../../shared/errors.js';
import { useApp } from '../lib/context.js';
import { formatBytes, newJobId, parseTagList } from '../lib/format.js';
import { withJobProgress } from '../lib/jobs.js';
import { uploadExport, type ImportReport } from '../lib/upload.js';
import { Dialog, InlineError, JobFooter } from './Dialog.js';
import { QueueProgress } from './QueueProgress.js';

type Format = 'auto' | ImportFormatName;

/**
 * Import one export file of another read-it-later app (Pocket, Instapaper, Omnivore, wallabag, Readwise,
 * browser bookmarks). The file's bytes go to `import.bytes` in chunks, so it works the same in Electron and
 * under `kho serve`; the report says what was added, what was already there and which rows could not be
 * read, and the background fetch queue's progress follows.
 */
export function ExportImportDialog(props: { file: File; onClose(): void; onImported(): void }) {
  const { api, events, t } = useApp();
  const [format, setFormat] = useState<Format>('auto');
  const [tags, setTags] = useState('');
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<{ label: string; fraction: number } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [stopped, setStopped] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stop = useRef<{ stopped: boolean; jobId: string | null }>({ stopped: false, jobId: null });
  const { file } = props;

  const start = async () => {
    setError(null);
    setRunning(true);
    const jobId = newJobId('import');
    stop.current = { stopped: false, jobId };
    const percent = (sent: number) => Math.round((100 * sent) / Math.max(1, file.size));
    setProgress({ label: t('importExport.sending', { percent: 0 }), fraction: 0 });
    try {
      const r = await uploadExport(api, file, {
        uploadId: newJobId('upload'),
        jobId,
        format,
        tags: parseTagList(tags),
        stopped: () => stop.current.stopped,
        onSent: (sent) =>
          setProgress({
            label: t('importExport.sending', { percent: percent(sent) }),
            fraction: sent / file.size,
          }),
        importing: (run) =>
          withJobProgress(events, jobId, run, (s) =>
            setProgress({
              label: t('importExport.importing', { done: s.done, total: s.total }),
              fraction: s.total > 0 ? s.done / s.total : 0,
            }),
          ),
      });
      setReport(r);
      setStopped(r === null);
      if (r && r.imported + r.skipped_existing > 0) props.onImported();
    } catch (err) {
      const e = KhoError.from(err);
      if (e.code === 'CANCELLED') {
        setStopped(true);
        props.onImported();
      } else setError(e.message);
    } finally {
      setRunning(false);
      setProgress(null);
    }
  };

  const requestStop = () => {
    stop.current.stopped = true;
    const id = stop.current.jobId;
    if (id) void api['jobs.cancel']({ job_id: id }).catch(() => undefined);
  };

  const finished = report !== null || stopped;
  return (
    <Dialog
      id="import-export-dialog"
      title={t('importExport.title')}
      onClose={props.onClose}
      busy={running}
      footer={
        <JobFooter
          running={running}
          finished={finished}
          onStop={requestStop}
          onClose={props.onClose}
          start={
            <button type="button" class="btn btn-primary" onClick={() => void start()}>
              {t('importExport.start')}
            </button>
          }
        />
      }
    >
      <div class="form">
        <p class="muted">{t('importExport.help')}</p>
        <p>{t('importExport.file', { name: file.name, size: formatBytes(file.size) })}</p>
        {!running && !finished ? (
          <>
            <label class="field">
              <span>{t('importExport.format')}</span>
              <select
                value={format}
                onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as Format)}
              >
                {(['auto', ...IMPORT_FORMATS] as const).map((f) => (
                  <option key={f} value={f}>
                    {t(`importExport.format.${f}`)}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{t('add.tags')}</span>
              <input
                type="text"
                value={tags}
                onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
          </>
        ) : null}
        {progress ? (
          <div class="job" aria-live="polite">
            <div class="job-label">{progress.label}</div>
            <progress max={1} value={progress.fraction} aria-label={t('importExport.title')} />
          </div>
        ) : null}
        {report ? <ReportView report={report} /> : null}
        {stopped ? <p role="status">{t('importExport.stopped')}</p> : null}
        {finished ? <QueueProgress /> : null}
        <InlineError message={error} />
      </div>
    </Dialog>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  const { t } = useApp();
  return (
    <div class="import-outcome" role="status">
      <p>
        {t('importExport.done', {
          variant: report.variant,
          imported: report.imported,
          skipped: report.skipped_existing,
        })}
      </p>
      {report.queued > 0 ? <p>{t('importExport.queued', { n: report.queued })}</p> : null}
      {report.highlights_added > 0 ? (
        <p>
          {t('importExport.highlights', {
            n: report.highlights_added,
            orphaned: report.highlights_orphaned,
          })}
        </p>
      ) : null}
      {report.problems.length > 0 ? (
        <details open={report.problems.length <= 5}>
          <summary>{t('importExport.problems', { n: report.problems.length })}</summary>
          <ul class="import-failures small">
            {report.problems.map((p, i) => (
              <li key={`${p.where}-${i}`}>
                <strong>{p.where}</strong>: {p.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
