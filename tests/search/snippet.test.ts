import { describe, expect, it } from 'vitest';
import { fold } from '../../src/core/search/analysis.js';
import { buildSnippet, findMatches } from '../../src/core/search/snippet.js';

const matcher = (words: string[]) => (w: string) => words.includes(fold(w));

describe('snippets', () => {
  const filler = 'Một đoạn viết dài không liên quan đến điều người đọc tìm. '.repeat(40);
  const text = `Mở đầu. Công tác dân vận chính quyền được nhắc tới. ${filler} Cuối bài lại nói về dân vận.`;

  it('stops scanning once one window holds every query word, keeping that window whole', () => {
    const m = matcher(['dan', 'van']);
    const all = findMatches(text, m);
    const early = findMatches(text, m, { enough: 2, window: 200 });
    expect(all.map((x) => x.word)).toEqual(['dân', 'vận', 'dân', 'vận']);
    expect(early.map((x) => x.word)).toEqual(['dân', 'vận']);
    const s = buildSnippet(text, early, 200);
    expect(s.text).toContain('dân vận chính quyền');
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(['dân', 'vận']);
  });

  it('scans on when no window holds every word yet', () => {
    const m = matcher(['mo', 'cuoi']);
    const found = findMatches(text, m, { enough: 2, window: 200 });
    expect(found.map((x) => x.word)).toEqual(['Mở', 'Cuối']);
  });
});
