import { LIST_SORTS, type ListSortName } from '../../../shared/enums.js';
import type { ArticlePages } from '../hooks/useArticlePages.js';
import type { BulkActions } from '../hooks/useBulkActions.js';
import type { ListSelection } from '../hooks/useListSelection.js';
import { useApp } from '../lib/context.js';
import {
  archiveTarget,
  isView,
  SORT_LABELS,
  sourceLabel,
  VIEW_LOOK,
  type Source,
  type ViewCounts,
} from '../lib/views.js';
import { ArticleList } from './ArticleList.js';
import { BulkBar } from './BulkBar.js';
import type { DialogState } from './DialogHost.js';
import { Icon } from './Icon.js';

/**
 * The list pane when not searching: the source's title and count, the sort, the trash and bulk bars,
 * and the articles (or what to do when there are none: a welcome for an empty archive).
 */
export function ListPane(props: {
  source: Source;
  pages: ArticlePages;
  counts: ViewCounts;
  selection: ListSelection;
  bulk: BulkActions;
  listRef: { current: HTMLDivElement | null };
  onDialog(dialog: DialogState): void;
}) {
  const { t, settings, setSetting } = useApp();
  const { source, pages, selection } = props;
  const label = sourceLabel(source, t);
  const inTrash = isView(source, 'trash');
  const selectedIds = [...selection.selected];
  const archiveEmpty = props.counts.all === 0 && (props.counts.trash ?? 0) === 0;
  const emptyKey = source.kind === 'tag' ? 'empty.tag' : VIEW_LOOK[source.view].empty;
  return (
    <>
      <div class="list-head">
        <h1 class="list-title">
          {label}
          {pages.total !== null ? <span class="muted"> · {t('list.total', { n: pages.total })}</span> : null}
        </h1>
        <label class="sort">
          <span class="sr-only">{t('list.sort')}</span>
          <select
            value={settings.sort}
            aria-label={t('list.sort')}
            onChange={(e) => setSetting('sort', (e.currentTarget as HTMLSelectElement).value as ListSortName)}
          >
            {LIST_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(SORT_LABELS[sort])}
              </option>
            ))}
          </select>
        </label>
      </div>
      {inTrash && pages.total ? (
        <div class="trash-bar">
          <span class="muted small">{t('list.trashHelp')}</span>
          <button
            type="button"
            class="btn btn-small btn-danger"
            onClick={() => props.onDialog({ kind: 'emptyTrash', count: pages.total ?? 0 })}
          >
            {t('list.emptyTrash')}
          </button>
        </div>
      ) : null}
      {selectedIds.length > 1 || (inTrash && selectedIds.length > 0) ? (
        <BulkBar
          ids={selectedIds}
          inTrash={inTrash}
          archiveTarget={archiveTarget(source)}
          bulk={props.bulk}
          onDialog={props.onDialog}
          onClear={selection.clear}
        />
      ) : null}
      {pages.total === 0 ? (
        archiveEmpty && isView(source, 'all') ? (
          <div class="empty empty-welcome">
            <div class="empty-art" aria-hidden="true">
              <Icon name="bookmark" size={40} />
            </div>
            <h2>{t('empty.title')}</h2>
            <p>{t('empty.body')}</p>
            <button
              type="button"
              class="btn btn-primary"
              onClick={() => props.onDialog({ kind: 'add', initial: {} })}
            >
              <Icon name="plus" size={16} /> {t('empty.add')}
            </button>
          </div>
        ) : (
          <div class="empty">
            <h2>{t('empty.view')}</h2>
            <p>{t(emptyKey ?? 'empty.body')}</p>
          </div>
        )
      ) : (
        <div id="article-list" class="list-wrap">
          <ArticleList
            pages={pages}
            label={label}
            sort={settings.sort}
            cursor={selection.cursor}
            selected={selection.selected}
            openId={selection.openId}
            listRef={props.listRef}
            onRowClick={selection.clickRow}
            onOpen={selection.openAt}
            onMove={selection.moveTo}
            onToggle={selection.toggle}
          />
        </div>
      )}
    </>
  );
}
