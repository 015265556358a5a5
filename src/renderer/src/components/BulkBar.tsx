import type { ArticleStatusName } from '../../../shared/enums.js';
import type { BulkActions } from '../hooks/useBulkActions.js';
import { useApp } from '../lib/context.js';
import type { DialogState } from './DialogHost.js';
import { Icon } from './Icon.js';

/**
 * Actions on the selected articles, above the list: tag, untag, archive (or back to unread in the
 * Archived view) and trash; in the trash, restore and delete for good.
 */
export function BulkBar(props: {
  ids: number[];
  inTrash: boolean;
  archiveTarget: ArticleStatusName;
  bulk: BulkActions;
  onDialog(dialog: DialogState): void;
  onClear(): void;
}) {
  const { t } = useApp();
  const { ids, bulk } = props;
  return (
    <div class="bulk-bar" role="toolbar" aria-label={t('list.selected', { n: ids.length })}>
      <span class="bulk-count">{t('list.selected', { n: ids.length })}</span>
      {props.inTrash ? (
        <>
          <button type="button" class="btn btn-small" onClick={() => void bulk.restore(ids)}>
            {t('list.bulkRestore')}
          </button>
          <button
            type="button"
            class="btn btn-small btn-danger"
            onClick={() => props.onDialog({ kind: 'purge', ids })}
          >
            {t('list.bulkPurge')}
          </button>
        </>
      ) : (
        <>
          <button
            type="button"
            class="btn btn-small"
            onClick={() => props.onDialog({ kind: 'bulkTag', ids })}
          >
            {t('list.bulkTag')}
          </button>
          <button
            type="button"
            class="btn btn-small"
            onClick={() => props.onDialog({ kind: 'bulkUntag', ids })}
          >
            {t('list.bulkUntag')}
          </button>
          <button
            type="button"
            class="icon-btn"
            aria-label={t(props.archiveTarget === 'archived' ? 'list.bulkArchive' : 'list.bulkUnread')}
            title={t(props.archiveTarget === 'archived' ? 'list.bulkArchive' : 'list.bulkUnread')}
            onClick={() => void bulk.setStatus(ids, props.archiveTarget)}
          >
            <Icon name={props.archiveTarget === 'archived' ? 'archive' : 'inbox'} size={18} />
          </button>
          <button
            type="button"
            class="icon-btn"
            aria-label={t('list.bulkTrash')}
            title={t('list.bulkTrash')}
            onClick={() => void bulk.trash(ids)}
          >
            <Icon name="trash" size={18} />
          </button>
        </>
      )}
      <button
        type="button"
        class="icon-btn"
        aria-label={t('list.clear')}
        title={t('list.clear')}
        onClick={props.onClear}
      >
        <Icon name="close" size={16} />
      </button>
    </div>
  );
}
