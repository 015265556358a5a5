import { HIGHLIGHT_COLORS, type HighlightColorName } from '../../shared/enums.js';
import { TagName } from '../../shared/schemas.js';
import { isWebUrl } from './entry.js';

/** Field-level conversions shared by every format: text, addresses, times, tags, colours. */

/** A string field as NFC text, trimmed; numbers become text (JSON exports mix them); anything else is absent. */
export function text(value: unknown): string | undefined {
  const s = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  const t = s?.normalize('NFC').trim();
  return t ? t : undefined;
}

/**
 * One-line text (titles, names): runs of spaces, tabs and line breaks become one space. No-break
 * spaces stay: French titles put them before ":" and inside numbers ("100 000").
 */
export function line(value: unknown): string | undefined {
  return text(value)?.replace(/[ \t\n\r\f\v\u2028\u2029]+/g, ' ');
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Quotes a value from the file for a message, shortened so a garbage cell cannot flood it. */
export function quoteValue(value: string): string {
  const v = value.replace(/\s+/gu, ' ');
  return `"${v.length > 80 ? `${v.slice(0, 77)}...` : v}"`;
}

/** An http(s) address from the file, as WHATWG URL writes it (what a browser would open). */
export function webAddress(value: unknown): Checked<string> {
  const raw = text(value);
  if (!raw) return { ok: false, reason: 'it has no web address' };
  let href: string;
  try {
    href = new URL(raw).href;
  } catch {
    return { ok: false, reason: `${quoteValue(raw)} is not a web address` };
  }
  if (!isWebUrl(href)) {
    return {
      ok: false,
      reason: `${quoteValue(raw)} is not a web page address (only http and https can be imported)`,
    };
  }
  return { ok: true, value: href };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Years outside this window are typos or wrong units, not save dates. */
const MIN_YEAR = 1970;
const MAX_YEAR = 2200;

/**
 * A time from an export as ISO UTC with milliseconds. Accepts Unix times in seconds, milliseconds or
 * microseconds (told apart by size: Google bookmarks write microseconds), ISO 8601 with or without
 * "T", fractions and zone ("2016-09-08T11:55:58+0200", "2026-06-22 10:34:42.964038+00:00"; no zone
 * means UTC), dates alone, and the Apache log form some bookmark tools write ("10/Oct/2000:13:55:36
 * +0300"). Date.parse is not used: it accepts almost anything ("1" is the year 2001).
 */
export function parseTime(value: unknown): Checked<string> | null {
  if (value === null || value === undefined) return null;
  // Several exports write 0 for "unknown".
  if (value === 0 || value === '0') return null;
  if (typeof value === 'number') return fromEpoch(value, String(value));
  if (typeof value !== 'string') return { ok: false, reason: 'it is not a date' };
  const v = value.trim();
  if (!v) return null;
  if (/^\d+(?:\.\d+)?$/.test(v)) return fromEpoch(Number(v), v);

  const iso =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      v,
    );
  if (iso) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(iso[i] ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const ms = Number((iso[7] ?? '0').padEnd(3, '0').slice(0, 3));
    return fromParts(v, y, mo, d, h, mi, s, ms, zoneMinutes(iso[8]));
  }
  const apache = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})\s*([+-]\d{2}:?\d{2})?$/.exec(v);
  if (apache) {
    const month = MONTHS.indexOf(apache[2]!.toLowerCase()) + 1;
    if (month > 0) {
      const [d, y, h, mi, s] = [1, 3, 4, 5, 6].map((i) => Number(apache[i])) as [
        number,
        number,
        number,
        number,
        number,
      ];
      return fromParts(v, y, month, d, h, mi, s, 0, zoneMinutes(apache[7]));
    }
  }
  return { ok: false, reason: `${quoteValue(v)} is not a date Kho can read` };
}

function zoneMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

function fromParts(
  raw: string,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offsetMinutes: number,
): Checked<string> {
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 31 February into March; a date that doesn't round-trip is not a real date.
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 60) {
    return { ok: false, reason: `${quoteValue(raw)} is not a real date` };
  }
  return inRange(t - offsetMinutes * 60_000, raw);
}

function fromEpoch(n: number, raw: string): Checked<string> {
  if (!Number.isFinite(n) || n < 0) return { ok: false, reason: `${quoteValue(raw)} is not a date` };
  // Seconds until the year 5138, then milliseconds, then microseconds (Chrome/Google), then nanoseconds.
  const ms = n < 1e11 ? n * 1000 : n < 1e14 ? n : n < 1e17 ? n / 1000 : n / 1e6;
  return inRange(Math.round(ms), raw);
}

function inRange(ms: number, raw: string): Checked<string> {
  const year = new Date(ms).getUTCFullYear();
  if (!Number.isFinite(ms) || year < MIN_YEAR || year > MAX_YEAR) {
    return { ok: false, reason: `${quoteValue(raw)} is outside ${MIN_YEAR}-${MAX_YEAR}` };
  }
  return { ok: true, value: new Date(ms).toISOString() };
}

/** The character a flat tag's own "/" becomes, so "CUI / Bot Design" stays one tag, not two levels. */
export const FLAT_SLASH = '\u2215';

/**
 * One tag from a flat name (Pocket tags, Instapaper folders, wallabag tags, Omnivore labels):
 * NFC, trimmed, inner whitespace collapsed, "/" kept as a look-alike so it does not nest.
 */
export function flatTag(name: unknown): string | undefined {
  return line(name)?.replaceAll('/', FLAT_SLASH);
}

/** A nested tag from a folder path: each folder becomes one level. */
export function folderTag(path: readonly string[]): string | undefined {
  const levels = path.map((p) => flatTag(p)).filter((p): p is string => p !== undefined);
  return levels.length ? levels.join('/') : undefined;
}

/** Splits a tag list cell ("a,b, c" or "a|b") into names; empty pieces are dropped. */
export function splitTags(value: unknown, separator: string | RegExp): string[] {
  const s = text(value);
  if (!s) return [];
  return s
    .split(separator)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Tags checked against Kho's tag rules (length, empty levels) and de-duplicated, in file order. */
export function validTags(names: readonly string[]): { tags: string[]; rejected: string[] } {
  const tags: string[] = [];
  const rejected: string[] = [];
  for (const name of names) {
    const parsed = TagName.safeParse(name);
    if (!parsed.success) rejected.push(name);
    else if (!tags.includes(parsed.data)) tags.push(parsed.data);
  }
  return { tags, rejected };
}

/** Source colour names Kho has no swatch for, mapped to the nearest one it has. */
const COLOR_ALIASES: Record<string, HighlightColorName> = { orange: 'yellow', red: 'pink', cyan: 'blue' };

export function highlightColor(value: unknown): HighlightColorName | undefined {
  const c = text(value)?.toLowerCase();
  if (!c) return undefined;
  if ((HIGHLIGHT_COLORS as readonly string[]).includes(c)) return c as HighlightColorName;
  return COLOR_ALIASES[c];
}
