import type { ArticleStatusName } from '../../shared/enums.js';
import type { ImportEntry, ImportHighlight } from './entry.js';
import { highlightColor, line, parseTime, quoteValue, text, validTags, webAddress } from './fields.js';
import type { ProblemList } from './limits.js';

/**
 * The one place raw values from a file become an ImportEntry. Parsers fill an EntryDraft with what
 * the file says, untouched; this checks and normalises every field (NFC, http(s) only, ISO times,
 * Kho's tag rules) and reports what it had to drop under the entry's `where`.
 */
export interface HighlightDraft {
  quote: unknown;
  prefix?: unknown;
  suffix?: unknown;
  note?: unknown;
  color?: unknown;
  tags?: readonly string[];
  created_at?: unknown;
}

export interface EntryDraft {
  url: unknown;
  /** Readwise documents have no address; every other format needs one. */
  urlOptional?: boolean;
  title?: unknown;
  /** Already shaped tag names: flatTag() for flat names, folderTag() for folder paths. */
  tags?: readonly (string | undefined)[];
  saved_at?: unknown;
  published_at?: unknown;
  updated_at?: unknown;
  status?: ArticleStatusName;
  favorite?: boolean;
  /** 0..1 */
  reading_progress?: number;
  byline?: unknown;
  site?: unknown;
  lang?: unknown;
  description?: unknown;
  content_html?: unknown;
  note?: unknown;
  highlights?: readonly HighlightDraft[];
}

const TIME_FIELDS = ['saved_at', 'published_at', 'updated_at'] as const;
const TIME_WORDS = { saved_at: 'save date', published_at: 'publication date', updated_at: 'update date' };

/** The finished entry, or null (with a problem saying why) when it cannot be imported at all. */
export function buildEntry(draft: EntryDraft, where: string, problems: ProblemList): ImportEntry | null {
  const title = line(draft.title);
  let url: string | null = null;
  if (draft.url !== undefined && draft.url !== null && draft.url !== '') {
    const address = webAddress(draft.url);
    if (!address.ok) {
      problems.add(where, sentence(`${describe(title)}${address.reason}; skipped.`));
      return null;
    }
    url = address.value;
  } else if (!draft.urlOptional) {
    problems.add(where, sentence(`${describe(title)}it has no web address; skipped.`));
    return null;
  }
  const finalTitle = title ?? url;
  if (!finalTitle) {
    problems.add(where, 'It has neither a title nor a web address; skipped.');
    return null;
  }

  const { tags, rejected } = validTags(draft.tags?.filter((t): t is string => t !== undefined) ?? []);
  for (const bad of rejected)
    problems.add(where, `The tag ${quoteValue(bad)} is not a valid Kho tag; left out.`);

  const entry: Record<string, unknown> = {
    url,
    title: finalTitle,
    tags,
    status: draft.status ?? 'unread',
    favorite: draft.favorite ?? false,
    highlights: buildHighlights(draft.highlights ?? [], where, problems),
  };
  for (const field of TIME_FIELDS) {
    const time = parseTime(draft[field]);
    if (time?.ok) entry[field] = time.value;
    else if (time) problems.add(where, `The ${TIME_WORDS[field]} was left out: ${time.reason}.`);
  }
  if (draft.reading_progress !== undefined && Number.isFinite(draft.reading_progress)) {
    entry.reading_progress = Math.min(1, Math.max(0, draft.reading_progress));
  }
  for (const field of ['byline', 'site', 'lang'] as const) {
    const v = line(draft[field]);
    if (v) entry[field] = v;
  }
  for (const field of ['description', 'content_html', 'note'] as const) {
    const v = text(draft[field]);
    if (v) entry[field] = v;
  }

  // Each field went through its checker above (webAddress, validTags, parseTime...), so the entry
  // satisfies the ImportEntry schema by construction; the tests check every fixture's output
  // against the schema. Running zod on each of 100 000 entries here would cost seconds.
  return entry as ImportEntry;
}

function buildHighlights(
  drafts: readonly HighlightDraft[],
  where: string,
  problems: ProblemList,
): ImportHighlight[] {
  const out: ImportHighlight[] = [];
  drafts.forEach((d, i) => {
    const quote = text(d.quote);
    const note = text(d.note);
    if (!quote) {
      const lost = note ? ` (its note ${quoteValue(note)} was not imported)` : '';
      problems.add(where, `Highlight ${i + 1} has no highlighted text; skipped${lost}.`);
      return;
    }
    const h: ImportHighlight = { quote, tags: validTags(d.tags ?? []).tags };
    const prefix = typeof d.prefix === 'string' ? d.prefix.normalize('NFC') : undefined;
    const suffix = typeof d.suffix === 'string' ? d.suffix.normalize('NFC') : undefined;
    if (prefix) h.prefix = prefix;
    if (suffix) h.suffix = suffix;
    if (note) h.note = note;
    const color = highlightColor(d.color);
    if (color) h.color = color;
    const created = parseTime(d.created_at);
    if (created?.ok) h.created_at = created.value;
    else if (created) problems.add(where, `Highlight ${i + 1}: its date was left out: ${created.reason}.`);
    out.push(h);
  });
  return out;
}

function describe(title: string | undefined): string {
  return title ? `${quoteValue(title)}: ` : '';
}

function sentence(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
