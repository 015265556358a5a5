/**
 * Finds where stored selectors point in a (possibly changed) text.
 * Order: the stored position if the quote is still there, then exact occurrences of the quote ranked by
 * context, then approximate matches. Every candidate must clear two bars — quote similarity and context
 * similarity — because an orphan is better than a wrong anchor: a deleted passage must not re-attach to
 * similar words elsewhere (Hypothesis' known failure).
 */
import { compareScored, scoreMatch, searchWindow } from './match-quote.js';
import type { MatchContext, RawMatch, ScoredMatch } from './match-quote.js';
import { refineEdges } from './refine.js';
import { compareContext, contextAgreement, textAfter, textBefore } from './similarity.js';
import { collapseWhitespace, makeTextView, originalToView, viewRangeToOriginal } from './text-view.js';
import type { TextView } from './text-view.js';
import type { AnchorSelectors } from './types.js';

export type AnchorMethod = 'position' | 'exact' | 'fuzzy';

export interface AnchorResult {
  /** Offsets into the NFC form of the text. */
  start: number;
  end: number;
  /** 1 = exact quote in exact context at the expected place; lower for approximate matches. */
  score: number;
  method: AnchorMethod;
}

export interface AnchorOptions {
  /** Minimum 1 - errors/length of the quote for an approximate match. */
  minQuoteSimilarity?: number;
  /** Minimum mean prefix/suffix similarity when the annotation has context. */
  minContextSimilarity?: number;
}

export const ANCHOR_DEFAULTS = {
  minQuoteSimilarity: 0.75,
  /**
   * Unrelated 32-char contexts of Vietnamese/English prose score about 0.3-0.5 against each other
   * (common letters and spaces align); a genuinely kept context scores near 1 even after small edits.
   */
  minContextSimilarity: 0.6,
} as const;

/** A verbatim quote this long is evidence enough even when the text around it was rewritten. */
const LONG_QUOTE = 32;
/** ... and an almost-verbatim one this long (>= 95% similar). */
const VERY_LONG_QUOTE = 64;
const VERY_LONG_MIN_SIMILARITY = 0.95;
/** Below this length a quote found at its stored position must also agree with its context. */
const SHORT_QUOTE = 16;
/** Exact occurrences whose context is this good are taken without looking for approximate ones. */
const SURE_CONTEXT = 0.9;
/**
 * Caps on work: exact occurrences collected, context matches used as search windows, candidates scored
 * (the nearest to the stored position), and Myers cells for a whole-text search.
 */
const MAX_OCCURRENCES = 100_000;
const MAX_CONTEXT_WINDOWS = 8;
const MAX_SCORED_CANDIDATES = 500;
/** How far refineEdges may move each edge (a match can absorb up to `errors` chars of context). */
const MAX_EDGE_SHIFT = 32;
const GLOBAL_SEARCH_BUDGET = 20_000_000;

export function anchor(
  text: string,
  selectors: AnchorSelectors,
  opts: AnchorOptions = {},
): AnchorResult | null {
  const cfg = { ...ANCHOR_DEFAULTS, ...opts };
  const doc = text.normalize('NFC');
  const exact = selectors.exact.normalize('NFC');
  if (exact.length === 0 || doc.length === 0) return null;
  const prefix = (selectors.prefix ?? '').normalize('NFC');
  const suffix = (selectors.suffix ?? '').normalize('NFC');

  const atPosition = anchorByPosition(doc, exact, prefix, suffix, selectors, cfg.minContextSimilarity);
  if (atPosition) return atPosition;

  // Quote and context are matched on whitespace-collapsed views; results map back to `doc` offsets.
  const view = viewOf(doc);
  const quote = collapseWhitespace(exact);
  const ctx: MatchContext = {
    prefix: collapseWhitespace(prefix),
    suffix: collapseWhitespace(suffix),
    hint: typeof selectors.start === 'number' ? originalToView(view, selectors.start) : null,
  };
  const score = (m: RawMatch): ScoredMatch => scoreMatch(view.text, quote.length, m, ctx);
  const ranked = compareScored(quote.length);

  const exactMatches = nearest(occurrences(view.text, quote, MAX_OCCURRENCES), ctx.hint).map((start) =>
    score({ start, end: start + quote.length, errors: 0 }),
  );
  exactMatches.sort(ranked);
  const sure = exactMatches[0];
  if (sure && (sure.contextScore === null || sure.contextScore >= SURE_CONTEXT)) {
    return toResult(view, exact, sure, 'exact');
  }

  const candidates = [...exactMatches];
  const maxErrors = Math.min(256, Math.floor(quote.length * (1 - cfg.minQuoteSimilarity)));
  if (maxErrors > 0) {
    for (const m of approximateCandidates(view.text, quote, maxErrors, ctx, exactMatches.length > 0)) {
      candidates.push(score(m));
    }
  }
  const accepted = candidates.filter((c) => isAcceptable(c, quote.length, cfg));
  accepted.sort(ranked);
  const best = accepted[0];
  if (!best) return null;
  if (best.errors === 0) return toResult(view, exact, best, 'exact');
  const edges = refineEdges(
    view.text,
    quote,
    { prefix: ctx.prefix ?? '', suffix: ctx.suffix ?? '' },
    best,
    Math.min(MAX_EDGE_SHIFT, maxErrors),
  );
  return toResult(view, exact, { ...best, ...edges }, 'fuzzy');
}

