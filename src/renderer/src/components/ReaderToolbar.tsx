import { useEffect, useRef, useState } from 'preact/hooks';
import type { ArticleDetail } from '../../../shared/schemas.js';
import { useApp } from '../lib/context.js';
import { DisplaySettings } from './DisplaySettings.js';
import { Icon } from './Icon.js';

/**
 * The reader's toolbar: back, favourite, archive, trash (restore in the trash), the display popover,
 * focus mode, the highlights panel, fetching again from the web, and the original page.
 */
export function ReaderToolbar(props: {
  article: ArticleDetail;
  highlightCount: number;
  panelOpen: boolean;
  refreshing: boolean;
  /** Focus mode is on: the sidebar and the list are hidden. */
  focus: boolean;
  onClose(): void;
  onFavorite(): void;
  onArchive(): void;
  onTrash(): void;
  onRestore(): void;
  onTogglePanel(): void;
  onToggleFocus(): void;
  onRefresh(): void;
}) {
  const { t } = useApp();
  const { article, highlightCount, panelOpen } = props;
  const trashed = article.deleted_at !== null;
  return (
    <div class="reader-bar" role="toolbar" aria-label={t('reader.label')}>
      <button
        type="button"
        class="icon-btn reader-back"
        aria-label={t('reader.close')}
        title={t('reader.close')}
        onClick={props.onClose}
      >
        <Icon name="back" />
      </button>
      <div class="reader-bar-spacer" />
      {trashed ? (
        <button type="button" class="btn btn-small" onClick={props.onRestore}>
          <Icon name="restore" size={16} /> {t('reader.restore')}
        </button>
      ) : (
        <>
          <button
            type="button"
            class={`icon-btn${article.favorite ? ' is-on' : ''}`}
            aria-pressed={article.favorite}
            aria-label={t('reader.favorite')}
            title={`${t(article.favorite ? 'reader.unfavorite' : 'reader.favorite')} (f)`}
            onClick={props.onFavorite}
          >
            <Icon name="star" filled={article.favorite} />
          </button>
          <button
            type="button"
            class={`icon-btn${article.status === 'archived' ? ' is-on' : ''}`}
            aria-pressed={article.status === 'archived'}
            aria-label={t('reader.archive')}
            title={`${t(article.status === 'archived' ? 'reader.unarchive' : 'reader.archive')} (a)`}
            onClick={props.onArchive}
          >
            <Icon name="archive" />
          </button>
          <button
            type="button"
            class="icon-btn"
            aria-label={t('reader.trash')}
            title={t('reader.trash')}
            onClick={props.onTrash}
          >
            <Icon name="trash" />
          </button>
        </>
      )}
      <DisplayPopover />
      <button
        type="button"
        class={`icon-btn focus-btn${props.focus ? ' is-on' : ''}`}
        aria-pressed={props.focus}
        aria-label={t('reader.focus')}
        title={t('reader.focusTitle')}
        onClick={props.onToggleFocus}
      >
        <Icon name="focus" />
      </button>
      <button
        type="button"
        class={`icon-btn${panelOpen ? ' is-on' : ''}`}
        aria-pressed={panelOpen}
        aria-label={highlightCount ? `${t('reader.highlights')} ${highlightCount}` : t('reader.highlights')}
        title={t('reader.highlights')}
        onClick={props.onTogglePanel}
      >
        <Icon name="highlight" />
        {highlightCount ? <span class="badge">{highlightCount}</span> : null}
      </button>
      {article.source_kind === 'url' && article.url && /^https?:/i.test(article.url) && !trashed ? (
        <button
          type="button"
          class="icon-btn"
          aria-label={t('reader.refresh')}
          title={t('reader.refresh')}
          disabled={props.refreshing}
          aria-busy={props.refreshing}
          onClick={props.onRefresh}
        >
          <Icon name="restore" />
        </button>
      ) : null}
      {article.url ? (
        <a
          class="btn btn-small"
          href={article.url}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={t('reader.original')}
          title={t('reader.originalTitle')}
        >
          <Icon name="external" size={16} /> <span class="btn-label">{t('reader.original')}</span>
        </a>
      ) : null}
    </div>
  );
}

/** The "Aa" button and its popover of display settings; a click elsewhere or Escape closes it. */
function DisplayPopover() {
  const { t } = useApp();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  return (
    <div class="popover-anchor" ref={ref}>
      <button
        type="button"
        class="icon-btn"
        aria-label={t('reader.display')}
        title={t('reader.display')}
        aria-expanded={open}
        aria-controls="display-popover"
        onClick={() => setOpen(!open)}
      >
        <span class="aa" aria-hidden="true">
          Aa
        </span>
      </button>
      {open ? (
        <div
          class="popover display-popover"
          id="display-popover"
          role="dialog"
          aria-label={t('reader.display')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
            }
          }}
        >
          <DisplaySettings />
        </div>
      ) : null}
    </div>
  );
}
