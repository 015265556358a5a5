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
