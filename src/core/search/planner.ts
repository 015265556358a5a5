/**
 * The query planner. planQuery() turns a parsed query into words ("units"), filters, phrases and the word
 * pairs to look up (pure); compileGroup() turns the words into lunr.Query clauses for one analyser group and
 * expands each clause into index lookups and the forms that count as "what was typed", plus the matchers
 * that mark words in snippets and titles.
 */
import lunr from 'lunr';
import {
  FIELD_INDEX,
  FIELDS,
  SURFACE_MARK,
  fold,
  getAnalyzer,
  hasDiacritics,
  pairHash,
  type AnalyzerId,
} from './analysis.js';
import type { FilterNode, ParsedQuery, PhraseNode } from './query.js';
import type { Segment, SegmentStore } from './segments.js';
import type { TokenMatcher } from './snippet.js';
import {
  FOLD_WEIGHT,
  STEM_WEIGHT,
  expandTerm,
  typedForms,
  wordLookups,
  type Forms,
  type Lookup,
} from './term-expansion.js';

/** One query word (from a term or a phrase) as the engine sees it. */
export interface Unit {
  text: string;
  fields: number[];
  negated: boolean;
  prefix: boolean;
  fuzzy: number;
  /** Search as you type: the last word also matches as a prefix. */
  prefixToo: boolean;
  /** A plain positive word (not in a phrase, not word* or word~): typo correction may replace it. */
  correctable: boolean;
  /** Where the word is in the query text (corrections replace it there); null for phrase words. */
  span: [number, number] | null;
}

/** Word pairs (hashes, see analysis.ts) a query looks up. */
interface PairPlan {
  /** Per adjacent pair of proximity words; null when a word is only a prefix (no pair to look up). */
  prox: Array<number | null>;
  /** Pairs of positive phrases: a candidate must have every one (in the title for title: phrases). */
  required: Array<{ key: number; titleOnly: boolean }>;
  /** Pairs of each negated phrase: only a doc with all of them can contain the phrase. */
  negated: Array<{ keys: number[]; titleOnly: boolean }>;
}

export interface QueryPlan {
  units: Unit[];
  filters: FilterNode[];
  phrases: PhraseNode[];
  /** Positive words whose adjacency counts (all but fuzzy ones), in query order. */
  proxUnits: Unit[];
  /** False for a query of filters (and exclusions) only: every doc passing the filters is a candidate. */
  hasTextQuery: boolean;
  pairs: PairPlan;
  /** Some positive phrase must be checked against the stored text (its pairs alone do not decide it). */
  positiveNeedsText: boolean;
}

export interface PlanOptions {
  /** Search as you type: the last word, if nothing follows it, also matches as a prefix. */
  prefixLast?: boolean;
}

export function planQuery(parsed: ParsedQuery, opts: PlanOptions = {}): QueryPlan {
  const filters = parsed.nodes.filter((n): n is FilterNode => n.type === 'filter');
  const phrases = parsed.nodes.filter((n): n is PhraseNode => n.type === 'phrase');
  const units: Unit[] = [];
  const last = parsed.nodes.at(-1);
  for (const n of parsed.nodes) {
    if (n.type === 'term') {
      const prefixToo =
        opts.prefixLast === true && n === last && n.bare && !n.negated && n.span[1] === parsed.text.length;
      units.push({
        text: n.text,
        fields: fieldsOf(n.field),
        negated: n.negated,
        prefix: n.prefix,
        fuzzy: n.fuzzy,
        prefixToo,
        correctable: !n.negated && !n.prefix && n.fuzzy === 0,
        span: n.span,
      });
    } else if (n.type === 'phrase' && !n.negated) {
      for (const w of n.words)
        units.push({
          text: w,
          fields: fieldsOf(n.field),
          negated: false,
          prefix: false,
          fuzzy: 0,
          prefixToo: false,
          correctable: false,
          span: null,
        });
    }
  }
  const positiveUnits = units.filter((u) => !u.negated);
  const proxUnits = positiveUnits.filter((u) => u.fuzzy === 0);

  // adjacency from pair postings: proximity of the query words, phrase candidates and phrase exclusions
  const pairs: PairPlan = { prox: [], required: [], negated: [] };
  if (proxUnits.length >= 2) {
    for (let i = 0; i + 1 < proxUnits.length; i++) {
      const a = proxUnits[i]!;
      const b = proxUnits[i + 1]!;
      pairs.prox.push(a.prefix || b.prefix ? null : pairHash(a.text, b.text));
    }
  }
  const phraseKeys = (p: PhraseNode) => p.words.slice(1).map((w, i) => pairHash(p.words[i]!, w));
  for (const p of phrases) {
    const titleOnly = p.field === 'title';
    if (p.negated) pairs.negated.push({ keys: phraseKeys(p), titleOnly });
    else for (const key of phraseKeys(p)) pairs.required.push({ key, titleOnly });
  }
  // a 2-word phrase typed without diacritics is decided by its pair alone; others need the text
  const positiveNeedsText = phrases.some(
    (p) => !p.negated && (p.words.length > 2 || p.words.some((w) => hasDiacritics(w))),
  );
  return {
    units,
    filters,
    phrases,
    proxUnits,
    hasTextQuery: positiveUnits.length > 0,
    pairs,
    positiveNeedsText,
  };
}

function fieldsOf(field: 'title' | null): number[] {
  return field === 'title' ? [FIELD_INDEX.title] : FIELDS.map((_, i) => i);
}

