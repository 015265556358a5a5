import type { ArticleStatusName, ListSortName, ListViewName } from '../../../shared/enums.js';
import type { MessageKey, Translate } from '../i18n/index.js';

/** What the article list shows: one of the contract's views, or every article with a tag. */
export type Source = { kind: 'view'; view: ListViewName } | { kind: 'tag'; tag: string };

/** Articles in each view, for the sidebar. */
export type ViewCounts = Partial<Record<ListViewName, number>>;

/** How each view is named and drawn in the sidebar, and what its list says when empty. */
export const VIEW_LOOK: Record<ListViewName, { label: MessageKey; icon: string; empty: MessageKey | null }> =
  {
    all: { label: 'nav.all', icon: 'all', empty: null },
    unread: { label: 'nav.unread', icon: 'inbox', empty: 'empty.unread' },
    archived: { label: 'nav.archived', icon: 'archive', empty: 'empty.archived' },
    favorites: { label: 'nav.favorites', icon: 'star', empty: 'empty.favorites' },
    annotated: { label: 'nav.annotated', icon: 'highlight', empty: 'empty.annotated' },
    trash: { label: 'nav.trash', icon: 'trash', empty: 'empty.trash' },
  };

export const SORT_LABELS: Record<ListSortName, MessageKey> = {
  saved: 'list.sortSaved',
  published: 'list.sortPublished',
  title: 'list.sortTitle',
};

export function sourceLabel(source: Source, t: Translate): string {
  return source.kind === 'tag' ? source.tag : t(VIEW_LOOK[source.view].label);
}

export function isView(source: Source, view: ListViewName): boolean {
  return source.kind === 'view' && source.view === view;
}

/** Where "archive" sends selected articles: back to unread from the Archived view, else to the archive. */
export function archiveTarget(source: Source): ArticleStatusName {
  return isView(source, 'archived') ? 'unread' : 'archived';
}

/**
 * The source after tag `name` was renamed or merged into `renamedTo`, or deleted (null): a list showing
 * that tag or one under it follows the new name, or falls back to all articles. Other sources stay as they are.
 */
export function sourceAfterTagChange(source: Source, name: string, renamedTo: string | null): Source {
  if (source.kind !== 'tag' || (source.tag !== name && !source.tag.startsWith(`${name}/`))) return source;
  return renamedTo
    ? { kind: 'tag', tag: renamedTo + source.tag.slice(name.length) }
    : { kind: 'view', view: 'all' };
}
