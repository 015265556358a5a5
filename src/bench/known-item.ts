/**
 * Known-item measurement, shared by tests/search/known-item.test.ts and the bench: a person remembers 3-5
 * consecutive words of one article and types them with or without diacritics, in any case. Only picks
 * that identify their article are used: a pick whose words (folded, lowercased) occur consecutively in any
 * other article is redrawn (at most `maxRedraws` times per pick; a pick still shared after that is skipped
 * and counted), and so is an English pick of stop words only (they are not indexed).
 *
 * Every pick is also typed with one slip (a dropped, doubled or swapped letter in one word that is then no
 * word of the archive): the typo kind. With `preference`, extra picks of 2-4 words test what typed forms
 * decide: runs whose exact words are in one article while their folded forms also stand together in
 * another ("diacritic preference", typed with diacritics), and English runs whose exact words are in one
 * article while their stems also stand together in another ("exact forms").
 */
import { fold, getAnalyzer, tokenize } from '../core/search/analysis.js';
import { slipEnglish, slipVietnamese } from './slips.js';

export interface KnownItemDoc {
  id: number;
  /** Searched too: a pick must not stand in another article's title either. */
  title?: string;
  text: string;
  /** 'en' articles are stemmed (exact-form picks); others are treated as Vietnamese. */
  lang?: string;
}

export interface KnownItemRate {
  queries: number;
  first: number;
  top10: number;
}

type Kind = 'diacritics' | 'noDiacritics' | 'typo' | 'diacriticPreference' | 'exactForms';

export interface KnownItemResult extends Record<Kind, KnownItemRate> {
  /** Unique picks used (each is queried with and without diacritics, and with a slip). */
  picks: number;
  redraws: number;
  skipped: number;
  /** diacritics + noDiacritics. */
  all: KnownItemRate;
  misses: string[];
}

export interface KnownItemOptions {
  trials: number;
  random: () => number;
  maxRedraws?: number;
  minWords?: number;
  maxWords?: number;
  /** Picks of each preference kind (diacritic preference, exact forms); 0 to skip. */
  preference?: number;
}

/** Every article's word sequence under one mapping, in one string, and which article holds an offset. */
class Sequences {
  private readonly all: string;
  private readonly starts: number[] = [];

  /** `wordsOf(d)` is called once per article and not kept: at 100k articles every word as a string is GBs. */
  constructor(count: number, wordsOf: (doc: number) => string[], map: (w: string, doc: number) => string) {
    const parts: string[] = [];
    let pos = 0;
    for (let d = 0; d < count; d++) {
      const seq = ` ${wordsOf(d)
        .map((x) => map(x, d))
        .join(' ')} \n`;
      this.starts.push(pos);
      parts.push(seq);
      pos += seq.length;
    }
    this.all = parts.join('');
  }

  private docAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Whether the run (words joined by spaces, mapped) stands in no article but `doc`. */
  uniqueTo(run: string, doc: number): boolean {
    const needle = ` ${run} `;
    for (let at = this.all.indexOf(needle); at >= 0; at = this.all.indexOf(needle, at + 1))
      if (this.docAt(at) !== doc) return false;
    return true;
  }
}

