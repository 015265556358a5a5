// The whole contract in one file: every operation's schemas and facts side by side is what makes it the one
// source of truth (a reader sees all of Kho's surface at once). It stays whole; shapes live in schemas.ts.
import { z } from 'zod';
import {
  Annotation,
  ArticleDetail,
  ArticleStatus,
  ArticleSummary,
  ArticleVersion,
  ArticleVersionDetail,
  BackupItem,
  BackupSchedule,
  BackupsState,
  HighlightColor,
  Id,
  JobId,
  JobState,
  ListSort,
  NotebookEntry,
  NotebookSort,
  QueueItem,
  QueueState,
  QueueStatus,
  ListView,
  ReanchorReport,
  SearchHit,
  Tag,
  TagName,
} from './schemas.js';
import { OPERATION_NAMES, type OperationName } from './operations.js';
import { NOT_A_WEB_ADDRESS, webAddress } from './web-address.js';
import { EXPORT_FORMATS, IMPORT_FORMATS, LIST_VIEWS, type ListViewName } from './enums.js';
import { ConnectorPairings } from './connector-protocol.js';
import { cleanLabel } from './unsafe-chars.js';

export { OPERATION_NAMES, ipcChannel, isOperationName, type OperationName } from './operations.js';

/**
 * The contract: every operation Kho offers, named once, with its input and output schema and the facts
 * transports act on. Electron IPC, `kho serve` over HTTP, the CLI and tests all go through `callOperation`,
 * so each transport validates the same way and a bad call gets the same error everywhere.
 */

/** One operation: its schemas and the facts about it that transports need. */
export interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  input: I;
  output: O;
  /** The input carries whole files as text, so HTTP accepts a large body for it. */
  largeBody: boolean;
  /**
   * The file or folder on the machine running Kho that this (validated) input would read, if any. Fine from
   * the app and the CLI; `kho serve` refuses such calls so a remote client cannot make the server read its files.
   * (A method, so specs with different inputs share one type.)
   */
  localPath?(input: z.output<I>): string | undefined;
  /**
   * What a caller over the network (`kho serve`) may see of the output, when less than all of it: facts
   * about the machine running Kho (its folders) stay on it.
   */
  remoteOutput?(output: z.output<O>): z.output<O>;
}

function op<I extends z.ZodType, O extends z.ZodType>(spec: {
  summary: string;
  input: I;
  output: O;
  largeBody?: boolean;
  localPath?(input: z.output<I>): string | undefined;
  remoteOutput?(output: z.output<O>): z.output<O>;
}): OperationSpec<I, O> {
  return { ...spec, largeBody: spec.largeBody ?? false };
}

const Tags = z.array(TagName).max(100).default([]);
// 50 MB of content, base64-encoded (4/3), with headroom; capture enforces the real per-article limit.
const MAX_TEXT = 72 * 1024 * 1024;

const ImportResult = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  /**
   * Files whose header claims the address of an article already saved: kept as a version of that article
   * (articles.versions) instead of replacing it; articles.restoreVersion applies one.
   */
  offered: z.number().int(),
  failed: z.array(z.object({ file: z.string(), error: z.string() })),
});

const ImportFormatOption = z.enum(['auto', ...IMPORT_FORMATS]).default('auto');

