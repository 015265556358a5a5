import type { FindInArticle } from '../hooks/useFindInArticle.js';
import { useApp } from '../lib/context.js';
import { Icon } from './Icon.js';

/** The search's words in the open article: how many, which one is current, previous/next, and close. */
export function FindBar(props: { query: string; find: FindInArticle; onClose(): void }) {
  const { t } = useApp();
  const { find } = props;
  return (
    <div
      class="find-bar"
      role="search"
      aria-label={t('find.label')}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          if (e.shiftKey) find.previous();
          else find.next();
        }
      }}
    >
      <Icon name="search" size={14} />
      <span class="find-query" title={props.query}>
        {props.query}
      </span>
      <span class="find-count" aria-live="polite">
        {find.count ? t('find.position', { i: find.index + 1, n: find.count }) : t('find.none')}
      </span>
      <button
        type="button"
        class="icon-btn"
        aria-label={t('find.previous')}
        title={t('find.previous')}
        disabled={!find.count}
        onClick={find.previous}
      >
        <Icon name="up" size={16} />
      </button>
      <button
        type="button"
        class="icon-btn"
        aria-label={t('find.next')}
        title={t('find.next')}
        disabled={!find.count}
        onClick={find.next}
      >
        <Icon name="down" size={16} />
      </button>
      <button
        type="button"
        class="icon-btn"
        aria-label={t('find.close')}
        title={t('find.close')}
        onClick={props.onClose}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
