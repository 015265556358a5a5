import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { containsRun } from '../../src/core/search/word-run.js';
import { fold } from '../../src/shared/fold.js';

describe('containsRun (exact-run check behind known-item ranking)', () => {
  const text = 'Công tác “Dân vận chính quyền” năm 2019; dân vận khéo.';
  it('finds words standing together, across punctuation, in any case, with or without diacritics', () => {
    expect(containsRun(text, ['dân', 'vận', 'chính'])).toBe(true);
    expect(containsRun(text, ['DAN', 'van', 'chinh', 'quyen', 'nam'])).toBe(true);
    expect(containsRun(text, ['quyền', '2019'])).toBe(false);
    expect(containsRun(text, ['quyền', 'năm', '2019'])).toBe(true);
  });
  it('does not match scattered or reordered words, or a wrong diacritic typed by the user', () => {
    expect(containsRun(text, ['dân', 'chính'])).toBe(false);
    expect(containsRun(text, ['vận', 'dân'])).toBe(false);
    expect(containsRun(text, ['dần', 'vận'])).toBe(false);
    expect(containsRun(text, [])).toBe(false);
  });
  it('handles toned one-letter and short words at word edges', () => {
    const t = 'Ở Hà Nội và TP.HCM, bộ có kế hoạch.';
    expect(containsRun(t, ['ở', 'hà', 'nội'])).toBe(true);
    expect(containsRun(t, ['o', 'ha', 'noi', 'va'])).toBe(true);
    expect(containsRun(t, ['HCM', 'bo', 'co'])).toBe(true);
    expect(containsRun(t, ['ở', 'há'])).toBe(false);
    expect(containsRun(t, ['và', 'tp', 'hcm', 'bộ', 'cỏ'])).toBe(false);
  });
  it('restarts correctly on overlapping partial runs', () => {
    expect(containsRun('a a a b', ['a', 'a', 'b'])).toBe(true);
    expect(containsRun('a b a b c', ['a', 'b', 'c'])).toBe(true);
    expect(containsRun('a b a c', ['a', 'b', 'c'])).toBe(false);
  });
});

/** The run check as first written (a string per word, whole-word lowercasing and folding): the oracle. */
function referenceRun(text: string, words: string[]): boolean {
  if (words.length === 0) return false;
  const want = words.map((w) => {
    const lower = w.normalize('NFC').toLowerCase();
    const folded = fold(lower);
    return { exact: folded !== lower ? lower : null, folded };
  });
  const tokens = text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  for (let i = 0; i + want.length <= tokens.length; i++) {
    if (
      want.every((w, k) => {
        const lower = tokens[i + k]!.toLowerCase();
        return w.exact !== null ? lower === w.exact : fold(lower) === w.folded;
      })
    )
      return true;
  }
  return false;
}

describe('containsRun compares in place exactly as whole-word lowercasing and folding would', () => {
  // letters whose case or fold is tricky: toned Vietnamese, đ, final sigma, dotted İ, a combining mark, ß
  const units = [
    'a',
    'A',
    'à',
    'Ạ',
    'ă',
    'ẩ',
    'đ',
    'Đ',
    'o',
    'ơ',
    'Ớ',
    'Σ',
    'σ',
    'ς',
    'İ',
    'i',
    '\u0301',
    'ß',
    '1',
  ];
  const word = fc.array(fc.constantFrom(...units), { minLength: 1, maxLength: 4 }).map((u) => u.join(''));
  const sep = fc.constantFrom(' ', ', ', '.', ' “', '\n');
  it('agrees with the oracle on random words and texts (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, sep), { maxLength: 12 }),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 3 }),
        (parts, from, n) => {
          const text = parts.map(([w, s]) => w + s).join('');
          const tokens = text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
          // half the time the words are taken from the text (so runs are found), otherwise made up
          const words =
            from % 2 === 0 && tokens.length > 0
              ? tokens.slice(from % tokens.length, (from % tokens.length) + n)
              : parts.slice(0, n).map(([w]) => w);
          expect(containsRun(text, words)).toBe(referenceRun(text, words));
          expect(containsRun(text, words.map(fold))).toBe(referenceRun(text, words.map(fold)));
        },
      ),
      { numRuns: 3000, seed: 20261203 },
    );
  });
});