/** What importing an export file did: entries added, already there, queued for fetching, and what went wrong where. */
const ImportReport = z.object({
  format: z.enum(IMPORT_FORMATS),
  /** The precise kind of file, in words: "Pocket CSV", "wallabag v2 JSON", "Omnivore export zip". */
  variant: z.string(),
  /** Entries the file holds (rows or items that could be read). */
  entries: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  /** Already in the archive (same canonical URL; Readwise documents by title): their new tags and highlights were added. */
  skipped_existing: z.number().int().nonnegative(),
  /** Pages the export has no content for, queued for fetching in the background. */
  queued: z.number().int().nonnegative(),
  /** Imported articles whose images are queued for fetching. */
  images_queued: z.number().int().nonnegative(),
  highlights_added: z.number().int().nonnegative(),
  /** Of those, highlights whose quote is not (yet) in the text: kept with their quote and note. */
  highlights_orphaned: z.number().int().nonnegative(),
  /** Rows or entries that could not be imported as they stand: `where` names the row, entry or zip member. */
  problems: z.array(z.object({ where: z.string(), message: z.string() })),
});
/** A web address an article can link to as its original: http(s) only (never javascript:, data:, file:). */
const WebAddress = z
  .string()
  .trim()
  .url('Give a full web address, like https://example.com/article.')
  .refine((u) => /^https?:\/\//i.test(u), 'Only http and https addresses can be saved.');

const AddFromFile = z.object({
  source: z.literal('file'),
  path: z.string().min(1, 'Give a file path.'),
  tags: Tags,
  job_id: JobId,
});
const AddFromText = z.object({
  source: z.literal('text'),
  /** Raw file content (pasted text, a dropped file, stdin). Kind is chosen from `name` or sniffed. */
  text: z.string().max(MAX_TEXT, "The content is larger than Kho's 50 MB limit for one article."),
  /** base64 carries raw bytes so legacy encodings (windows-1258, VISCII) are decoded by capture, not the client. */
  encoding: z.enum(['utf8', 'base64']).default('utf8'),
  name: z.string().max(500).optional(),
  /** The address the content came from (the browser extension sends the page it shows). */
  url: WebAddress.optional(),
  tags: Tags,
  job_id: JobId,
});
const AddFromUrl = z.object({
  source: z.literal('url'),
  // "example.com/article" is taken as https; anything that is not an http(s) address is refused.
  url: z.string().transform((u, ctx) => {
    const url = webAddress(u);
    if (url === null) ctx.addIssue({ code: 'custom', message: NOT_A_WEB_ADDRESS });
    return url ?? u;
  }),
  tags: Tags,
  job_id: JobId,
});

/** Which articles an export covers: the filters given all apply (none: every article outside the trash). */
const ExportInput = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    article_ids: z.array(Id).min(1).max(50_000).optional(),
    tag: TagName.optional(),
    query: z.string().trim().min(1, 'Give a search query, or leave it out.').max(1000).optional(),
    /** An Obsidian template for this export only (else the saved one, else the default). */
    template: z.string().max(200_000).optional(),
    /** Obsidian: write into this folder on this machine (re-exports update the files there). */
    folder: z.string().min(1, 'Give a folder path.').optional(),
  })
  .refine((i) => i.format === 'obsidian' || (i.folder === undefined && i.template === undefined), {
    message: 'A folder and a template apply to the Obsidian format only.',
    path: ['format'],
  });

const ExportCounts = { articles: z.number().int().nonnegative(), highlights: z.number().int().nonnegative() };
const ExportResult = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    filename: z.string(),
    mime: z.string(),
    /** base64 for binary files (EPUB, the Obsidian folder as a zip). */
    encoding: z.enum(['utf8', 'base64']),
    content: z.string(),
    ...ExportCounts,
  }),
  z.object({
    kind: z.literal('folder'),
    path: z.string(),
    files: z.array(
      z.object({
        name: z.string(),
        article_id: Id,
        action: z.enum(['created', 'updated', 'unchanged', 'skipped']),
        reason: z.string().nullable(),
      }),
    ),
    ...ExportCounts,
  }),
]);

const ExportTemplate = z.object({ template: z.string(), default_template: z.string(), custom: z.boolean() });

const AnnotationTarget = z.object({
  article_id: Id,
  /** Either the quoted text (with optional context) or explicit offsets into content_text. */
  quote: z.string().min(1).max(20_000).optional(),
  prefix: z.string().max(500).optional(),
  suffix: z.string().max(500).optional(),
  start: z.number().int().nonnegative().optional(),
  end: z.number().int().nonnegative().optional(),
  note: z.string().max(100_000).nullable().optional(),
  color: HighlightColor.default('yellow'),
  tags: Tags,
});

