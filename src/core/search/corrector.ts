/**
 * Typo correction over the archive's own vocabulary. The lexicon holds every word of every segment as a
 * surface form ("recession", "người"; in stemmed languages the '=' surface terms and words that are their
 * own stem) grouped under its folded, lowercase key with doc frequencies. A word is corrected to the
 * closest key within an edit budget that grows with its length (0 for 1-2 letters, 1 up to 6, then 2),
 * where an edit is an insertion, deletion, substitution or a swap of two neighbours (optimal string
 * alignment); diacritics cost nothing at this stage (tone-mark slips), then break ties. Closest first, then
 * most frequent. A word with no close key may be two words typed without their space ("foreignpolicy").
 * The search walks the sorted keys as an implicit trie: edit-distance rows are shared by words with a
 * common prefix, and a prefix whose row is already over budget skips every key under it.
 */
import {
  FOLD_MARK,
  WORD_MARK,
  SURFACE_MARK,
  fold,
  getAnalyzer,
  hasDiacritics,
  type AnalyzerId,
} from './analysis.js';
import type { Segment, SegmentStore } from './segments.js';
import { lowerBound } from './sorted.js';

export interface Suggestion {
  /** One word, or two for a dropped space. */
  words: string[];
  /** Edits (a split counts one). */
  cost: number;
  df: number;
}

/** The query words next to the one being corrected, and how often two words stand together. */
export interface SuggestContext {
  /** `before`: the neighbour comes before the word. */
  neighbours: Array<{ word: string; before: boolean }>;
  /** In how many docs the two words stand together. */
  together(a: string, b: string): number;
  /** Only words with other letters, not the same letters with other diacritics. */
  lettersOnly?: boolean;
}

/** Edit budget for a word of `length` letters (folded); 2-letter words get 1 only with context. */
export function editBudget(length: number): number {
  return length <= 2 ? 0 : length <= 6 ? 1 : 2;
}

interface Entry {
  df: number;
  /** Surface forms with this folded key, and their doc frequencies. */
  surfaces: Map<string, number>;
}

export class Lexicon {
  private readonly keys: string[];
  private readonly entries: Entry[];

  constructor(store: SegmentStore, groups: Map<AnalyzerId, Segment[]>) {
    const byKey = new Map<string, Entry>();
    const add = (surface: string, df: number) => {
      const key = fold(surface);
      let e = byKey.get(key);
      if (!e) byKey.set(key, (e = { df: 0, surfaces: new Map() }));
      e.df += df;
      e.surfaces.set(surface, (e.surfaces.get(surface) ?? 0) + df);
    };
    for (const [analyzer, segs] of groups) {
      const a = getAnalyzer(analyzer);
      for (const seg of segs) {
        if (seg.liveCount === 0) continue;
        const { vocab, dfs } = store.vocabOf(seg);
        for (let i = 0; i < vocab.length; i++) {
          const v = vocab[i]!;
          if (v.startsWith(FOLD_MARK) || /\d/.test(v)) continue;
          // stemmed languages: surface words are '=' and '!' terms (a stem may be no word: "presid")
          if (v.startsWith(SURFACE_MARK) || v.startsWith(WORD_MARK)) add(v.slice(1), dfs[i]!);
          else if (!a.stems) add(v, dfs[i]!);
        }
      }
    }
    this.keys = [...byKey.keys()].sort();
    this.entries = this.keys.map((k) => byKey.get(k)!);
  }

  /** Doc frequency of a folded key (0 when absent). */
  df(key: string): number {
    const i = lowerBound(this.keys, key);
    return this.keys[i] === key ? this.entries[i]!.df : 0;
  }

  /**
   * The best correction of `word`, or null. Candidates within the edit budget are ranked by how many of
   * the query's neighbouring words stand next to them somewhere in the archive (`context`), then fewest
   * edits, in how many docs they stand together, closest diacritics, most docs. A 2-letter word is
   * corrected only with such a neighbour.
   */
  suggest(word: string, context?: SuggestContext): Suggestion | null {
    const lower = word.normalize('NFC').toLowerCase();
    if (/\d/.test(lower)) return null;
    const key = fold(lower);
    const short = key.length === 2 && context !== undefined && context.neighbours.length > 0;
    const budget = short ? 1 : editBudget(key.length);
    const diacritics = hasDiacritics(lower);
    type Cand = { i: number; support: number; together: number; cost: number; near: number; df: number };
    // neighbours standing next to it, fewest edits, most docs with those pairs, closest diacritics, most docs
    const order: Array<keyof Cand> = ['support', 'cost', 'together', 'near', 'df'];
    const lowerIsBetter = new Set<keyof Cand>(['cost', 'near']);
    const better = (a: Cand, b: Cand) => {
      for (const k of order) {
        if (a[k] === b[k]) continue;
        return lowerIsBetter.has(k) ? a[k] < b[k] : a[k] > b[k];
      }
      return false;
    };
    let best: Cand | null = null;
    if (budget > 0 || diacritics) {
      this.walk(key, budget, (i, cost) => {
        const e = this.entries[i]!;
        const k = this.keys[i]!;
        const near = diacritics ? this.surfaceOf(i, lower).near : 0;
        // the word itself: only its other diacritics ("nguời" -> "người") are a correction
        if (cost === 0 && (near === 0 || context?.lettersOnly)) return;
        let support = 0;
        let together = 0;
        for (const n of context?.neighbours ?? []) {
          const docs = context!.together(n.before ? n.word : k, n.before ? k : n.word);
          if (docs > 0) support++;
          together += docs;
        }
        if (short && support === 0) return;
        const c: Cand = { i, support, together, cost, near, df: e.df };
        if (!best || better(c, best)) best = c;
      });
    }
    const b = best as { i: number; cost: number; df: number } | null;
    const split = b ? null : this.split(key);
    if (split) {
      // folding keeps the length of Latin and Vietnamese letters: the typed halves line up with the key's
      const at = split.keys[0]!.length;
      const parts = lower.length === key.length ? [lower.slice(0, at), lower.slice(at)] : split.keys;
      const words = split.keys.map((k, j) => this.display(k, parts[j]!));
      return { words, cost: split.cost, df: split.df };
    }
    if (!b) return null;
    return { words: [this.display(this.keys[b.i]!, lower)], cost: b.cost, df: b.df };
  }

