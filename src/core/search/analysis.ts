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
 * - Stemmed languages also index a word's surface form (lowercase, before the stemmer) as '=' + surface
 *   when it differs from the stem, so a query can rank the exact forms it typed above stem-only matches;
 *   their other words (stop words, words that are their own stem) as '!' + word with a doc frequency only
 *   (no postings), so that typo correction knows every surface word ("wlil" -> "will") and no stem that
 *   is no word ("appli").
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
/** Prefix of index terms that are the surface form of a word whose stem differs (stemmed languages). */
export const SURFACE_MARK = '=';
/**
 * Prefix of index terms of a stemmed language that are surface words without a '=' term (stop words,
 * words that are their own stem): a doc frequency only, no postings.
 */
export const WORD_MARK = '!';
/**
 * Word pairs: every two adjacent words of the title and body, folded, as a 32-bit key mixed from the two
 * words' hashes (FNV-1a of the folded word; the order counts). A segment keeps its pairs in buckets by key
 * (codec.ts) so that adjacency (proximity ranking, phrase candidates) is answered without reading stored
 * text. A collision can only make two words look adjacent (rare: ranking noise; phrases of more than two
 * words, or with diacritics, are still verified against the text).
 */
export const PAIR_FIELDS: readonly number[] = [0, 1];

/** FNV-1a of a folded word. */
export function wordHash(folded: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < folded.length; i++) h = Math.imul(h ^ folded.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The key of the pair (a, b) from the words' hashes. */
export function pairKey(ha: number, hb: number): number {
  let h = Math.imul(ha ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h ^ hb, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function pairHash(a: string, b: string): number {
  return pairKey(wordHash(fold(a)), wordHash(fold(b)));
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
  /** Stemmed languages: NFC, trim, lowercase (a word's surface form); null for 'basic'. */
  private readonly surfacePipeline: lunr.Pipeline | null;
  private cache = new Map<string, string[]>();
  private searchCache = new Map<string, string | null>();

  constructor(id: AnalyzerId) {
    this.id = id;
    const labels = searchLabels(id);
    this.searchPipeline = lunr.Pipeline.load(labels);
    this.indexPipeline = lunr.Pipeline.load([...labels, 'kho-fold-extra']);
    this.surfacePipeline = id === 'basic' ? null : lunr.Pipeline.load(searchLabels('basic'));
  }

  /** True if this analyser stems (its index has '=' surface terms). */
  get stems(): boolean {
    return this.surfacePipeline !== null;
  }

  /**
   * Index terms for one surface word (cached): [term], [term, '~folded'], plus '=surface' in stemmed
   * languages when the stem differs, else '!surface' (['!word'] alone for stop words).
   */
  indexTerms(word: string): string[] {
    let terms = this.cache.get(word);
    if (terms === undefined) {
      terms = this.indexPipeline.run([new lunr.Token(word, {})]).map((t) => t.toString());
      if (this.surfacePipeline) {
        const surface = this.surface(word);
        if (surface !== null)
          terms.push((terms.length > 0 && surface !== terms[0] ? SURFACE_MARK : WORD_MARK) + surface);
      }
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

  /** A word's surface form as stemmed languages index it ('=' terms): NFC, trimmed, lowercase. */
  surface(word: string): string | null {
    const out = (this.surfacePipeline ?? this.searchPipeline).run([new lunr.Token(word, {})]);
    return out.length > 0 ? out[0]!.toString() : null;
  }

  /** fold(word), memoised (folding does not depend on the language). */
  folded(word: string): string {
    return foldCached(word);
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

// Word characters are WORD_RE's (letters, marks, numbers). A scan tests code units against a table filled
// lazily from the regex (one test per distinct character): no match objects, unlike RegExp#exec, which
// matters when indexing reads every word of every article.
const WORD_CHAR_RE = /^[\p{L}\p{M}\p{N}]$/u;
/** Per UTF-16 code unit: 0 not yet known, 1 word character, 2 not. Surrogates are tested as pairs. */
const wordChars = new Uint8Array(65536);
const astralWordChars = new Map<number, boolean>();

function isWordChar(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      const cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
      let yes = astralWordChars.get(cp);
      if (yes === undefined) astralWordChars.set(cp, (yes = WORD_CHAR_RE.test(String.fromCodePoint(cp))));
      return yes ? 2 : 0; // 2 code units
    }
  }
  let k = wordChars[c]!;
  if (k === 0) wordChars[c] = k = WORD_CHAR_RE.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1 ? 1 : 0;
}

/**
 * Calls `fn` for every run of word characters in `text` (as WORD_RE finds them), long ones included
 * (callers decide what a word over MAX_TOKEN_LENGTH means), until it returns false. No token objects,
 * unlike tokenize().
 */
export function forEachWord(text: string, fn: (word: string, start: number) => boolean | void): void {
  scanWords(text, (start, end) => fn(text.slice(start, end), start));
}

/** forEachWord without the word strings: `fn(start, end)` per word (indexing looks words up in place). */
export function scanWords(text: string, fn: (start: number, end: number) => boolean | void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let w = isWordChar(text, i);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    while (w !== 0) {
      i += w;
      if (i >= n) break;
      w = isWordChar(text, i);
    }
    if (fn(start, i) === false) return;
  }
}

/**
 * scanWords for indexing: the same words, each with the FNV-1a hash of its UTF-16 units computed in the
 * same pass. Its own function with one caller, so the callback is inlined: this loop runs once per
 * character of every article indexed.
 */
export function scanWordsHashed(text: string, fn: (start: number, end: number, hash: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let w = isWordChar(text, i);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    let h = 0x811c9dc5;
    while (w !== 0) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      if (w === 2) h = Math.imul(h ^ text.charCodeAt(i + 1), 0x01000193);
      i += w;
      if (i >= n) break;
      w = isWordChar(text, i);
    }
    fn(start, i, h);
  }
}

const foldMemo = new Map<string, string>();
/** fold() memoised: a language's vocabulary is small, and indexing and run checks fold every word. */
export function foldCached(word: string): string {
  let f = foldMemo.get(word);
  if (f === undefined) {
    if (foldMemo.size > 200_000) foldMemo.clear();
    foldMemo.set(word, (f = fold(word)));
  }
  return f;
}
