import { z } from 'zod';
import {
  ARTICLE_STATUSES,
  FETCH_STATES,
  HIGHLIGHT_COLORS,
  LIST_SORTS,
  LIST_VIEWS,
  NOTEBOOK_SORTS,
  QUEUE_KINDS,
  QUEUE_STATES,
  SOURCE_KINDS,
} from './enums.js';
import { hasBidiControls, hasControlChars, isInvisible } from './unsafe-chars.js';

/** Domain shapes shared by every transport. Field names are snake_case: they are also the CLI's JSON. */

export const Id = z.number().int().positive();
export const ArticleStatus = z.enum(ARTICLE_STATUSES);
export const HighlightColor = z.enum(HIGHLIGHT_COLORS);
export const AnnotationStatus = z.enum(['anchored', 'orphan']);
export const ListView = z.enum(LIST_VIEWS);
export const ListSort = z.enum(LIST_SORTS);
export const NotebookSort = z.enum(NOTEBOOK_SORTS);
export const FetchState = z.enum(FETCH_STATES);
export const QueueKind = z.enum(QUEUE_KINDS);
export const QueueState = z.enum(QUEUE_STATES);

/** A tag name: NFC, trimmed, levels separated by "/" with no empty level. */
export const TagName = z
  .string()
  .transform((s) =>
    s
      .normalize('NFC')
      .split('/')
      .map((part) => part.trim().replace(/\s+/g, ' '))
      .join('/'),
  )
  .pipe(
    z
      .string()
      .min(1, 'A tag cannot be empty.')
      .max(200, 'A tag is at most 200 characters.')
      .refine(
        (s) => !s.split('/').some((p) => p === ''),
        'A tag level cannot be empty (check the "/" separators).',
      )
      .refine((s) => !hasControlChars(s), 'A tag cannot contain control characters.')
      .refine(
        (s) => !hasBidiControls(s),
        'A tag cannot contain text-direction override characters (U+202A–U+202E, U+2066–U+2069).',
      )
      .refine(
        (s) => !s.split('/').some(isInvisible),
        'A tag level cannot be made only of invisible characters (zero-width spaces, joiners...).',
      ),
  );

export const ArticleSummary = z.object({
  id: Id,
  title: z.string(),
  url: z.string().nullable(),
  site: z.string().nullable(),
  lang: z.string().nullable(),
  byline: z.string().nullable(),
  excerpt: z.string().nullable(),
  lead_image: z.string().nullable(),
  published_at: z.string().nullable(),
  saved_at: z.string(),
  updated_at: z.string(),
  status: ArticleStatus,
  favorite: z.boolean(),
  reading_progress: z.number().min(0).max(1),
  word_count: z.number().int().nonnegative(),
  reading_minutes: z.number().int().nonnegative(),
  tags: z.array(z.string()),
  annotation_count: z.number().int().nonnegative(),
  deleted_at: z.string().nullable(),
  /** null: the content is here. Otherwise the page (known from an import) is being fetched or could not be. */
  fetch_state: FetchState.nullable(),
  /** Why the last fetch failed, when fetch_state is failed or unavailable. */
  fetch_error: z.string().nullable(),
});
export type ArticleSummary = z.infer<typeof ArticleSummary>;

export const ArticleDetail = ArticleSummary.extend({
  content_html: z.string(),
  content_text: z.string(),
  source_kind: z.enum(SOURCE_KINDS),
  /** A note about the whole article (Markdown), e.g. an Omnivore page note. */
  note: z.string().nullable(),
});
export type ArticleDetail = z.infer<typeof ArticleDetail>;

export const Tag = z.object({ id: Id, name: z.string(), count: z.number().int().nonnegative() });
export type Tag = z.infer<typeof Tag>;

