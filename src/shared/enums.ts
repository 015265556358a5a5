/**
 * The closed sets of values the contract names, as plain constants. They live apart from the zod schemas
 * so the renderer and the preload can use them without bundling zod; `schemas.ts` builds its enums from here.
 */
export const LIST_VIEWS = ['all', 'unread', 'archived', 'favorites', 'annotated', 'trash'] as const;
export type ListViewName = (typeof LIST_VIEWS)[number];

export const ARTICLE_STATUSES = ['unread', 'archived'] as const;
export type ArticleStatusName = (typeof ARTICLE_STATUSES)[number];

export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type HighlightColorName = (typeof HIGHLIGHT_COLORS)[number];

export const LIST_SORTS = ['saved', 'published', 'title'] as const;
export type ListSortName = (typeof LIST_SORTS)[number];

/** What an article's stored content was made from. */
export const SOURCE_KINDS = ['text', 'markdown', 'html', 'url'] as const;
export type SourceKindName = (typeof SOURCE_KINDS)[number];

/** How the notebook (every highlight) is ordered: newest first, or by article in reading order. */
export const NOTEBOOK_SORTS = ['newest', 'article'] as const;
export type NotebookSortName = (typeof NOTEBOOK_SORTS)[number];
