import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fold, tokenize } from '../../src/core/search/analysis.js';
import { openSearchEngine, type KhoSearchEngine } from '../../src/core/search/index.js';
import { makeTempDir } from '../helpers/paths.js';
import { corpusLines, insertArticle, openTestDb, rng } from './helpers.js';

/**
 * Known-item search: a user remembers 3-5 consecutive words of an article and types them with or without
 * diacritics, in any case. Articles are built from the real Vietnamese news sentences, each sentence used
 * once (so the remembered words are, as in real archives, mostly specific to one article).
 */
describe('known-item search on Vietnamese news', () => {
  const tmp = makeTempDir('kho-known-');
  let engine: KhoSearchEngine;
  const bodies = new Map<number, string>();

  beforeAll(async () => {
    const file = path.join(tmp.dir, 'archive.db');
    const db = openTestDb(file);
    const random = rng(20220128);
    const sentences = corpusLines('vi-news-sentences.txt');
    const titles = corpusLines('vi-news-titles.txt');
    for (let i = sentences.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [sentences[i], sentences[j]] = [sentences[j]!, sentences[i]!];
    }
    db.transaction(() => {
      for (let a = 0; a * 4 < sentences.length; a++) {
        const text = sentences.slice(a * 4, a * 4 + 4).join(' ');
        const id = insertArticle(db, { title: titles[a % titles.length]!, text });
        bodies.set(id, text);
      }
    })();
    db.close();
    engine = openSearchEngine(file, { inWorker: false });
    await engine.flush();
  });
  afterAll(async () => {
    await engine.close();
    tmp.cleanup();
  });

  it('finds the article first ≥ 8 in 10 and in the top 10 ≥ 98%', async () => {
    const random = rng(7);
    const ids = [...bodies.keys()];
    const trials = 200;
    let first = 0;
    let top10 = 0;
    let unidentifiable = 0;
    let unique = 0;
    let firstUnique = 0;
    const misses: string[] = [];
    // lowercase word sequences of every article, to tell whether a pick can identify its article at all
    const sequences = [...bodies.values()].map(
      (b) =>
        ` ${tokenize(b)
          .map((w) => w.text.toLowerCase())
          .join(' ')} `,
    );
    for (let t = 0; t < trials; t++) {
      const id = ids[Math.floor(random() * ids.length)]!;
      const words = tokenize(bodies.get(id)!).map((w) => w.text);
      const n = 3 + Math.floor(random() * 3);
      const start = Math.floor(random() * Math.max(1, words.length - n));
      // Boilerplate ("giấy chứng nhận quyền sử dụng đất") can occur in more than 10 articles: then no ranking
      // can put this one in the top 10, so the person would type more words. Pick again (counted below).
      const exact = ` ${words
        .slice(start, start + n)
        .map((w) => w.toLowerCase())
        .join(' ')} `;
      const sharedBy = sequences.filter((s) => s.includes(exact)).length;
      if (sharedBy > 10) {
        unidentifiable++;
        t--;
        continue;
      }
      const noDiacritics = random() < 0.5;
      const query = words
        .slice(start, start + n)
        .map((w) => {
          const base = noDiacritics ? fold(w) : w;
          const c = random();
          return c < 0.33 ? base.toLowerCase() : c < 0.66 ? base.toUpperCase() : base;
        })
        .join(' ');
      const r = await engine.search(query, { limit: 10 });
      const rank = r.hits.findIndex((h) => h.id === id);
      if (sharedBy === 1) {
        unique++;
        if (rank === 0) firstUnique++;
      }
      if (rank === 0) first++;
      if (rank >= 0) top10++;
      else misses.push(query);
    }
    console.log(
      `known-item: first ${firstUnique}/${unique} unique picks, ${first}/${trials} all picks; top 10 ${top10}/${trials}; resampled ${unidentifiable}`,
    );
    expect(unidentifiable, 'picks shared by more than 10 articles').toBeLessThan(trials / 10);
    // "First" is only defined when no other article has the same words in the same order; for picks
    // shared by 2-10 articles the order among them is a coin toss, so they count for the top-10 rate only.
    expect(unique, 'picks unique to their article').toBeGreaterThan(trials / 2);
    expect(
      firstUnique / unique,
      `first ${firstUnique}/${unique} unique picks (all picks: ${first}/${trials})`,
    ).toBeGreaterThanOrEqual(0.8);
    expect(top10 / trials, `top 10 ${top10}/${trials}; missed: ${misses.join(' | ')}`).toBeGreaterThanOrEqual(
      0.98,
    );
  });
});