export interface CompiledClause {
  /** Index of the clause's word in QueryPlan.units. */
  unit: number;
  lookups: Lookup[];
  fields: number[];
  required: boolean;
  /** Which index terms mean "the form that was typed"; null when every match counts as typed. */
  forms: Forms | null;
}

/** A query compiled for one analyser group. */
export interface GroupPlan {
  clauses: CompiledClause[];
  requiredCount: number;
  /** Exact matches, and folded ones for words typed without diacritics. */
  matcher: TokenMatcher;
  /** Also folded matches of words typed with diacritics (used when the strict matcher finds nothing). */
  looseMatcher: TokenMatcher;
}

/**
 * Turns the positive and negative words into lunr.Query clauses for one analyser group (via the lunr
 * Query API, never by concatenating a query string), then expands each clause into index lookups.
 * Null when every positive word is a stop word of this group's language.
 */
export function compileGroup(
  store: SegmentStore,
  analyzer: AnalyzerId,
  segs: Segment[],
  units: Unit[],
): GroupPlan | null {
  const a = getAnalyzer(analyzer);
  const query = new lunr.Query([...FIELDS]);
  const unitOf: number[] = [];
  units.forEach((u, ui) => {
    // like lunr, wildcard terms skip the pipeline (a stemmed prefix would miss); fuzzy terms are stemmed
    // so that they compare with the stemmed vocabulary (governmant~1 -> governm ~ govern)
    const raw = u.text.normalize('NFC').toLowerCase();
    const term = u.prefix ? raw : u.fuzzy ? (a.searchTerm(u.text) ?? raw) : a.searchTerm(u.text);
    if (term === null) return; // stop word in this language
    query.term(term, {
      fields: u.fields.map((f) => FIELDS[f]!),
      presence: u.negated ? lunr.Query.presence.PROHIBITED : lunr.Query.presence.REQUIRED,
      wildcard: u.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
      editDistance: u.fuzzy,
      usePipeline: false,
      boost: 1,
    });
    unitOf.push(ui);
  });
  const clauses: CompiledClause[] = [];
  const keys = new Set<string>();
  const looseKeys = new Set<string>();
  const prefixes: Array<{ p: string; folded: boolean }> = [];
  const addPrefix = (p: string) =>
    prefixes.push({ p: hasDiacritics(p) ? p : fold(p), folded: !hasDiacritics(p) });
  query.clauses.forEach((c, ci) => {
    const unit = units[unitOf[ci]!]!;
    const isPrefix = ((c.wildcard ?? 0) & lunr.Query.wildcard.TRAILING) !== 0;
    const term = isPrefix ? c.term.replace(/\*+$/, '') : c.term;
    let lookups: Lookup[];
    let forms: Forms | null = null;
    if (isPrefix || (c.editDistance ?? 0) > 0) {
      lookups = expandTerm(store, segs, term, isPrefix, c.editDistance ?? 0);
      if (isPrefix) addPrefix(term);
    } else {
      const stem = a.searchTerm(unit.text);
      lookups = stem === null ? [] : wordLookups(stem);
      forms = stem === null ? null : typedForms(store, segs, a, unit.text, stem);
      const surface = forms?.plus[0];
      if (a.stems && surface?.startsWith(SURFACE_MARK)) {
        // the typed form scores in full, other forms of its stem less ("constitutions" > "constitution")
        lookups = [
          { key: surface, weight: 1 },
          ...lookups.map((l) => ({ ...l, weight: l.weight * STEM_WEIGHT })),
        ];
      }
      if (unit.prefixToo) {
        // as you type: the word so far is also a prefix of longer words (completions rank as other forms)
        const raw = unit.text.normalize('NFC').toLowerCase();
        const have = new Set(lookups.map((l) => l.key));
        // the word itself, finished, ranks above the longer words it begins
        forms ??= { plus: [...have], minus: [] };
        for (const l of expandTerm(store, segs, raw, true, 0))
          if (!have.has(l.key)) lookups.push({ key: l.key, weight: Math.min(l.weight, FOLD_WEIGHT * 2) });
        addPrefix(raw);
      }
    }
    const required = (c as { presence?: number }).presence !== lunr.Query.presence.PROHIBITED;
    if (required) {
      for (const l of lookups) {
        looseKeys.add(l.key);
        if (l.weight > FOLD_WEIGHT) keys.add(l.key);
      }
    }
    clauses.push({
      unit: unitOf[ci]!,
      lookups,
      fields: (c.fields ?? FIELDS).map((f) => FIELD_INDEX[f as keyof typeof FIELD_INDEX]),
      required,
      forms,
    });
  });
  const requiredCount = clauses.filter((c) => c.required).length;
  if (requiredCount === 0) return null;
  const makeMatcher = (set: Set<string>): TokenMatcher => {
    const test = (word: string): boolean => {
      for (const t of a.indexTerms(word)) if (set.has(t)) return true;
      if (prefixes.length) {
        const lower = word.toLowerCase();
        const f = fold(word);
        for (const p of prefixes) if ((p.folded ? f : lower).startsWith(p.p)) return true;
      }
      return false;
    };
    // a page of hits scans a few thousand distinct words many times over: each is decided once per query
    const known = new Map<string, boolean>();
    return (word) => {
      let yes = known.get(word);
      if (yes === undefined) known.set(word, (yes = test(word)));
      return yes;
    };
  };
  return { clauses, requiredCount, matcher: makeMatcher(keys), looseMatcher: makeMatcher(looseKeys) };
}
