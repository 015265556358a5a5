/**
 * The one diacritic fold, shared by search (src/core/search), the notebook's text filter and the renderer
 * (tag completion, words found in the open article): lowercase, marks removed, đ→d. Zod- and Node-free.
 */

const EXTRA_FOLDS: Record<string, string> = { đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', ø: 'o', Ø: 'O' };
const MARKS = /\p{M}/gu;
const EXTRA_RE = /[đĐłŁøØ]/g;
const NON_ASCII = /[^\u0020-\u007e]/;

/** Lowercase diacritic-free form: "Đà Nẵng" -> "da nang". */
export function fold(s: string): string {
  const lower = s.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(EXTRA_RE, (c) => EXTRA_FOLDS[c] ?? c)
    .normalize('NFC');
}
