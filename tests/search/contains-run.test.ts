import { describe, expect, it } from 'vitest';
import { containsRun } from '../../src/core/search/analysis.js';

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
  it('restarts correctly on overlapping partial runs', () => {
    expect(containsRun('a a a b', ['a', 'a', 'b'])).toBe(true);
    expect(containsRun('a b a b c', ['a', 'b', 'c'])).toBe(true);
    expect(containsRun('a b a c', ['a', 'b', 'c'])).toBe(false);
  });
});