  /**
   * Two known words typed without the space between them, when no single word is close: each part 2+
   * letters and in 2+ docs; the split whose rarer part is most frequent.
   */
  private split(key: string): { keys: string[]; cost: number; df: number } | null {
    let best: { keys: string[]; cost: number; df: number } | null = null;
    for (let i = 2; i <= key.length - 2; i++) {
      const l = key.slice(0, i);
      const r = key.slice(i);
      const df = Math.min(this.df(l), this.df(r));
      if (df >= 2 && (!best || df > best.df)) best = { keys: [l, r], cost: 1, df };
    }
    return best;
  }

  /** How `typed` is shown once corrected: folded if typed without diacritics, else its closest form. */
  private display(key: string, typed: string): string {
    if (!hasDiacritics(typed)) return key;
    const i = lowerBound(this.keys, key);
    return this.keys[i] === key ? this.surfaceOf(i, typed).surface : key;
  }

  /** The surface form of entry i closest to `typed` (diacritics), then the most frequent. */
  private surfaceOf(i: number, typed: string): { surface: string; near: number } {
    let best = { surface: this.keys[i]!, near: Infinity, df: -1 };
    for (const [s, df] of this.entries[i]!.surfaces) {
      const near = osa(s, typed, 99);
      if (near < best.near || (near === best.near && df > best.df)) best = { surface: s, near, df };
    }
    return { surface: best.surface, near: best.near };
  }

  /** Calls fn(entry index, distance) for every key within `budget` edits of `word`. */
  private walk(word: string, budget: number, fn: (i: number, cost: number) => void): void {
    const m = word.length;
    const keys = this.keys;
    // rows[d] = edit-distance row of the current key's first d letters against `word`
    const rows: Int32Array[] = [Int32Array.from({ length: m + 1 }, (_, j) => j)];
    let prev = '';
    let i = 0;
    while (i < keys.length) {
      const k = keys[i]!;
      let d = 0;
      const lim = Math.min(prev.length, k.length, rows.length - 1);
      while (d < lim && prev.charCodeAt(d) === k.charCodeAt(d)) d++;
      let dead = -1;
      for (let r = d + 1; r <= k.length; r++) {
        const row = (rows[r] ??= new Int32Array(m + 1));
        const up = rows[r - 1]!;
        const up2 = r >= 2 ? rows[r - 2]! : null;
        const c = k.charCodeAt(r - 1);
        row[0] = r;
        let min = r;
        for (let j = 1; j <= m; j++) {
          const cost = c === word.charCodeAt(j - 1) ? 0 : 1;
          let v = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + cost);
          if (up2 && j >= 2 && c === word.charCodeAt(j - 2) && k.charCodeAt(r - 2) === word.charCodeAt(j - 1))
            v = Math.min(v, up2[j - 2]! + 1);
          row[j] = v;
          if (v < min) min = v;
        }
        if (min > budget) {
          dead = r;
          break;
        }
      }
      prev = k;
      if (dead >= 0) {
        // every key starting with k's first `dead` letters is over budget too
        const stem = k.slice(0, dead);
        prev = stem;
        i = lowerBound(keys, `${stem}\uffff`);
        continue;
      }
      const dist = rows[k.length]![m]!;
      if (dist <= budget) fn(i, dist);
      i++;
    }
  }
}

/** Optimal string alignment distance of a and b (edits and neighbour swaps), capped at max + 1. */
export function osa(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = b.length;
  let r2 = new Int32Array(m + 1);
  let r1 = Int32Array.from({ length: m + 1 }, (_, j) => j);
  let r0 = new Int32Array(m + 1);
  for (let i = 1; i <= a.length; i++) {
    r0[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(r1[j]! + 1, r0[j - 1]! + 1, r1[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, r2[j - 2]! + 1);
      r0[j] = v;
    }
    [r2, r1, r0] = [r1, r0, r2];
  }
  return Math.min(r1[m]!, max + 1);
}
