import { useState } from 'preact/hooks';
import type { OperationInput, OperationOutput } from '../../../shared/contract.js';
import { EXPORT_FORMATS, type ExportFormatName } from '../../../shared/enums.js';
import { KhoError } from '../../../shared/errors.js';
import { useApp } from '../lib/context.js';
import { saveDownload } from '../lib/download.js';
import { Dialog, InlineError } from './Dialog.js';

/** What the window shows when the dialog opens: the filters it can offer besides the whole archive. */
export interface ExportScope {
  tag: string | null;
  query: string | null;
  ids: number[];
}

type Filter = 'all' | 'tag' | 'query' | 'selected';
type Done = Extract<OperationOutput<'export.run'>, { kind: 'file' }>;

/**
 * Export: a format (each with what reads it), which articles (the whole archive, the tag or search shown,
 * or the selected ones), then the file. It downloads: a browser saves it under `kho serve`, and the app
 * asks where with its save dialog. Obsidian comes as a zip of the folder here; File > Export > Obsidian
 * writes into a vault folder and updates it on later exports.
 */
export function ExportDialog(props: { scope: ExportScope; onClose(): void }) {
  const { api, t } = useApp();
  const { scope } = props;
  const [format, setFormat] = useState<ExportFormatName>('md');
  const [filter, setFilter] = useState<Filter>(
    scope.ids.length > 0 ? 'selected' : scope.query ? 'query' : scope.tag ? 'tag' : 'all',
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);

  const filters: Array<[Filter, string, boolean]> = [
    ['all', t('exportDialog.all'), true],
    ['tag', scope.tag ? t('exportDialog.tag', { tag: scope.tag }) : t('exportDialog.noTag'), !!scope.tag],
    [
      'query',
      scope.query ? t('exportDialog.query', { q: scope.query }) : t('exportDialog.noQuery'),
      !!scope.query,
    ],
    [
      'selected',
      scope.ids.length ? t('exportDialog.selected', { n: scope.ids.length }) : t('exportDialog.noSelection'),
      scope.ids.length > 0,
    ],
  ];

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const input: OperationInput<'export.run'> = { format };
      if (filter === 'tag' && scope.tag) input.tag = scope.tag;
      if (filter === 'query' && scope.query) input.query = scope.query;
      if (filter === 'selected') input.article_ids = scope.ids;
      const r = await api['export.run'](input);
      if (r.kind !== 'file') throw new KhoError('INTERNAL', t('exportDialog.failed'));
      saveDownload(r);
      setDone(r);
    } catch (err) {
      setError(KhoError.from(err).message);
    } finally {
      setBusy(false);
    }
  };

  const footer = done ? (
    <button type="button" class="btn btn-primary" onClick={props.onClose}>
      {t('import.finish')}
    </button>
  ) : (
    <>
      <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
        {t('common.cancel')}
      </button>
      <button type="button" class="btn btn-primary" onClick={() => void run()} disabled={busy}>
        {busy ? t('exportDialog.working') : t('exportDialog.run')}
      </button>
    </>
  );

  return (
    <Dialog
      id="export-dialog"
      title={t('exportDialog.title')}
      onClose={props.onClose}
      busy={busy}
      footer={footer}
      wide
    >
      {done ? (
        <div class="export-done" role="status">
          <p>{t('exportDialog.done', { name: done.filename, n: done.articles, h: done.highlights })}</p>
          <p class="muted">{t('exportDialog.doneHelp')}</p>
        </div>
      ) : (
        <div class="export-form">
          <fieldset class="export-formats">
            <legend>{t('exportDialog.format')}</legend>
            {EXPORT_FORMATS.map((f) => (
              <label key={f} class={`export-option${format === f ? ' is-checked' : ''}`}>
                <input
                  type="radio"
                  name="export-format"
                  value={f}
                  checked={format === f}
                  onChange={() => setFormat(f)}
                />
                <span class="export-option-text">
                  <strong>{t(`exportDialog.format.${f}`)}</strong>
                  <span class="muted">{t(`exportDialog.about.${f}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <fieldset class="export-filters">
            <legend>{t('exportDialog.which')}</legend>
            {filters.map(([value, label, enabled]) => (
              <label key={value} class={`check${enabled ? '' : ' is-disabled'}`}>
                <input
                  type="radio"
                  name="export-filter"
                  value={value}
                  checked={filter === value}
                  disabled={!enabled}
                  onChange={() => setFilter(value)}
                />
                <span>{label}</span>
              </label>
            ))}
          </fieldset>
          <InlineError message={error} />
        </div>
      )}
    </Dialog>
  );
}
