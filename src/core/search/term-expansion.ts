/**
 * Term expansion: the index terms (lookups, with weights) one analysed query word stands for. A plain word
 * looks up its exact form and its folded forms; a prefix or fuzzy word is expanded against the sorted
 * vocabularies of an analyser group's segments.
 */
import { FOLD_MARK, WORD_MARK, SURFACE_MARK, fold, hasDiacritics, type Analyzer } from './analysis.js';
import type { Segment, SegmentStore } from './segments.js';
import { lowerBound } from './sorted.js';

export interface Lookup {
  /** Index term: the analysed form, or FOLD_MARK + folded form. */
  key: string;
  weight: number;
}

/**
 * The index terms that mean "this doc has the form that was typed": a doc has it when the term
 * frequencies of `plus` minus those of `minus` (in the clause's fields) are above zero.
 */
export interface Forms {
  plus: string[];
  minus: string[];
}

/** Weight of a folded-only match when the query word was typed with diacritics. */
export const FOLD_WEIGHT = 0.35;
/** Weight of a stem-only match when the typed form differs from its stem (stemmed languages). */
export const STEM_WEIGHT = 0.7;
/** Most index terms one prefix or fuzzy word expands to (closest, then most frequent, first). */
const MAX_EXPANSIONS = 64;

/**
 * A plain word typed without diacritics matches exact and folded forms equally; typed with diacritics, it
 * prefers the exact form and still finds folded ones (text saved without its accents).
 */
export function wordLookups(term: string): Lookup[] {
  if (hasDiacritics(term)) {
    const f = fold(term);
    return [
      { key: term, weight: 1 },
      { key: f, weight: FOLD_WEIGHT },
      { key: FOLD_MARK + f, weight: FOLD_WEIGHT },
    ];
  }
  return [
    { key: term, weight: 1 },
    { key: FOLD_MARK + term, weight: 1 },
  ];
}

/**
 * What counts as the typed form of a word (null: every form counts). Typed with diacritics: the exact
 * form, not folded-only ones. Stemmed languages: the surface form ('=' term), not other words with the
 * same stem; when the word is its own stem ("state"), the stem's occurrences minus those of its longer
 * surface forms in the vocabulary ("states", "stated"; forms that do not start with the stem are missed).
 */
export function typedForms(
  store: SegmentStore,
  segs: Segment[],
  a: Analyzer,
  typed: string,
  stem: string,
): Forms | null {
  if (!a.stems) return hasDiacritics(typed) ? { plus: [stem], minus: [] } : null;
  const surface = a.surface(typed);
  if (surface === null) return null;
  if (surface !== stem) return { plus: [SURFACE_MARK + surface], minus: [] };
  const minus = new Set<string>();
  for (const seg of segs) {
    const { vocab } = store.vocabOf(seg);
    const p = SURFACE_MARK + stem;
    for (let i = lowerBound(vocab, p); i < vocab.length && vocab[i]!.startsWith(p); i++) {
      const v = vocab[i]!;
      if (!minus.has(v) && a.searchTerm(v.slice(1)) === stem) minus.add(v);
    }
  }
  return { plus: [stem], minus: [...minus] };
}

/** Expands a prefix or fuzzy word against the vocabularies of a group's segments. */
export function expandTerm(
  store: SegmentStore,
  segs: Segment[],
  term: string,
  prefix: boolean,
  fuzzy: number,
): Lookup[] {
  const diacritics = hasDiacritics(term);
  const folded = fold(term);
  const found = new Map<string, { df: number; dist: number }>();
  const add = (key: string, df: number, dist: number) => {
    const cur = found.get(key);
    if (cur) cur.df += df;
    else found.set(key, { df, dist });
  };
  for (const seg of segs) {
    const { vocab, dfs } = store.vocabOf(seg);
    if (prefix) {
      // typed with diacritics: exact forms only; without: exact and folded forms
      const starts = diacritics ? [term] : [term, FOLD_MARK + folded];
      for (const p of starts) {
        for (let i = lowerBound(vocab, p); i < vocab.length && vocab[i]!.startsWith(p); i++) {
          // typed without diacritics, a word with them is found through its folded term (every doc that
          // has the one has the other, and folded it scores at least as high): looking up both read every
          // accented word's postings twice and spent half the expansions on duplicates
          if (!diacritics && p === term && hasDiacritics(vocab[i]!)) continue;
          add(vocab[i]!, dfs[i]!, vocab[i]!.length - p.length);
        }
      }
    } else {
      for (let i = 0; i < vocab.length; i++) {
        const v = vocab[i]!;
        if (v.startsWith(SURFACE_MARK) || v.startsWith(WORD_MARK)) continue;
        const isFold = v.startsWith(FOLD_MARK);
        if (diacritics && isFold) continue;
        const cmp = isFold ? v.slice(1) : v;
        const target = isFold ? folded : term;
        const d = levenshteinWithin(cmp, target, fuzzy);
        if (d <= fuzzy) add(v, dfs[i]!, d);
      }
    }
  }
  const list = [...found.entries()].sort((a, b) => a[1].dist - b[1].dist || b[1].df - a[1].df);
  return list.slice(0, MAX_EXPANSIONS).map(([key, { dist }]) => ({ key, weight: dist === 0 ? 1 : 0.7 }));
}

/** Edit distance of a and b, or max + 1 as soon as it must exceed max. */
function levenshteinWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}
