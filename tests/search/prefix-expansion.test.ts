import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasDiacritics } from '../../src/core/search/analysis.js';
import { SearchCore } from '../../src/core/search/core.js';
import { SegmentStore } from '../../src/core/search/segments.js';
import { expandTerm } from '../../src/core/search/term-expansion.js';
import { makeTempDir } from '../helpers/paths.js';
import { insertArticle, openTestDb } from './helpers.js';

/**
 * A prefix typed without diacritics expands to the archive's folded words: each accented word is found
 * through its folded form only, instead of reading the postings of both (a one-letter prefix read twice
 * the lists it needed), and every article is still found.
 */
describe('prefix expansion typed without diacritics', () => {
  it('finds every article of 30 words in 3 tone variants each (90 accented forms, 30 folded)', () => {
    const tmp = makeTempDir();
    try {
      const file = path.join(tmp.dir, 'kho.sqlite');
      const db = openTestDb(file);
      const tones: Record<string, string[]> = {
        a: ['á', 'à', 'ạ'],
        e: ['é', 'è', 'ẹ'],
        i: ['í', 'ì', 'ị'],
        o: ['ó', 'ò', 'ọ'],
        u: ['ú', 'ù', 'ụ'],
      };
      const ends = ['c', 'm', 'n', 'p', 't', 'y'];
      const bases = Object.keys(tones).flatMap((v) => ends.map((e) => `b${v}${e}`));
      expect(bases).toHaveLength(30);
      const words = bases.flatMap((b) => tones[b[1]!]!.map((t) => `b${t}${b[2]}`));
      words.forEach((w, i) =>
        insertArticle(db, { title: `Số ${i + 1}`, text: `Hôm nay nói về ${w} mà thôi.` }),
      );
      db.close();
      const core = new SearchCore(file);
      try {
        core.catchUpAll();
        const r = core.search('b*', { limit: 100 });
        expect(r.total).toBe(90);
        const store = new SegmentStore(core.db);
        const segs = store.ids().map((id) => store.readHeader(id)!);
        const keys = expandTerm(store, segs, 'b', true, 0).map((l) => l.key);
        expect(keys).toHaveLength(30);
        expect(keys.filter(hasDiacritics)).toEqual([]);
        expect(keys.every((k) => k.startsWith('~b'))).toBe(true);
        // typed with diacritics the prefix stays exact: only the words starting "bá"
        expect(core.search('bá*', { limit: 100 }).total).toBe(6);
      } finally {
        core.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});
