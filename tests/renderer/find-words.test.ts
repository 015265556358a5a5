import { describe, expect, it } from 'vitest';
import { findRanges, findTerms } from '../../src/renderer/src/lib/find-words.js';
import { completeTag } from '../../src/renderer/src/lib/tag-match.js';

/** Words of a search marked in the opened article; tags completed without diacritics. */

const TEXT = 'Năm dân vận chính quyền: Dân vận khéo, chính sách hay. Vận động dân.';
const words = (query: string, extra: string[] = []) =>
  findRanges(TEXT, findTerms(query, extra)).map(([s, e]) => TEXT.slice(s, e));

describe('findTerms and findRanges', () => {
  it('finds the words of a query with or without diacritics, as whole words', () => {
    expect(words('dan van')).toEqual(['dân', 'vận', 'Dân', 'vận', 'Vận', 'dân']);
    expect(words('chính')).toEqual(['chính', 'chính']);
  });

  it('marks phrases word by word, prefixes as prefixes, and leaves out filters and excluded words', () => {
    expect(words('"chính quyền" -khéo tag:x is:unread title:năm')).toEqual(['chính', 'quyền', 'chính']);
    expect(words('chinh*')).toEqual(['chính', 'chính']);
    expect(words('quyen~1')).toEqual(['quyền']);
    expect(words('', ['động'])).toEqual(['động']);
    expect(words('')).toEqual([]);
  });
});

describe('completeTag', () => {
  const tags = ['việt nam', 'Việt kiều', 'thời sự/việt nam', 'kinh tế', 'tiếng việt'];
  it('picks tags that start with what is typed first, ignoring case and diacritics', () => {
    expect(completeTag(tags, 'việt')[0]).toBe('việt nam');
    expect(completeTag(tags, 'viet')).toEqual(['Việt kiều', 'việt nam', 'thời sự/việt nam', 'tiếng việt']);
    expect(completeTag(tags, 'VIỆT N')).toEqual(['việt nam', 'thời sự/việt nam']);
    expect(completeTag(tags, 'kinh', ['kinh tế'])).toEqual([]);
  });
});
