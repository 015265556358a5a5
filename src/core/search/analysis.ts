/**
 * Analysers built on lunr's pipeline API.
 *
 * Every pipeline function is registered with lunr.Pipeline.registerFunction so that a segment can store
 * its pipeline as JSON (lunr.Pipeline#toJSON) and load it back (lunr.Pipeline.load) to analyse queries
 * exactly as its documents were analysed.
 *
 * - `kho-nfc`: Unicode NFC.
 * - `kho-trimmer`: strips anything that is not a letter, mark or number (\p{L}\p{M}\p{N}) from both ends.
 *   (lunr's own trimmer is ASCII-only and lunr.vi's cuts toned vowels: và -> v, ở -> '').
 * - `kho-lowercase`.
 * - lunr / lunr-languages stop word filters and stemmers, only for the languages listed in STEMMED.
 *   Vietnamese (and any language we have not checked) gets no stemmer and no stop words.
 * - `kho-fold-extra` (index pipeline only): emits the token and, when different, '~' + its diacritic-folded
 *   form (đ -> d too), so a query typed without diacritics finds accented text while a query with
 *   diacritics can prefer the exact form.
 */
import lunr from 'lunr';
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js';
import lunrDe from 'lunr-languages/lunr.de.js';
import lunrEs from 'lunr-languages/lunr.es.js';
import lunrFr from 'lunr-languages/lunr.fr.js';
import lunrIt from 'lunr-languages/lunr.it.js';
import lunrPt from 'lunr-languages/lunr.pt.js';
import { fold } from '../../shared/fold.js';

type LunrPlugin = (l: typeof lunr) => void;
(stemmerSupport as LunrPlugin)(lunr);
for (const plugin of [lunrFr, lunrDe, lunrEs, lunrPt, lunrIt]) (plugin as LunrPlugin)(lunr);

/** Prefix of index terms that are the diacritic-folded form of another token. */
export const FOLD_MARK = '~';
/**
 * Word pairs: every two adjacent words of the title and body, folded, as a 32-bit hash (FNV-1a of
 * "folded folded"). A segment keeps one pair index BLOB (hash -> local ids) so that adjacency (proximity
 * ranking, phrase candidates) is answered without reading stored text. A hash collision can only make two
 * words look adjacent (rare: ranking noise; phrases of more than two words, or with diacritics, are still
 * verified against the text).
 */
export const PAIR_FIELDS: readonly number[] = [0, 1];

function hashPair(foldedA: string, foldedB: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < foldedA.length; i++) h = Math.imul(h ^ foldedA.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0x20, 0x01000193);
  for (let i = 0; i < foldedB.length; i++) h = Math.imul(h ^ foldedB.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function pairHash(a: string, b: string): number {
  return hashPair(fold(a), fold(b));
}

export const FIELDS = ['title', 'body', 'tags', 'site', 'notes'] as const;
export type FieldName = (typeof FIELDS)[number];
export const FIELD_COUNT = FIELDS.length;
export const FIELD_INDEX: Record<FieldName, number> = { title: 0, body: 1, tags: 2, site: 3, notes: 4 };
/** Relative field weights in scoring: title over body. */
export const FIELD_BOOST = [3, 1, 2, 1, 1.5];

export { fold };

/** True if folding changes the (lowercased) string, i.e. the user typed diacritics. */
export function hasDiacritics(s: string): boolean {
  return fold(s) !== s.toLowerCase();
}

export interface Tok {
  /** The surface text as it appears. */
  text: string;
  start: number;
  end: number;
  index: number;
}

const WORD_RE = /[\p{L}\p{M}\p{N}]+/gu;
export const MAX_TOKEN_LENGTH = 40;

/** Splits text into words of letters, marks and numbers; keeps Vietnamese syllables whole. */
export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let index = 0;
  while ((m = WORD_RE.exec(text)) !== null) {
    const word = m[0];
    if (word.length > MAX_TOKEN_LENGTH) continue;
    out.push({ text: word, start: m.index, end: m.index + word.length, index: index++ });
  }
  return out;
}

