import { fold } from '../../../shared/fold.js';

/** A word to find in the open article: its folded form, and whether longer words starting with it count. */
export interface FindTerm {
  word: string;
  prefix: boolean;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const FILTER = /^-?(tag|site|lang|is|before|after|title):/i;

/**
 * The words of a search query worth marking in an article's text: plain terms and the words of phrases,
 * never filters (tag:, is:, before:, …), title-only words or excluded words. `word*` matches as a prefix,
 * `word~` as the word. `extra` adds surface forms the engine matched (the hit's highlighted words), so
 * stemmed and fuzzy matches are found too. Diacritics are ignored, as in search.
 */
export function findTerms(query: string, extra: readonly string[] = []): FindTerm[] {
  const terms = new Map<string, FindTerm>();
  const add = (text: string, prefix: boolean) => {
    for (const m of text.matchAll(WORD)) {
      const word = fold(m[0]);
      const had = terms.get(word);
      if (!had || (had.prefix && !prefix)) terms.set(word, { word, prefix });
    }
  };
  for (const token of query.match(/-?"[^"]*"?|\S+/g) ?? []) {
    if (token.startsWith('-') || FILTER.test(token)) continue;
    if (token.startsWith('"')) add(token, false);
    else add(token.replace(/~\d?$/, ''), /\*$/.test(token));
  }
  for (const word of extra) add(word, false);
  return [...terms.values()];
}

/** [start, end) of every whole word of `text` that one of `terms` finds, in order. */
export function findRanges(text: string, terms: readonly FindTerm[]): Array<[number, number]> {
  if (terms.length === 0) return [];
  const exact = new Set(terms.filter((t) => !t.prefix).map((t) => t.word));
  const prefixes = terms.filter((t) => t.prefix).map((t) => t.word);
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(WORD)) {
    const word = fold(m[0]);
    if (exact.has(word) || prefixes.some((p) => word.startsWith(p)))
      out.push([m.index, m.index + m[0].length]);
  }
  return out;
}