function anchorByPosition(
  doc: string,
  exact: string,
  prefix: string,
  suffix: string,
  sel: AnchorSelectors,
  minContext: number,
): AnchorResult | null {
  const { start, end } = sel;
  if (typeof start !== 'number' || typeof end !== 'number') return null;
  if (!(start >= 0 && end <= doc.length && start < end) || doc.slice(start, end) !== exact) return null;
  if (exact.length < SHORT_QUOTE) {
    // A short quote can land on the old offsets by chance after an edit elsewhere; its context decides.
    const ctx = contextAgreement(
      prefix ? compareContext(prefix, textBefore(doc, start, prefix.length), 'prefix') : null,
      suffix ? compareContext(suffix, textAfter(doc, end, suffix.length), 'suffix') : null,
    );
    if (ctx !== null && ctx < minContext) return null;
  }
  return { start, end, score: 1, method: 'position' };
}

/**
 * Lowest-error matches over the whole text (skipped when exact occurrences exist, since those are the
 * lowest-error matches already, or when the text is too large), plus the best match near the stored
 * position and right after/before where the prefix/suffix still occur: the true, edited passage may
 * have more errors than some unrelated passage elsewhere.
 */
function approximateCandidates(
  text: string,
  quote: string,
  maxErrors: number,
  ctx: MatchContext,
  haveExact: boolean,
): RawMatch[] {
  const out: RawMatch[] = [];
  const blocks = Math.ceil(quote.length / 32);
  if (!haveExact && text.length * blocks <= GLOBAL_SEARCH_BUDGET)
    out.push(...searchWindow(text, quote, maxErrors));
  const reach = quote.length + maxErrors + 2;
  if (typeof ctx.hint === 'number') {
    const slack = Math.max(256, quote.length);
    out.push(...searchWindow(text, quote, maxErrors, ctx.hint - slack, ctx.hint + quote.length + slack));
  }
  const prefix = ctx.prefix ?? '';
  if (prefix.length >= 8) {
    for (const p of searchWindow(text, prefix, Math.floor(prefix.length / 4)).slice(0, MAX_CONTEXT_WINDOWS)) {
      out.push(...searchWindow(text, quote, maxErrors, p.end - 2, p.end + reach));
    }
  }
  const suffix = ctx.suffix ?? '';
  if (suffix.length >= 8) {
    for (const s of searchWindow(text, suffix, Math.floor(suffix.length / 4)).slice(0, MAX_CONTEXT_WINDOWS)) {
      out.push(...searchWindow(text, quote, maxErrors, s.start - reach, s.start + 2));
    }
  }
  const seen = new Set<string>();
  return out.filter((m) => {
    const key = `${m.start}:${m.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isAcceptable(
  c: ScoredMatch,
  quoteLength: number,
  cfg: { minQuoteSimilarity: number; minContextSimilarity: number },
): boolean {
  if (c.quoteScore < cfg.minQuoteSimilarity) return false;
  // No context to contradict the quote (a quote-only import, or a match spanning the whole text).
  if (c.contextScore === null) return true;
  if (c.contextScore >= cfg.minContextSimilarity) return true;
  if (c.errors === 0 && quoteLength >= LONG_QUOTE) return true;
  return quoteLength >= VERY_LONG_QUOTE && c.quoteScore >= VERY_LONG_MIN_SIMILARITY;
}

/** reanchorAll anchors many annotations in one text: build its whitespace view once. */
let lastView: { text: string; view: TextView } | null = null;
function viewOf(doc: string): TextView {
  if (lastView?.text !== doc) lastView = { text: doc, view: makeTextView(doc) };
  return lastView.view;
}

/** At most MAX_SCORED_CANDIDATES starts, those nearest the hint (or the first ones without a hint). */
function nearest(starts: number[], hint: number | null | undefined): number[] {
  if (starts.length <= MAX_SCORED_CANDIDATES) return starts;
  const h = typeof hint === 'number' ? hint : 0;
  return [...starts].sort((a, b) => Math.abs(a - h) - Math.abs(b - h)).slice(0, MAX_SCORED_CANDIDATES);
}

function occurrences(haystack: string, needle: string, limit: number): number[] {
  const out: number[] = [];
  for (
    let i = haystack.indexOf(needle);
    i !== -1 && out.length < limit;
    i = haystack.indexOf(needle, i + 1)
  ) {
    out.push(i);
  }
  return out;
}

function toResult(view: TextView, exact: string, m: ScoredMatch, method: AnchorMethod): AnchorResult {
  // Whitespace at the quote's edges takes as many of the text's whitespace chars as the quote had.
  const edges = { leading: /^\s*/.exec(exact)![0].length, trailing: /\s*$/.exec(exact)![0].length };
  const { start, end } = viewRangeToOriginal(view, m.start, m.end, edges);
  return { start, end, score: m.score, method };
}