/** Shown in Settings and printed on `kho serve`'s terminal: cleaned like every other label. */
const BrowserName = z
  .string()
  .max(100)
  .transform(cleanLabel)
  .pipe(z.string().min(1, 'Give the browser a name.'));
/** The caller's Origin as the connector saw it (an extension's, or the connector's own page's). */
const BrowserOrigin = z.string().min(1).max(200);
const PairingId = z.string().min(1).max(100);

/** Which highlights the notebook shows and exports; every field narrows, none is required. */
const AnnotationFilter = z.object({
  /** Words (or "a phrase") that the quote or the note must contain; diacritics optional. */
  query: z.string().trim().max(500).optional(),
  color: HighlightColor.optional(),
  /** The article's tag (nested tags included) or the highlight's own. */
  tag: TagName.optional(),
  article_id: Id.optional(),
});

export const contract = {
  'app.info': op({
    summary: 'Version, archive location and counts.',
    input: z.object({}).default({}),
    output: z.object({
      version: z.string(),
      data_dir: z.string(),
      schema_version: z.number().int(),
      article_count: z.number().int(),
    }),
    // Over the network, the data folder's path (user name, folder layout) is left out.
    remoteOutput: (output) => ({ ...output, data_dir: '' }),
  }),
  'app.changes': op({
    summary:
      'A token that changes whenever articles, tags or highlights change, from any process; windows poll it to refresh.',
    input: z.object({}).default({}),
    output: z.object({ token: z.string() }),
  }),
  'articles.add': op({
    summary: 'Save an article from a file, text or a web address. A URL already saved is refreshed instead.',
    input: z.discriminatedUnion('source', [AddFromFile, AddFromText, AddFromUrl]),
    output: z.object({
      article: ArticleSummary,
      created: z.boolean(),
      /**
       * The content was kept as an offered version of `article` instead of replacing it (a file whose
       * header claims the address of an article already saved); articles.restoreVersion applies it.
       */
      offered: z.boolean(),
    }),
    largeBody: true,
    localPath: (input) => (input.source === 'file' ? input.path : undefined),
  }),
  'articles.list': op({
    summary: 'List articles in a view, optionally filtered by tag and status.',
    input: z
      .object({
        view: ListView.default('all'),
        status: ArticleStatus.optional(),
        tag: TagName.optional(),
        sort: ListSort.default('saved'),
        order: z.enum(['asc', 'desc']).optional(),
        limit: z.number().int().min(1).max(50_000).default(100),
        offset: z.number().int().nonnegative().default(0),
      })
      .default({ view: 'all', sort: 'saved', limit: 100, offset: 0 }),
    output: z.object({ items: z.array(ArticleSummary), total: z.number().int() }),
  }),
  'articles.counts': op({
    summary: 'How many articles each list view holds (the sidebar counts), in one call.',
    input: z.object({}).default({}),
    output: z.object({
      counts: z.object(
        Object.fromEntries(LIST_VIEWS.map((view) => [view, z.number().int().nonnegative()])) as Record<
          ListViewName,
          z.ZodNumber
        >,
      ),
    }),
  }),
  'articles.get': op({
    summary: 'One article with its sanitised HTML and plain text.',
    input: z.object({ id: Id }),
    output: ArticleDetail,
  }),
  'articles.update': op({
    summary: 'Change status, favourite, reading progress or title of articles.',
    input: z.object({
      ids: z.array(Id).min(1).max(50_000),
      status: ArticleStatus.optional(),
      favorite: z.boolean().optional(),
      reading_progress: z.number().min(0).max(1).optional(),
      title: z
        .string()
        .max(1000)
        .transform(cleanLabel)
        .pipe(z.string().min(1, 'A title cannot be empty.'))
        .optional(),
    }),
    output: z.object({ items: z.array(ArticleSummary) }),
  }),
  'articles.trash': op({
    summary: 'Move articles to the trash (undo with articles.restore).',
    input: z.object({ ids: z.array(Id).min(1).max(50_000) }),
    output: z.object({ count: z.number().int() }),
  }),
  'articles.restore': op({
    summary: 'Bring articles back from the trash.',
    input: z.object({ ids: z.array(Id).min(1).max(50_000) }),
    output: z.object({ count: z.number().int() }),
  }),
  'articles.purge': op({
    summary: 'Delete trashed articles for good, with their highlights and unused images.',
    input: z.object({ ids: z.array(Id).min(1).max(50_000) }),
    output: z.object({ count: z.number().int() }),
  }),
  'articles.emptyTrash': op({
    summary: 'Delete every trashed article for good, with its highlights and unused images.',
    input: z.object({}),
    output: z.object({ count: z.number().int() }),
  }),
  'articles.refresh': op({
    summary: 'Fetch a saved web article again and re-extract it; highlights are re-anchored.',
    input: z.object({ id: Id, job_id: JobId }),
    output: z.object({ article: ArticleSummary, annotations: ReanchorReport }),
  }),
  'articles.replaceContent': op({
    summary: "Replace an article's content from a file or text; highlights are re-anchored.",
    input: z.union([
      z.object({ id: Id, path: z.string().min(1) }),
      z.object({ id: Id, text: z.string().max(MAX_TEXT), name: z.string().max(500).optional() }),
    ]),
    output: z.object({ article: ArticleSummary, annotations: ReanchorReport }),
    largeBody: true,
    localPath: (input) => ('path' in input ? input.path : undefined),
  }),
  'articles.versions': op({
    summary:
      "An article's earlier contents (replaced by a refresh, a file or a restore) and contents offered but not applied.",
    input: z.object({ id: Id }),
    output: z.object({ article_id: Id, items: z.array(ArticleVersion) }),
  }),
  'articles.version': op({
    summary: 'One earlier or offered content of an article, with its HTML and text.',
    input: z.object({ id: Id }),
    output: ArticleVersionDetail,
  }),
  'articles.restoreVersion': op({
    summary:
      "Make an earlier or offered content the article's current one; the current content becomes a version, highlights follow.",
    input: z.object({ id: Id }),
    output: z.object({ article: ArticleSummary, annotations: ReanchorReport }),
  }),
  'import.folder': op({
    summary: 'Save every .txt, .md and .html file under a folder (recursively), in batches, with progress.',
    input: z.object({ path: z.string().min(1, 'Give a folder path.'), tags: Tags, job_id: JobId }),
    output: ImportResult,
    localPath: (input) => input.path,
  }),
  'import.files': op({
    summary:
      'Save many files whose contents the client sends (a chosen or dropped folder), as one batch with progress. ' +
      'Clients send a few MB per call and call again for the rest.',
    input: z.object({
      files: z
        .array(
          z.object({
            name: z.string().min(1).max(1000),
            text: z.string().max(MAX_TEXT, "A file is larger than Kho's 50 MB limit for one article."),
            /** base64 by default: raw bytes, so capture decodes legacy encodings itself. */
            encoding: z.enum(['utf8', 'base64']).default('base64'),
          }),
        )
        .min(1, 'Give at least one file.')
        .max(500),
      tags: Tags,
      job_id: JobId,
    }),
    output: ImportResult,
    largeBody: true,
  }),
  'import.file': op({
    summary:
      'Import an export file from Pocket, Instapaper, Omnivore, wallabag, Readwise or browser bookmarks; ' +
      'pages without content are fetched in the background.',
    input: z.object({
      path: z.string().min(1, 'Give the export file.'),
      format: ImportFormatOption,
      tags: Tags,
      job_id: JobId,
    }),
    output: ImportReport,
    localPath: (input) => input.path,
  }),
  'import.bytes': op({
    summary:
      'Import an export file whose bytes the client sends, in chunks (base64, in order); ' +
      'the last chunk runs the import and returns its report.',
    input: z.object({
      /** Client-chosen id tying the chunks of one file together. */
      upload_id: z
        .string()
        .regex(/^[A-Za-z0-9_-]{4,64}$/, 'An upload id is 4-64 letters, digits, "_" or "-".'),
      name: z.string().min(1).max(1000),
      /** Byte offset of this chunk in the file: a lost or repeated chunk is refused, not glued in. */
      offset: z.number().int().nonnegative(),
      data: z.string().max(MAX_TEXT, 'A chunk is at most 50 MB; send the file in smaller pieces.'),
      last: z.boolean(),
      format: ImportFormatOption,
      tags: Tags,
      job_id: JobId,
    }),
    output: z.object({ received: z.number().int().nonnegative(), report: ImportReport.nullable() }),
    largeBody: true,
  }),
  'queue.status': op({
    summary: 'How many pages the background fetch queue holds in each state, and whether it is paused.',
    input: z.object({}).default({}),
    output: QueueStatus,
  }),
  'queue.list': op({
    summary: 'Rows of the background fetch queue (by default the failed and unavailable ones, with why).',
    input: z
      .object({
        states: z.array(QueueState).min(1).default(['failed', 'unavailable']),
        limit: z.number().int().min(1).max(10_000).default(100),
        offset: z.number().int().nonnegative().default(0),
      })
      .default({ states: ['failed', 'unavailable'], limit: 100, offset: 0 }),
    output: z.object({ items: z.array(QueueItem), total: z.number().int().nonnegative() }),
  }),
  'queue.retry': op({
    summary: 'Queue failed or unavailable fetches again (the given queue ids, or all of them).',
    input: z.object({ ids: z.array(Id).min(1).max(50_000).optional() }).default({}),
    output: z.object({ count: z.number().int().nonnegative() }),
  }),
  'queue.pause': op({
    summary: 'Pause the background fetch queue (running fetches finish); it stays paused until resumed.',
    input: z.object({}).default({}),
    output: QueueStatus,
  }),
  'queue.resume': op({
    summary: 'Resume the background fetch queue.',
    input: z.object({}).default({}),
    output: QueueStatus,
  }),
  'queue.run': op({
    summary:
      'Run the background fetch queue in this process until nothing is queued or running (the CLI; the app runs it always).',
    input: z.object({ job_id: JobId }).default({}),
    output: QueueStatus,
  }),
  'tags.list': op({
    summary: 'Every tag with the number of articles (not in the trash) carrying it.',
    input: z.object({}).default({}),
    output: z.object({ items: z.array(Tag) }),
  }),
  'tags.attach': op({
    summary: 'Add tags to articles (tags are created as needed).',
    input: z.object({ ids: z.array(Id).min(1).max(50_000), tags: z.array(TagName).min(1).max(100) }),
    output: z.object({ items: z.array(ArticleSummary) }),
  }),
  'tags.detach': op({
    summary: 'Remove tags from articles.',
    input: z.object({ ids: z.array(Id).min(1).max(50_000), tags: z.array(TagName).min(1).max(100) }),
    output: z.object({ items: z.array(ArticleSummary) }),
  }),
  'tags.rename': op({
    summary: 'Rename a tag and its nested tags ("a" -> "b" also renames "a/x" to "b/x").',
    input: z.object({ from: TagName, to: TagName }),
    output: z.object({ renamed: z.number().int() }),
  }),
  'tags.merge': op({
    summary: 'Merge tags into one: every article of the sources gets the target, the sources are removed.',
    input: z.object({ from: z.array(TagName).min(1).max(100), into: TagName }),
    output: z.object({ tag: Tag }),
  }),
  'tags.delete': op({
    summary: 'Remove a tag from every article and delete it.',
    input: z.object({ name: TagName }),
    output: z.object({ count: z.number().int() }),
  }),
  'annotations.list': op({
    summary: 'Highlights and notes, of one article or of the whole archive, in reading order.',
    input: z.object({ article_id: Id.optional() }).default({}),
    output: z.object({ items: z.array(Annotation) }),
  }),
  'annotations.query': op({
    summary:
      'The notebook: highlights and notes across the archive (not the trash), filtered by words, colour, tag or article, newest first or by article.',
    input: AnnotationFilter.extend({
      sort: NotebookSort.default('newest'),
      limit: z.number().int().min(1).max(1000).default(200),
      offset: z.number().int().nonnegative().default(0),
    }).default({ sort: 'newest', limit: 200, offset: 0 }),
    output: z.object({ items: z.array(NotebookEntry), total: z.number().int() }),
  }),
  'annotations.create': op({
    summary: 'Highlight a passage (by quote or offsets), with an optional note.',
    input: AnnotationTarget,
    output: Annotation,
  }),
  'annotations.update': op({
    summary: "Change a highlight's note, colour or tags.",
    input: z.object({
      id: Id,
      note: z.string().max(100_000).nullable().optional(),
      color: HighlightColor.optional(),
      tags: z.array(TagName).max(100).optional(),
    }),
    output: Annotation,
  }),
  'annotations.delete': op({
    summary: 'Delete a highlight and its note.',
    input: z.object({ id: Id }),
    output: z.object({ count: z.number().int() }),
  }),
  'search.query': op({
    summary:
      'Search the archive with the query language (terms, "phrases", -not, title:, tag:, is:, before:, word*).',
    input: z.object({
      query: z.string().max(1000),
      limit: z.number().int().min(1).max(200).default(20),
      offset: z.number().int().nonnegative().default(0),
      /** Search as you type: the last word, unless followed by a space, also matches as a prefix. */
      prefix_last: z.boolean().default(false),
      /** Words that match nothing (or very little) are also tried as the closest words of the archive. */
      correct: z.boolean().default(true),
    }),
    output: z.object({
      query: z.string(),
      total: z.number().int(),
      hits: z.array(SearchHit),
      took_ms: z.number(),
      /**
       * Set when words were corrected: `query` is the corrected query (its hits rank below any hit of the
       * query as typed, `from`); `words` lists each replaced word. Search `from` with correct: false to
       * search instead for what was typed.
       */
      corrected: z
        .object({
          query: z.string(),
          from: z.string(),
          words: z.array(z.object({ from: z.string(), to: z.string() })),
        })
        .optional(),
    }),
  }),
  'search.reindex': op({
    summary: 'Rebuild the whole search index.',
    input: z.object({ job_id: JobId }).default({}),
    output: z.object({ docs: z.number().int() }),
  }),
  'export.annotations': op({
    summary:
      'Export highlights and notes as W3C JSON-LD, Markdown or CSV: all of them, or those a notebook filter picks.',
    input: AnnotationFilter.extend({ format: z.enum(['jsonld', 'markdown', 'csv']) }),
    output: z.object({ filename: z.string(), mime: z.string(), content: z.string() }),
  }),
  'export.run': op({
    summary:
      'Export articles and their notes as Markdown, an Obsidian folder, W3C JSON-LD, CSV, Readwise CSV, an HTML digest or EPUB, ' +
      'chosen by ids, tag and/or search query.',
    input: ExportInput,
    output: ExportResult,
    localPath: (input) => input.folder,
  }),
  'export.getTemplate': op({
    summary: 'The Markdown template of the Obsidian export (the saved one or the default).',
    input: z.object({}).default({}),
    output: ExportTemplate,
  }),
  'export.setTemplate': op({
    summary: 'Save the Obsidian export template after checking it (null restores the default).',
    input: z.object({ template: z.string().max(200_000).nullable() }),
    output: ExportTemplate,
  }),
  'backups.list': op({
    summary:
      "The backups in the archive's backups folder (newest first), the automatic schedule and its state.",
    input: z.object({}).default({}),
    output: BackupsState,
  }),
  'backups.create': op({
    summary:
      'Back up the whole archive now into its backups folder (joins a backup already running); old ones rotate.',
    input: z.object({}).default({}),
    output: BackupItem,
  }),
  'backups.setSchedule': op({
    summary: 'Turn automatic backups on or off, and set how often they run and how many are kept.',
    input: BackupSchedule,
    output: BackupsState,
  }),
  'jobs.get': op({
    summary: 'Progress of a long operation started with a job_id.',
    input: z.object({ job_id: z.string().min(1) }),
    output: JobState,
  }),
  'jobs.cancel': op({
    summary: 'Ask a long operation to stop; what it already saved stays saved.',
    input: z.object({ job_id: z.string().min(1) }),
    output: z.object({ cancelled: z.boolean() }),
  }),
  'settings.get': op({
    summary: 'All saved preferences (theme, font size, language, saved searches...).',
    input: z.object({}).default({}),
    output: z.object({ values: z.record(z.string(), z.unknown()) }),
  }),
  'settings.set': op({
    summary: 'Save one preference.',
    input: z.object({
      key: z
        .string()
        .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'A setting key is lower-case letters, digits, ".", "_" or "-".'),
      value: z.unknown(),
    }),
    output: z.object({ values: z.record(z.string(), z.unknown()) }),
  }),
  'connector.pair': op({
    summary:
      'A browser extension asks to pair (the connector calls this): returns the request and the code Kho shows too.',
    input: z.object({ name: BrowserName, origin: BrowserOrigin }),
    output: z.object({ id: z.string(), code: z.string(), expires_at: z.string() }),
  }),
  'connector.pairStatus': op({
    summary:
      'What the asking browser learns when it polls: pending, denied, expired, or approved with its token (handed over once, to that origin only).',
    input: z.object({ id: PairingId, origin: BrowserOrigin }),
    output: z.object({
      state: z.enum(['pending', 'approved', 'denied', 'expired']),
      token: z.string().optional(),
    }),
  }),
  'connector.verify': op({
    summary:
      "The paired browser a token belongs to, if the origin presenting it is the one it was issued to (else null); notes the browser's last use.",
    input: z.object({ token: z.string().max(200), origin: BrowserOrigin }),
    output: z.object({ browser_id: z.string().nullable() }),
  }),
  'connector.pairings': op({
    summary:
      'Browsers waiting to pair (with their codes), paired browsers (never their tokens), and whether this Kho answers the extension.',
    input: z.object({}).default({}),
    output: ConnectorPairings,
  }),
  'connector.approve': op({
    summary: "Approve a browser's pairing request; the browser then collects its token.",
    input: z.object({ id: PairingId }),
    output: ConnectorPairings,
  }),
  'connector.deny': op({
    summary: "Refuse a browser's pairing request.",
    input: z.object({ id: PairingId }),
    output: ConnectorPairings,
  }),
  'connector.revoke': op({
    summary: 'Unpair a browser: its token stops working at once, in every Kho on this archive.',
    input: z.object({ browser_id: z.string().min(1).max(100) }),
    output: ConnectorPairings,
  }),
} satisfies { [N in OperationName]: OperationSpec };