// ---- pipeline functions -------------------------------------------------------------------------

const TRIM_START = /^[^\p{L}\p{M}\p{N}]+/u;
const TRIM_END = /[^\p{L}\p{M}\p{N}]+$/u;

const nfc: lunr.PipelineFunction = (token) => token.update((s) => s.normalize('NFC'));
const trimmer: lunr.PipelineFunction = (token) =>
  token.update((s) => s.replace(TRIM_START, '').replace(TRIM_END, ''));
const lowercase: lunr.PipelineFunction = (token) => token.update((s) => s.toLowerCase());
const dropEmpty: lunr.PipelineFunction = (token) => (token.toString() === '' ? null : token);
const foldExtra: lunr.PipelineFunction = (token) => {
  const s = token.toString();
  const f = fold(s);
  if (f === s) return token;
  return [token, token.clone(() => FOLD_MARK + f)];
};

lunr.Pipeline.registerFunction(nfc, 'kho-nfc');
lunr.Pipeline.registerFunction(trimmer, 'kho-trimmer');
lunr.Pipeline.registerFunction(lowercase, 'kho-lowercase');
lunr.Pipeline.registerFunction(dropEmpty, 'kho-drop-empty');
lunr.Pipeline.registerFunction(foldExtra, 'kho-fold-extra');

// ---- analysers ----------------------------------------------------------------------------------

export type AnalyzerId = 'basic' | 'en' | 'fr' | 'de' | 'es' | 'pt' | 'it';
export const ANALYZER_IDS: readonly AnalyzerId[] = ['basic', 'en', 'fr', 'de', 'es', 'pt', 'it'];

/** Languages whose lunr / lunr-languages stemmer and stop words we checked on real text. */
const STEMMED: Record<Exclude<AnalyzerId, 'basic'>, string[]> = {
  en: ['stopWordFilter', 'stemmer'],
  fr: ['stopWordFilter-fr', 'stemmer-fr'],
  de: ['stopWordFilter-de', 'stemmer-de'],
  es: ['stopWordFilter-es', 'stemmer-es'],
  pt: ['stopWordFilter-pt', 'stemmer-pt'],
  it: ['stopWordFilter-it', 'stemmer-it'],
};

/** BCP 47 tag -> analyser. Vietnamese and every language we have not checked use 'basic' (no stemming). */
export function analyzerFor(lang: string | null | undefined): AnalyzerId {
  const primary = (lang ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return primary in STEMMED ? (primary as AnalyzerId) : 'basic';
}

function searchLabels(id: AnalyzerId): string[] {
  const base = ['kho-nfc', 'kho-trimmer', 'kho-lowercase', 'kho-drop-empty'];
  return id === 'basic' ? base : [...base, ...STEMMED[id], 'kho-drop-empty'];
}

export class Analyzer {
  readonly id: AnalyzerId;
  /** Pipeline for documents: search pipeline + folded extras. */
  readonly indexPipeline: lunr.Pipeline;
  /** Pipeline for query terms: no folded extras (the engine adds folded lookups itself). */
  readonly searchPipeline: lunr.Pipeline;
  private cache = new Map<string, string[]>();
  private searchCache = new Map<string, string | null>();

  constructor(id: AnalyzerId) {
    this.id = id;
    const labels = searchLabels(id);
    this.searchPipeline = lunr.Pipeline.load(labels);
    this.indexPipeline = lunr.Pipeline.load([...labels, 'kho-fold-extra']);
  }

  /** Index terms for one surface word (cached): [term] or [term, '~folded'] or [] for stop words. */
  indexTerms(word: string): string[] {
    let terms = this.cache.get(word);
    if (terms === undefined) {
      terms = this.indexPipeline.run([new lunr.Token(word, {})]).map((t) => t.toString());
      if (this.cache.size > 200_000) this.cache.clear();
      this.cache.set(word, terms);
    }
    return terms;
  }

  /** The exact (non-folded) term a query word becomes, or null if the pipeline drops it (stop word). */
  searchTerm(word: string): string | null {
    let term = this.searchCache.get(word);
    if (term === undefined) {
      const out = this.searchPipeline.run([new lunr.Token(word, {})]);
      term = out.length > 0 ? out[0]!.toString() : null;
      if (this.searchCache.size > 50_000) this.searchCache.clear();
      this.searchCache.set(word, term);
    }
    return term;
  }

  /** fold(word), memoised (folding does not depend on the language). */
  folded(word: string): string {
    return foldCached(word);
  }

  /**
   * Analyses a text into term frequencies (including folded extras) and the token count. With `pairs`,
   * also collects the pair hashes of adjacent words; a word over MAX_TOKEN_LENGTH breaks adjacency.
   */
  analyze(text: string, tf: Map<string, number>, pairs?: Set<number>): number {
    let n = 0;
    let prev: string | null = null;
    WORD_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = WORD_RE.exec(text)) !== null) {
      const word = m[0];
      if (word.length > MAX_TOKEN_LENGTH) {
        prev = null;
        continue;
      }
      n++;
      for (const t of this.indexTerms(word)) tf.set(t, (tf.get(t) ?? 0) + 1);
      if (pairs) {
        const f = this.folded(word);
        if (prev !== null) pairs.add(hashPair(prev, f));
        prev = f;
      }
    }
    return n;
  }
}

