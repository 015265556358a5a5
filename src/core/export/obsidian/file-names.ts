/**
 * File names from article titles that every system Kho runs on accepts and that Obsidian can link to:
 *
 * - NFC (macOS and Linux store what they are given; one spelling per title);
 * - no characters Windows, macOS or Linux forbid (`< > : " / \ | ? *`, control characters), none that break an
 *   Obsidian link (`# ^ [ ] |`), no invisible direction overrides;
 * - no leading dot (hidden files, `..`), no trailing dot or space (Windows drops them);
 * - not a Windows device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, also before an extension: `CON.md`);
 * - at most MAX_STEM_BYTES of UTF-8, cut between grapheme clusters (an emoji or a letter with its marks is
 *   never split), leaving room for " (2)" and ".md" under the common 255-byte limit;
 * - unique in a folder compared the way case-insensitive systems (Windows, macOS) compare: see nameKey.
 */

export const MAX_STEM_BYTES = 150;

// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const FORBIDDEN = /[<>:"/\\|?*#^[\]\u0000-\u001f\u007f-\u009f]/g;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function cutToBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = '';
  let bytes = 0;
  for (const { segment } of segmenter.segment(s)) {
    const n = Buffer.byteLength(segment);
    if (bytes + n > max) break;
    out += segment;
    bytes += n;
  }
  return out;
}

/** A file name without extension for `title`. */
export function safeFileStem(title: string): string {
  let s = title
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(FORBIDDEN, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  s = cutToBytes(s, MAX_STEM_BYTES).replace(/[.\s]+$/, '');
  if (!s) s = 'Untitled';
  const dot = s.indexOf('.');
  const base = dot < 0 ? s : s.slice(0, dot);
  if (WINDOWS_DEVICE.test(base.trim())) s = `${base.trim()}_${dot < 0 ? '' : s.slice(dot)}`;
  return s;
}

/** How case-insensitive file systems see a name: one Unicode form, one case. */
export function nameKey(fileName: string): string {
  return fileName.normalize('NFC').toLowerCase();
}

/** `stem.md`, or `stem (2).md`, `stem (3).md`, … : the first whose key nobody holds yet. */
export function uniqueFileName(stem: string, taken: ReadonlySet<string>, ext = '.md'): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${stem}${ext}` : `${stem} (${n})${ext}`;
    if (!taken.has(nameKey(name))) return name;
  }
}