export type Contract = typeof contract;
export type OperationInput<N extends OperationName> = z.input<Contract[N]['input']>;
export type ParsedInput<N extends OperationName> = z.output<Contract[N]['input']>;
export type OperationOutput<N extends OperationName> = z.output<Contract[N]['output']>;

/** What a client holds: one async function per operation (Electron preload, HTTP client, direct). */
export type KhoApi = { [N in OperationName]: (input: OperationInput<N>) => Promise<OperationOutput<N>> };
/** What the archive implements: receives already-validated input. */
export type KhoHandlers = { [N in OperationName]: (input: ParsedInput<N>) => Promise<OperationOutput<N>> };

/** Every operation name, in the contract's order (the zod-free list; `satisfies` above keeps them equal). */
export const operationNames: readonly OperationName[] = OPERATION_NAMES;

/** The file or folder on this machine that `input` (already validated) would make Kho read, if any. */
export function localPathOf<N extends OperationName>(name: N, input: ParsedInput<N>): string | undefined {
  const spec: OperationSpec = contract[name];
  return spec.localPath?.(input);
}

/** `output` as a caller over the network may see it (the contract's `remoteOutput`; all of it by default). */
export function remoteOutputOf<N extends OperationName>(
  name: N,
  output: OperationOutput<N>,
): OperationOutput<N> {
  const spec: OperationSpec = contract[name];
  return (spec.remoteOutput?.(output) ?? output) as OperationOutput<N>;
}
