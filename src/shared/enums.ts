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
/**
 * Export formats `import.file` reads (`auto` detects from the content); the parsers live in src/core/importers,
 * and a Kho backup (`kho`) is merged by src/core/import-store/kho-backup.ts.
 */
export const IMPORT_FORMATS = [
  'pocket',
  'instapaper',
  'omnivore',
  'wallabag',
  'bookmarks',
  'readwise',
  'kho',
] as const;
export type ImportFormatName = (typeof IMPORT_FORMATS)[number];

/** An article whose page is still to be fetched, could not be fetched yet, or is gone for good. */
export const FETCH_STATES = ['pending', 'failed', 'unavailable'] as const;

/** A row of the background fetch queue: a page to fetch, or the images of imported content. */
export const QUEUE_KINDS = ['page', 'images'] as const;
export const QUEUE_STATES = ['queued', 'running', 'done', 'failed', 'unavailable'] as const;
export type QueueStateName = (typeof QUEUE_STATES)[number];

/** The job under which the archive reports the background fetch queue's progress (cancelling it pauses the queue). */
export const QUEUE_JOB_ID = 'fetch-queue';

/** What `export.run` can write (see src/core/export/README.md for who reads each one). */
export const EXPORT_FORMATS = ['md', 'obsidian', 'jsonld', 'csv', 'readwise-csv', 'html', 'epub'] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

/** What saving a page goes through, in order, as its job reports it (`job.progress`); the app names each. */
export const CAPTURE_PHASES = ['starting', 'fetching', 'decoding', 'extracting', 'images', 'done'] as const;
export type CapturePhase = (typeof CAPTURE_PHASES)[number];