/** `search` returns the ids of the first 10 hits. */
export async function measureKnownItem(
  docs: KnownItemDoc[],
  search: (query: string) => Promise<number[]>,
  opts: KnownItemOptions,
): Promise<KnownItemResult> {
  const { random, trials } = opts;
  const maxRedraws = opts.maxRedraws ?? 50;
  const minWords = opts.minWords ?? 3;
  const maxWords = opts.maxWords ?? 5;
  // an article's words are tokenized when needed, not held for every article (memory at 100k articles)
  const wordsOf = (d: number) => tokenize(docs[d]!.text).map((t) => t.text);
  // uniqueness is over titles and texts ('¶' keeps a run from crossing from one into the other)
  const searched = (d: number) => [...tokenize(docs[d]!.title ?? '').map((t) => t.text), '¶', ...wordsOf(d)];
  const memo = new Map<string, string>();
  const f = (w: string): string => {
    let v = memo.get(w);
    if (v === undefined) memo.set(w, (v = fold(w)));
    return v;
  };
  const folded = new Sequences(docs.length, searched, f);
  const enAnalyzer = getAnalyzer('en');
  const vocabulary = new Set(memo.values());
  const randomCase = (w: string) => {
    const c = random();
    return c < 0.33 ? w.toLowerCase() : c < 0.66 ? w.toUpperCase() : w;
  };
  const rate = (): KnownItemRate => ({ queries: 0, first: 0, top10: 0 });
  const res: KnownItemResult = {
    picks: 0,
    redraws: 0,
    skipped: 0,
    diacritics: rate(),
    noDiacritics: rate(),
    typo: rate(),
    diacriticPreference: rate(),
    exactForms: rate(),
    all: rate(),
    misses: [],
  };
  const run = async (kind: Kind, query: string, id: number) => {
    const rank = (await search(query)).indexOf(id);
    const rates = kind === 'diacritics' || kind === 'noDiacritics' ? [res[kind], res.all] : [res[kind]];
    for (const r of rates) {
      r.queries++;
      if (rank === 0) r.first++;
      if (rank >= 0 && rank < 10) r.top10++;
    }
    if (rank !== 0) res.misses.push(`${kind}: ${query} (rank ${rank < 0 ? '>10' : rank + 1})`);
  };
  /** A random run of n words of a random article (of those `docFilter` accepts). */
  const draw = (n: number, docFilter?: (d: number) => boolean) => {
    const doc = Math.floor(random() * docs.length);
    if (docFilter && !docFilter(doc)) return null;
    const w = wordsOf(doc);
    if (w.length < n) return null;
    const start = Math.floor(random() * (w.length - n + 1));
    return { doc, words: w.slice(start, start + n) };
  };
  for (let t = 0; t < trials; t++) {
    let pick: { doc: number; words: string[] } | null = null;
    for (let attempt = 0; attempt <= maxRedraws && !pick; attempt++) {
      if (attempt > 0) res.redraws++;
      const p = draw(minWords + Math.floor(random() * (maxWords - minWords + 1)));
      // English stop words are not indexed: a pick of stop words only ("in them in the") finds nothing
      if (p && docs[p.doc]!.lang === 'en' && p.words.every((w) => enAnalyzer.searchTerm(w) === null))
        continue;
      if (p && folded.uniqueTo(p.words.map(f).join(' '), p.doc)) pick = p;
    }
    if (!pick) {
      res.skipped++;
      continue;
    }
    res.picks++;
    const id = docs[pick.doc]!.id;
    for (const noDiacritics of [false, true]) {
      const query = pick.words.map((w) => randomCase(noDiacritics ? f(w) : w)).join(' ');
      await run(noDiacritics ? 'noDiacritics' : 'diacritics', query, id);
    }
    // one slip in one word of 3+ letters, the slipped word in no article
    const en = docs[pick.doc]!.lang === 'en';
    for (let attempt = 0; attempt < 10; attempt++) {
      const slot = Math.floor(random() * pick.words.length);
      const word = pick.words[slot]!;
      if (word.length < 4 || /\d/.test(word)) continue;
      const s = en ? slipEnglish(word, random) : slipVietnamese(word, random);
      if (!s || s.kind === 'tone' || vocabulary.has(s.folded)) continue;
      await run('typo', pick.words.map((w, i) => (i === slot ? s.word : w)).join(' '), id);
      break;
    }
  }
  const extra = opts.preference ?? 0;
  if (extra > 0) {
    const lower = new Sequences(docs.length, searched, (w) => w.toLowerCase());
    const stemmed = new Sequences(docs.length, searched, (w, d) =>
      docs[d]!.lang === 'en' ? (enAnalyzer.searchTerm(w) ?? '·') : w.toLowerCase(),
    );
    const kinds: Array<{ kind: Kind; en: boolean; shared: Sequences; map: (w: string) => string }> = [
      { kind: 'diacriticPreference', en: false, shared: folded, map: f },
      { kind: 'exactForms', en: true, shared: stemmed, map: (w) => enAnalyzer.searchTerm(w) ?? '·' },
    ];
    for (const k of kinds) {
      for (let t = 0, tries = 0; t < extra && tries < extra * 20_000; tries++) {
        const p = draw(2 + Math.floor(random() * 3), (d) => (docs[d]!.lang === 'en') === k.en);
        if (!p || p.words.some((w) => /\d/.test(w))) continue;
        // typed with diacritics throughout: a word without them would match every form
        if (!k.en && !p.words.every((w) => f(w) !== w.toLowerCase())) continue;
        if (k.en && p.words.every((w) => enAnalyzer.searchTerm(w) === null)) continue;
        const exact = p.words.map((w) => w.toLowerCase()).join(' ');
        const mapped = p.words.map(k.map).join(' ');
        if (mapped === exact || !lower.uniqueTo(exact, p.doc) || k.shared.uniqueTo(mapped, p.doc)) continue;
        t++;
        await run(k.kind, p.words.join(' '), docs[p.doc]!.id);
      }
    }
  }
  return res;
}

export function formatKnownItem(r: KnownItemResult): string {
  const pc = (a: number, b: number) => `${a}/${b} (${b > 0 ? ((100 * a) / b).toFixed(1) : '–'}%)`;
  const line = (name: string, x: KnownItemRate) =>
    `  ${name}: first ${pc(x.first, x.queries)}, top 10 ${pc(x.top10, x.queries)}`;
  return [
    `known-item: ${r.picks} unique picks (${r.redraws} redraws, ${r.skipped} skipped)`,
    line('all (± diacritics)', r.all),
    line('diacritics', r.diacritics),
    line('no diacritics', r.noDiacritics),
    line('one typo', r.typo),
    ...(r.diacriticPreference.queries > 0 ? [line('diacritic preference', r.diacriticPreference)] : []),
    ...(r.exactForms.queries > 0 ? [line('exact forms (en)', r.exactForms)] : []),
  ].join('\n');
}
