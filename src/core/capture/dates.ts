/**
 * Publication dates as people write them in Vietnamese and English news, -> ISO 8601.
 * A date alone gives 'YYYY-MM-DD'; a time with a known zone gives a full ISO string with offset.
 * Vietnamese forms with a time but no zone are taken as Vietnam time (+07:00, no DST): the
 * country has one zone and its news sites print local time.
 */

const EN_MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
}; // prettier-ignore

const MONTH_NAMES = Object.keys(EN_MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const VI_WEEKDAY = String.raw`(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|cn|t[2-7])`;
const EN_WEEKDAY = String.raw`(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?`;
const TIME = String.raw`(\d{1,2})\s*[:h]\s*(\d{2})(?::(\d{2}))?\s*(am|pm|sa|ch)?`;
const ZONE = String.raw`\(?\s*(?:gmt|utc)\s*([+-]\s*\d{1,2}(?::?\d{2})?)?\s*\)?|\b(z)\b|\(?ict\)?`;

export interface FoundDate {
  iso: string;
  /** Where the match starts and ends in the searched string. */
  index: number;
  length: number;
  form: 'vi' | 'en' | 'iso';
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function zoneOffset(raw: string | undefined): string | null {
  if (!raw) return null;
  const m = /^([+-])\s*(\d{1,2})(?::?(\d{2}))?$/.exec(raw.trim());
  if (!m) return null;
  return `${m[1]}${pad(Number(m[2]))}:${m[3] ?? '00'}`;
}

/** Builds the ISO string; time/zone optional. Returns null for impossible dates or times. */
function toIso(
  y: number,
  m: number,
  d: number,
  time: { h: number; min: number; s: number } | null,
  offset: string | null,
): string | null {
  if (!validDate(y, m, d)) return null;
  const date = `${y}-${pad(m)}-${pad(d)}`;
  if (!time || offset === null) return date;
  if (time.h > 23 || time.min > 59 || time.s > 59) return date;
  return `${date}T${pad(time.h)}:${pad(time.min)}:${pad(time.s)}${offset === '+00:00' ? 'Z' : offset}`;
}

/** Reads a time (and zone) right after a date, e.g. " 14:05 GMT+7" or ", 14h05 (GMT+7)". */
function timeAfter(
  rest: string,
): { time: { h: number; min: number; s: number }; offset: string | null; length: number } | null {
  const m = new RegExp(String.raw`^[\s,|\-–—]*(?:lúc|at|l\u00fac)?\s*${TIME}\s*(?:${ZONE})?`, 'iu').exec(
    rest,
  );
  if (!m) return null;
  let h = Number(m[1]);
  const ampm = m[4]?.toLowerCase();
  if ((ampm === 'pm' || ampm === 'ch') && h < 12) h += 12;
  if ((ampm === 'am' || ampm === 'sa') && h === 12) h = 0;
  const offset = m[6]
    ? '+00:00'
    : (zoneOffset(m[5]) ?? (/gmt|utc/i.test(m[0]) ? '+00:00' : /ict/i.test(m[0]) ? '+07:00' : null));
  return { time: { h, min: Number(m[2]), s: Number(m[3] ?? 0) }, offset, length: m[0].length };
}

/** Reads a time before a date, e.g. "14:05 28/01/2022" (common on Vietnamese sites). */
function timeBefore(
  text: string,
  index: number,
): { time: { h: number; min: number; s: number }; start: number } | null {
  const m = new RegExp(String.raw`${TIME}\s*[,|\-–—]?\s*(?:ngày\s*)?$`, 'iu').exec(
    text.slice(Math.max(0, index - 20), index),
  );
  if (!m) return null;
  return { time: { h: Number(m[1]), min: Number(m[2]), s: Number(m[3] ?? 0) }, start: index - m[0].length };
}

interface Pattern {
  re: RegExp;
  form: FoundDate['form'];
  ymd: (m: RegExpExecArray) => [number, number, number] | null;
}

const PATTERNS: Pattern[] = [
  {
    // 2022-01-28, 2022-01-28T14:05:00+07:00 (ISO in text, "Published: 2022-01-28")
    re: /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?\b/giu,
    form: 'iso',
    ymd: (m) => [Number(m[1]), Number(m[2]), Number(m[3])],
  },
  {
    // ngày 28 tháng 1 năm 2022
    re: /(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*|\s+)năm\s+(\d{4})/giu,
    form: 'vi',
    ymd: (m) => [Number(m[3]), Number(m[2]), Number(m[1])],
  },
  {
    // 28/1/2022, 28-01-2022, 28.01.2022 (day first, as in Vietnam and most of the world)
    re: /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])/gu,
    form: 'vi',
    ymd: (m) => {
      const a = Number(m[1]);
      const b = Number(m[3]);
      // 01/28/2022 can only be month first.
      return b > 12 && a <= 12 ? [Number(m[4]), a, b] : [Number(m[4]), b, a];
    },
  },
  {
    // January 28, 2022 / Jan. 28 2022
    re: new RegExp(String.raw`\b(${MONTH_NAMES})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`, 'giu'),
    form: 'en',
    ymd: (m) => [Number(m[3]), EN_MONTHS[(m[1] as string).toLowerCase()] ?? 0, Number(m[2])],
  },
  {
    // 28 January 2022 / 28 Jan 2022
    re: new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(${MONTH_NAMES})\.?,?\s+(\d{4})\b`, 'giu'),
    form: 'en',
    ymd: (m) => [Number(m[3]), EN_MONTHS[(m[2] as string).toLowerCase()] ?? 0, Number(m[1])],
  },
];

/** The first date in `text` (earliest position), with any time written next to it. */
export function findDate(text: string): FoundDate | null {
  let best: FoundDate | null = null;
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      if (best && m.index >= best.index) break;
      const ymd = p.ymd(m);
      if (!ymd) continue;
      const [y, mo, d] = ymd;
      let iso: string | null;
      let length = m[0].length;
      let index = m.index;
      if (p.form === 'iso' && m[4] !== undefined) {
        const off = m[7]
          ? m[7] === 'Z'
            ? '+00:00'
            : zoneOffset(m[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2'))
          : null;
        iso = toIso(y, mo, d, { h: Number(m[4]), min: Number(m[5]), s: Number(m[6] ?? 0) }, off);
      } else {
        const after = timeAfter(text.slice(m.index + m[0].length));
        const before = after ? null : timeBefore(text, m.index);
        const defaultOffset = p.form === 'vi' ? '+07:00' : null;
        if (after) {
          iso = toIso(y, mo, d, after.time, after.offset ?? defaultOffset);
          length += after.length;
        } else if (before) {
          iso = toIso(y, mo, d, before.time, defaultOffset);
          length += index - before.start;
          index = before.start;
        } else {
          iso = toIso(y, mo, d, null, null);
        }
      }
      if (iso) {
        best = { iso, index, length, form: p.form };
        break;
      }
    }
  }
  return best;
}

const LABELS = String.raw`(?:published|posted|updated|last updated|date|ngày đăng|đăng ngày|đăng lúc|cập nhật|cập nhật lúc|thời gian|ngày|on|lúc|at|gmt|utc|ict)`;

/**
 * If `line` is nothing but a date (with weekday, time, zone, a label such as "Published:" or
 * "Cập nhật:"), its ISO date; else null. Used to lift date lines out of plain-text articles.
 */
export function parseDateLine(line: string): string | null {
  const trimmed = line.normalize('NFC').trim();
  if (trimmed.length === 0 || trimmed.length > 80) return null;
  const found = findDate(trimmed);
  if (!found) return null;
  const rest = (trimmed.slice(0, found.index) + ' ' + trimmed.slice(found.index + found.length))
    .toLowerCase()
    .replace(new RegExp(VI_WEEKDAY, 'giu'), ' ')
    .replace(new RegExp(String.raw`\b${EN_WEEKDAY}`, 'giu'), ' ')
    .replace(new RegExp(String.raw`(?<![\p{L}])${LABELS}(?![\p{L}])`, 'giu'), ' ')
    .replace(/[+-]\s*\d{1,2}(?::?\d{2})?/g, ' ')
    .replace(/[\s,.:;|()[\]\-–—/•·]+/gu, '');
  return rest.length === 0 ? found.iso : null;
}

/** Normalises a machine date (meta, JSON-LD, <time datetime>) to ISO; null if unparseable. */
export function normalizeMachineDate(value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (dateOnly) {
    return validDate(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])) ? v : null;
  }
  const full =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(v);
  if (full) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(full[i] ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const zone = full[7];
    if (!zone) return toIso(y, mo, d, null, null); // no zone: the time is ambiguous, keep the date
    const off =
      zone.toUpperCase() === 'Z' ? '+00:00' : zoneOffset(zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2'));
    return toIso(y, mo, d, { h, min: mi, s }, off);
  }
  const found = findDate(v);
  if (found) return found.iso;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString().replace('.000Z', 'Z');
}