const analyzers = new Map<AnalyzerId, Analyzer>();
export function getAnalyzer(id: AnalyzerId): Analyzer {
  let a = analyzers.get(id);
  if (!a) {
    a = new Analyzer(id);
    analyzers.set(id, a);
  }
  return a;
}

// ---- word scans over stored text (run checks, snippets) -----------------------------------------

// One compiled regex for scans (compiling a Unicode-class regex per call costs more than the scan).
// Callbacks must not start another scan: none of them does (they fold, look up and compare).
const SCAN_WORD_RE = new RegExp(WORD_RE.source, 'gu');

/**
 * Calls `fn` for every run of word characters in `text`, long ones included (callers decide what a word
 * over MAX_TOKEN_LENGTH means), until it returns false. No token objects, unlike tokenize().
 */
export function forEachWord(text: string, fn: (word: string, start: number) => boolean | void): void {
  const re = SCAN_WORD_RE;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (fn(m[0], m.index) === false) break;
  }
}

const foldMemo = new Map<string, string>();
/** fold() memoised: a language's vocabulary is small, and indexing and run checks fold every word. */
function foldCached(word: string): string {
  let f = foldMemo.get(word);
  if (f === undefined) {
    if (foldMemo.size > 200_000) foldMemo.clear();
    foldMemo.set(word, (f = fold(word)));
  }
  return f;
}

/**
 * Do `words` stand together, in order, somewhere in `text` (words only; punctuation between them is
 * ignored)? A word typed with diacritics must match exactly (case aside), one typed without matches any
 * diacritic form. A token scan, not a regex: a fresh Unicode regex per query costs milliseconds to compile.
 */
export function containsRun(text: string, words: string[]): boolean {
  const n = words.length;
  if (n === 0) return false;
  const want = words.map((w) => {
    const lower = w.normalize('NFC').toLowerCase();
    const folded = fold(lower);
    const exact = folded !== lower ? lower : null;
    return { exact, folded, length: (exact ?? folded).length };
  });
  // progress: every k such that the tokens just before matched words[0..k-1]
  let progress: number[] = [];
  let found = false;
  forEachWord(text, (word) => {
    let lower: string | undefined;
    let folded: string | undefined;
    const matches = (k: number): boolean => {
      const w = want[k]!;
      // folding and lowercasing keep the length of Vietnamese and Latin letters: a cheap first test
      if (word.length !== w.length) return false;
      lower ??= word.toLowerCase();
      if (w.exact !== null) return lower === w.exact;
      return (folded ??= foldCached(lower)) === w.folded;
    };
    const next: number[] = [];
    for (const k of progress) if (matches(k)) next.push(k + 1);
    if (matches(0)) next.push(1);
    found = next.includes(n);
    progress = next;
    return !found;
  });
  return found;
}
