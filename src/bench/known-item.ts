/**
 * Known-item measurement, shared by tests/search/known-item.test.ts and the bench: a person remembers 3-5
 * consecutive words of one article and types them with or without diacritics, in any case. Only picks
 * that identify their article are used: a pick whose words (folded, lowercased) occur consecutively in any
 * other article is redrawn (at most `maxRedraws` times per pick; a pick still shared after that is skipped
 * and counted).
 */
import { fold, tokenize } from '../core/search/analysis.js';

export interface KnownItemDoc {
  id: number;
  text: string;
}

export interface KnownItemRate {
  queries: number;
  first: number;
  top10: number;
}

export interface KnownItemResult {
  /** Unique picks used (each is queried twice: with and without diacritics). */
  picks: number;
  redraws: number;
  skipped: number;
  diacritics: KnownItemRate;
  noDiacritics: KnownItemRate;
  all: KnownItemRate;
  misses: string[];
}

export interface KnownItemOptions {
  trials: number;
  random: () => number;
  maxRedraws?: number;
  minWords?: number;
  maxWords?: number;
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
  // every article's folded word sequence, in one string: " w w w \n w w w \n ..." with start offsets
  const words = docs.map((d) => tokenize(d.text).map((t) => t.text));
  const folds = new Map<string, string>();
  const f = (w: string): string => {
    let v = folds.get(w);
    if (v === undefined) folds.set(w, (v = fold(w)));
    return v;
  };
  const starts: number[] = [];
  const parts: string[] = [];
  let pos = 0;
  for (const w of words) {
    const seq = ` ${w.map(f).join(' ')} \n`;
    starts.push(pos);
    parts.push(seq);
    pos += seq.length;
  }
  const all = parts.join('');
  const docAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const uniqueTo = (needle: string, doc: number): boolean => {
    for (let at = all.indexOf(needle); at >= 0; at = all.indexOf(needle, at + 1)) {
      if (docAt(at) !== doc) return false;
    }
    return true;
  };
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
    all: rate(),
    misses: [],
  };
  for (let t = 0; t < trials; t++) {
    let pick: { doc: number; words: string[] } | null = null;
    for (let attempt = 0; attempt <= maxRedraws && !pick; attempt++) {
      if (attempt > 0) res.redraws++;
      const doc = Math.floor(random() * docs.length);
      const w = words[doc]!;
      const n = minWords + Math.floor(random() * (maxWords - minWords + 1));
      if (w.length < n) continue;
      const start = Math.floor(random() * (w.length - n + 1));
      const slice = w.slice(start, start + n);
      if (uniqueTo(` ${slice.map(f).join(' ')} `, doc)) pick = { doc, words: slice };
    }
    if (!pick) {
      res.skipped++;
      continue;
    }
    res.picks++;
    const id = docs[pick.doc]!.id;
    for (const folded of [false, true]) {
      const query = pick.words.map((w) => randomCase(folded ? fold(w) : w)).join(' ');
      const ids = await search(query);
      const rank = ids.indexOf(id);
      for (const r of [folded ? res.noDiacritics : res.diacritics, res.all]) {
        r.queries++;
        if (rank === 0) r.first++;
        if (rank >= 0 && rank < 10) r.top10++;
      }
      if (rank !== 0) res.misses.push(`${query} (rank ${rank < 0 ? '>10' : rank + 1})`);
    }
  }
  return res;
}

export function formatKnownItem(r: KnownItemResult): string {
  const pc = (a: number, b: number) => `${a}/${b} (${b > 0 ? ((100 * a) / b).toFixed(1) : '–'}%)`;
  return [
    `known-item: ${r.picks} unique picks (${r.redraws} redraws, ${r.skipped} skipped), 2 queries each`,
    `  first: all ${pc(r.all.first, r.all.queries)}, diacritics ${pc(r.diacritics.first, r.diacritics.queries)}, no diacritics ${pc(r.noDiacritics.first, r.noDiacritics.queries)}`,
    `  top 10: all ${pc(r.all.top10, r.all.queries)}, diacritics ${pc(r.diacritics.top10, r.diacritics.queries)}, no diacritics ${pc(r.noDiacritics.top10, r.noDiacritics.queries)}`,
  ].join('\n');
}
