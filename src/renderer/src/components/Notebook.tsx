import { useState } from 'preact/hooks';
import { HIGHLIGHT_COLORS, NOTEBOOK_SORTS, type NotebookSortName } from '../../../shared/enums.js';
import type { NotebookEntry } from '../../../shared/schemas.js';
import { notebookQuery, useNotebook } from '../hooks/useNotebook.js';
import { useApp } from '../lib/context.js';
import { downloadFile } from '../lib/download.js';
import { formatDate } from '../lib/format.js';
import { NOTEBOOK_DEFAULTS, type NotebookFilters } from '../lib/routes.js';
import { Icon } from './Icon.js';
import { NoteText } from './NoteText.js';
import { TagInput } from './TagInput.js';

const EXPORTS = [
  ['markdown', 'notebook.exportMarkdown'],
  ['csv', 'notebook.exportCsv'],
  ['jsonld', 'notebook.exportJsonld'],
] as const;

/**
 * Every highlight and note across the archive, like a commonplace book: newest first or by article,
 * narrowed by words (in quotes and notes), colour, tag and article; a quote jumps to its passage, and
 * the filtered set exports as Markdown, CSV or W3C JSON-LD. The filters live in the route.
 */
export function Notebook(props: {
  filters: NotebookFilters;
  version: number;
  allTags: readonly string[];
  /** Changes the filters; `replace` while typing. */
  onFilters(filters: NotebookFilters, replace: boolean): void;
  onGoTo(entry: NotebookEntry): void;
}) {
  const { api, t, lang, fail, toast } = useApp();
  const { filters } = props;
  const nb = useNotebook(api, fail, filters, props.version);
  const [tagText, setTagText] = useState('');
  const [exporting, setExporting] = useState(false);
  const set = (change: Partial<NotebookFilters>, replace = false) =>
    props.onFilters({ ...filters, ...change }, replace);
  const filtered = JSON.stringify({ ...filters, sort: 'newest' }) !== JSON.stringify(NOTEBOOK_DEFAULTS);
  const articleTitle = filters.article !== null ? nb.items[0]?.article_title : undefined;

  const exportAs = async (format: (typeof EXPORTS)[number][0]) => {
    setExporting(false);
    try {
      const r = await api['export.annotations']({ format, ...notebookQuery(filters) });
      downloadFile(r.filename, r.mime, r.content);
      toast(t('toast.exported', { name: r.filename }));
    } catch (err) {
      fail(err);
    }
  };

  return (
    <section class="notebook" aria-labelledby="notebook-title">
      <div class="notebook-head">
        <h1 id="notebook-title" class="list-title">
          {t('notebook.title')}
          {nb.total !== null ? <span class="muted"> · {t('hl.count', { n: nb.total })}</span> : null}
        </h1>
        <label class="sort">
          <span class="sr-only">{t('list.sort')}</span>
          <select
            value={filters.sort}
            aria-label={t('list.sort')}
            onChange={(e) => set({ sort: (e.currentTarget as HTMLSelectElement).value as NotebookSortName })}
          >
            {NOTEBOOK_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(s === 'newest' ? 'notebook.sortNewest' : 'notebook.sortArticle')}
              </option>
            ))}
          </select>
        </label>
        <div class="popover-anchor">
          <button
            type="button"
            class="btn btn-small"
            aria-expanded={exporting}
            aria-haspopup="menu"
            disabled={!nb.total}
            onClick={() => setExporting(!exporting)}
          >
            <Icon name="download" size={14} /> {t('notebook.export')}
          </button>
          {exporting ? (
            <div class="menu notebook-export" role="menu" aria-label={t('notebook.export')}>
              {EXPORTS.map(([format, key]) => (
                <button key={format} type="button" role="menuitem" onClick={() => void exportAs(format)}>
                  {t(key)}
                </button>
              ))}
            </div>
          ) : null}
        </div>
      </div>
      <div class="notebook-filters" role="group" aria-label={t('notebook.filters')}>
        <input
          type="search"
          class="notebook-search"
          aria-label={t('notebook.search')}
          placeholder={t('notebook.search')}
          value={filters.q}
          onInput={(e) => set({ q: (e.currentTarget as HTMLInputElement).value }, true)}
        />
        <div class="hl-colors" role="group" aria-label={t('notebook.color')}>
          {HIGHLIGHT_COLORS.map((c) => (
            <button
              key={c}
              type="button"
              class={`swatch swatch-${c}`}
              aria-pressed={filters.color === c}
              aria-label={t(`hl.color.${c}`)}
              title={t(`hl.color.${c}`)}
              onClick={() => set({ color: filters.color === c ? null : c })}
            />
          ))}
        </div>
        {filters.tag ? (
          <FilterChip label={filters.tag} icon="tag" onClear={() => set({ tag: null })} />
        ) : (
          <TagInput
            allTags={props.allTags}
            value={tagText}
            onValue={setTagText}
            onPick={(tag) => {
              setTagText('');
              set({ tag });
            }}
            allowCreate={false}
            label={t('notebook.tag')}
            placeholder={t('notebook.tag')}
            class="notebook-tag"
          />
        )}
        {filters.article !== null ? (
          <FilterChip
            label={articleTitle ?? t('notebook.oneArticle')}
            icon="bookmark"
            onClear={() => set({ article: null })}
          />
        ) : null}
        {filtered ? (
          <button
            type="button"
            class="link-btn"
            onClick={() => set({ ...NOTEBOOK_DEFAULTS, sort: filters.sort })}
          >
            {t('notebook.clear')}
          </button>
        ) : null}
      </div>
      {nb.total === 0 && !nb.loading ? (
        <div class="empty">
          <h2>{t(filtered ? 'notebook.noneFiltered' : 'notebook.none')}</h2>
          <p>{t('notebook.help')}</p>
        </div>
      ) : (
        <ol class="notebook-list" aria-busy={nb.loading}>
          {nb.items.map((entry, i) => (
            <NotebookItem
              key={entry.id}
              entry={entry}
              heading={filters.sort === 'article' && nb.items[i - 1]?.article_id !== entry.article_id}
              lang={lang}
              onGoTo={() => props.onGoTo(entry)}
              onArticle={() => set({ article: entry.article_id })}
            />
          ))}
        </ol>
      )}
      {nb.total !== null && nb.items.length < nb.total ? (
        <div class="results-more">
          <button type="button" class="btn" disabled={nb.loading} onClick={nb.more}>
            {t('search.more')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function FilterChip(props: { label: string; icon: string; onClear(): void }) {
  const { t } = useApp();
  return (
    <span class="chip filter-chip">
      <Icon name={props.icon} size={12} />
      {props.label}
      <button
        type="button"
        class="chip-x"
        aria-label={t('notebook.removeFilter', { name: props.label })}
        title={t('notebook.removeFilter', { name: props.label })}
        onClick={props.onClear}
      >
        <Icon name="close" size={12} />
      </button>
    </span>
  );
}

function NotebookItem(props: {
  entry: NotebookEntry;
  heading: boolean;
  lang: ReturnType<typeof useApp>['lang'];
  onGoTo(): void;
  onArticle(): void;
}) {
  const { t } = useApp();
  const { entry } = props;
  const quote = entry.exact.length > 600 ? `${entry.exact.slice(0, 600)}…` : entry.exact;
  return (
    <li class={`nb-entry hl-item hl-item-${entry.color}${entry.status === 'orphan' ? ' is-orphan' : ''}`}>
      {props.heading ? <h2 class="nb-article">{entry.article_title || t('list.untitled')}</h2> : null}
      <button
        type="button"
        class="hl-quote nb-quote"
        aria-label={t('hl.goTo', { quote: quote.slice(0, 80) })}
        onClick={props.onGoTo}
      >
        {quote}
      </button>
      {entry.note ? <NoteText text={entry.note} class="hl-note" /> : null}
      <p class="nb-meta">
        <button type="button" class="link-btn" title={t('notebook.onlyArticle')} onClick={props.onArticle}>
          {entry.article_title || t('list.untitled')}
        </button>
        {[entry.article_site, formatDate(entry.created_at, props.lang)]
          .filter(Boolean)
          .map((part) => ` · ${part}`)
          .join('')}
        {entry.status === 'orphan' ? <span class="hl-orphan"> · {t('hl.orphan')}</span> : null}
      </p>
    </li>
  );
}