export const Annotation = z.object({
  id: Id,
  article_id: Id,
  exact: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  start: z.number().int().nonnegative().nullable(),
  end: z.number().int().nonnegative().nullable(),
  status: AnnotationStatus,
  color: HighlightColor,
  note: z.string().nullable(),
  tags: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Annotation = z.infer<typeof Annotation>;

/** A highlight as the notebook shows it: with the article it belongs to. */
export const NotebookEntry = Annotation.extend({
  article_title: z.string(),
  article_site: z.string().nullable(),
});
export type NotebookEntry = z.infer<typeof NotebookEntry>;

export const ReanchorReport = z.object({ anchored: z.number().int(), orphaned: z.number().int() });

/**
 * A content an article no longer shows ('previous': replaced by a refresh, a new file or a restore) or
 * was offered without applying it ('offered': a local file claiming the address of a saved article).
 * `uuid` is the content's stable id (it was the article's while current).
 */
export const ArticleVersion = z.object({
  id: Id,
  uuid: z.string(),
  article_id: Id,
  kind: z.enum(['previous', 'offered']),
  reason: z.string(),
  created_at: z.string(),
  captured_at: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  site: z.string().nullable(),
  word_count: z.number().int().nonnegative(),
  source_kind: z.enum(SOURCE_KINDS),
  /** Highlights recorded as anchored in this content. */
  highlight_count: z.number().int().nonnegative(),
});
export type ArticleVersion = z.infer<typeof ArticleVersion>;

export const ArticleVersionDetail = ArticleVersion.extend({
  content_html: z.string(),
  content_text: z.string(),
});

export const SearchHit = z.object({
  id: Id,
  title: z.string(),
  url: z.string().nullable(),
  site: z.string().nullable(),
  lang: z.string().nullable(),
  score: z.number(),
  snippet: z.string(),
  /** Where the snippet comes from: the article's text, or a highlight's note when only a note matched. */
  snippet_from: z.enum(['text', 'note']),
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
  title_highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
  saved_at: z.string(),
  published_at: z.string().nullable(),
  status: z.string(),
  favorite: z.boolean(),
  tags: z.array(z.string()),
  /** Found only through a corrected word (see the search.query output's `corrected`). */
  corrected: z.boolean().optional(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const JobState = z.object({
  job_id: z.string(),
  kind: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  phase: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  message: z.string().nullable(),
  error: z.string().nullable(),
});
export type JobState = z.infer<typeof JobState>;

/** Client-chosen id for a long operation, so the UI can poll its progress and cancel it. */
export const JobId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{4,64}$/, 'A job id is 4-64 letters, digits, "_" or "-".')
  .optional();

/** One row of the background fetch queue, as `queue.list` shows it. */
export const QueueItem = z.object({
  id: Id,
  article_id: Id,
  title: z.string(),
  url: z.string(),
  kind: QueueKind,
  state: QueueState,
  attempts: z.number().int().nonnegative(),
  last_error: z.string().nullable(),
  /** When a queued row is tried next (ISO), null otherwise. */
  next_attempt_at: z.string().nullable(),
  updated_at: z.string(),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const QueueStatus = z.object({
  queued: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  unavailable: z.number().int().nonnegative(),
  paused: z.boolean(),
  /** The earliest time a queued row is due (ISO), null when nothing is queued. */
  next_attempt_at: z.string().nullable(),
});
export type QueueStatus = z.infer<typeof QueueStatus>;

/** When automatic backups run: on or off, how often, how many are kept (older ones are deleted). */
export const BackupSchedule = z.object({
  enabled: z.boolean(),
  every_hours: z
    .number()
    .int()
    .min(1, 'Back up at most once an hour.')
    .max(24 * 30, 'Back up at least monthly.'),
  keep: z.number().int().min(1, 'Keep at least one backup.').max(100, 'Keep at most 100 backups.'),
});
export type BackupSchedule = z.infer<typeof BackupSchedule>;

/** One backup in the archive's backups folder. */
export const BackupItem = z.object({
  path: z.string(),
  name: z.string(),
  /** When it was made (ISO 8601 UTC). */
  created_at: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type BackupItem = z.infer<typeof BackupItem>;

/** The backups folder, its backups (newest first), the schedule and what the scheduler last did. */
export const BackupsState = z.object({
  folder: z.string(),
  items: z.array(BackupItem),
  schedule: BackupSchedule,
  /** A backup is being made now (by this process). */
  running: z.boolean(),
  /** When the next automatic backup is due (null: automatic backups are off). */
  next_due: z.string().nullable(),
  /** The last automatic backup's failure, if the last attempt failed. */
  last_error: z.string().nullable(),
});
