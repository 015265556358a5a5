import { z } from 'zod';
import { IMPORT_FORMATS } from '../../shared/enums.js';
import { ArticleStatus, HighlightColor, TagName } from '../../shared/schemas.js';

/**
 * What every import parser produces: one ImportEntry per saved page, whatever the source format.
 * The archive turns entries into articles (matched by canonical URL) and queues their pages for
 * fetching; parsers never touch the archive. snake_case like the rest of Kho's shapes.
 */

/** The export formats `kho import --format` names (a folder of files and Kho backups are handled elsewhere). */
export { IMPORT_FORMATS };
export const ImportFormat = z.enum(IMPORT_FORMATS);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** ISO 8601 UTC with milliseconds, as Kho stores every time. */
export const IsoTime = z.iso.datetime({ offset: false, precision: 3 });

/** True for an absolute http(s) address with a host (what WHATWG URL, and so browsers, accept). */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const WebUrl = z.string().refine(isWebUrl, 'Only http and https addresses can be imported.');

export const ImportHighlight = z.object({
  quote: z.string().min(1, 'A highlight needs the text it marks.'),
  /** Text just before and after the quote, when the export gives it (helps re-anchoring). */
  prefix: z.string().optional(),
  suffix: z.string().optional(),
  note: z.string().min(1).optional(),
  color: HighlightColor.optional(),
  tags: z.array(TagName).default([]),
  created_at: IsoTime.optional(),
});
export type ImportHighlight = z.infer<typeof ImportHighlight>;

export const ImportEntry = z.object({
  /** null only for Readwise documents, whose CSV export carries no address (books, tweets, articles alike). */
  url: WebUrl.nullable(),
  title: z.string().min(1),
  /** Levels separated by "/" (bookmark folders); a flat tag's own "/" is written "∕" so it stays one level. */
  tags: z.array(TagName),
  saved_at: IsoTime.optional(),
  published_at: IsoTime.optional(),
  updated_at: IsoTime.optional(),
  status: ArticleStatus,
  favorite: z.boolean(),
  reading_progress: z.number().min(0).max(1).optional(),
  byline: z.string().min(1).optional(),
  site: z.string().min(1).optional(),
  lang: z.string().min(1).optional(),
  description: z.string().min(1).optional(),
  /** The article as the export holds it (wallabag, Omnivore); absent when only the address is known. */
  content_html: z.string().min(1).optional(),
  /** A note about the whole page (Omnivore page notes), not tied to a passage. */
  note: z.string().min(1).optional(),
  highlights: z.array(ImportHighlight),
});
export type ImportEntry = z.infer<typeof ImportEntry>;

/**
 * Something in the file that could not be imported as it stands. `where` names the place so a
 * person can find it: "row 12" (spreadsheet numbering, header = row 1), "entry 3" (JSON list
 * position), "bookmark 7", "entry content/x.html" (zip member). The message says what was wrong
 * and whether the entry was skipped or imported without the bad field.
 */
export const ImportProblem = z.object({ where: z.string(), message: z.string() });
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportResult = z.object({
  format: ImportFormat,
  /** The precise kind of file, in words: "Pocket CSV", "wallabag v2 JSON", "Omnivore export zip". */
  variant: z.string(),
  entries: z.array(ImportEntry),
  problems: z.array(ImportProblem),
});
export type ImportResult = z.infer<typeof ImportResult>;
