/**
 * The run check: do the query's words stand together, in order, in a stored text? Used by run promotion and
 * phrase verification (run-checks.ts), which scan dozens of whole articles per query, so words are
 * compared unit by unit in place instead of as a string per word.
 */
import { fold } from '../../shared/fold.js';
import { foldCached, scanWords } from './analysis.js';

/**
 * Per UTF-16 unit, what lowercasing and folding make of it, for units that both map to one unit on their
 * own (0: not yet known). Other units (surrogates, combining marks, İ, Σ whose lowercase depends on its
 * neighbours) make their word compare as a whole string.
 */
const lowerUnits = new Uint16Array(65536);
const foldUnits = new Uint16Array(65536);
const WHOLE = 0xffff;

function unitClass(c: number): number {
  let m = lowerUnits[c]!;
  if (m === 0) {
    const one = c < 0xd800 || c > 0xdfff ? String.fromCharCode(c) : '';
    const lower = c === 0x3a3 ? '' : one.toLowerCase();
    const folded = fold(one);
    const plain = lower.length === 1 && folded.length === 1;
    lowerUnits[c] = m = plain ? lower.charCodeAt(0) : WHOLE;
    foldUnits[c] = plain ? folded.charCodeAt(0) : WHOLE;
  }
  return m;
}

interface RunWord {
  /** Typed with diacritics: the lowercase form that must match exactly; null: any form folding to `folded`. */
  exact: string | null;
  folded: string;
}

/**
 * Do `words` stand together, in order, somewhere in `text` (words only; punctuation between them is
 * ignored)? A word typed with diacritics must match exactly (case aside), one typed without matches any
 * diacritic form. A token scan, not a regex (a fresh Unicode regex per query costs milliseconds to compile),
 * comparing unit by unit in place: run checks and phrase checks scan dozens of whole articles per query.
 */
export function containsRun(text: string, words: string[]): boolean {
  const n = words.length;
  if (n === 0) return false;
  const want: RunWord[] = words.map((w) => {
    const lower = w.normalize('NFC').toLowerCase();
    const folded = fold(lower);
    return { exact: folded !== lower ? lower : null, folded };
  });
  /** The word at text[start, end), all of whose units map on their own, against want[k]. */
  const sameUnits = (start: number, end: number, k: number): boolean => {
    const w = want[k]!;
    const target = w.exact ?? w.folded;
    if (target.length !== end - start) return false;
    const table = w.exact !== null ? lowerUnits : foldUnits;
    for (let i = start; i < end; i++)
      if (table[text.charCodeAt(i)] !== target.charCodeAt(i - start)) return false;
    return true;
  };
  // progress: every k such that the words just before matched words[0..k-1] (k >= 1; k = 0 always holds)
  let progress = new Int32Array(n);
  let next = new Int32Array(n);
  let count = 0;
  let found = false;
  scanWords(text, (start, end) => {
    let plain = true;
    for (let i = start; i < end && plain; i++) plain = unitClass(text.charCodeAt(i)) !== WHOLE;
    let lower: string | null = null;
    let m = 0;
    for (let j = -1; j < count; j++) {
      const k = j < 0 ? 0 : progress[j]!;
      let same: boolean;
      if (plain) same = sameUnits(start, end, k);
      else {
        lower ??= text.slice(start, end).toLowerCase();
        const w = want[k]!;
        same = w.exact !== null ? lower === w.exact : foldCached(lower) === w.folded;
      }
      if (!same) continue;
      if (k + 1 === n) {
        found = true;
        return false;
      }
      next[m++] = k + 1;
    }
    [progress, next] = [next, progress];
    count = m;
    return true;
  });
  return found;
}
