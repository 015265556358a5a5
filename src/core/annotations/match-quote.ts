/**
 * Scoring of approximate quote matches, after Hypothesis' match-quote.ts: a candidate is judged on how
 * closely it matches the quote (weight 50), the prefix (20) and suffix (20) beside it, and its distance
 * from the expected position (2). `matchQuote` is the plain scorer (no acceptance bar); `anchor` adds the
 * bars that make an orphan preferable to a wrong anchor.
 */
import search from 'approx-string-match';

import { compareContext, contextAgreement, sideScore, textAfter, textBefore } from './similarity.js';

export interface MatchContext {
  prefix?: string | null;
  suffix?: string | null;
  /** Expected start offset (the stored TextPositionSelector). */
  hint?: number | null;
}

export interface RawMatch {
  start: number;
  end: number;
  errors: number;
}

export interface ScoredMatch extends RawMatch {
  /** 1 - errors / quote length. */
  quoteScore: number;
  /** Ranking score of each context side (null: no stored context or at the text's edge). */
  prefixScore: number | null;
  suffixScore: number | null;
  /** Context similarity used to accept a match (see contextAgreement); null when none could be compared. */
  contextScore: number | null;
  posScore: number;
  /** Weighted overall score in [0, 1]; 1 = exact quote, exact context, expected position. */
  score: number;
}

const WEIGHT = { quote: 50, prefix: 20, suffix: 20, pos: 2 } as const;
const MAX_SCORE = WEIGHT.quote + WEIGHT.prefix + WEIGHT.suffix + WEIGHT.pos;

/** A stored side that cannot be compared (text edge) counts half: neither evidence for nor against. */
function sideForScore(stored: string | null | undefined, score: number | null): number {
  if (!stored) return 1;
  return score ?? 0.5;
}

export function scoreMatch(text: string, quoteLength: number, m: RawMatch, ctx: MatchContext): ScoredMatch {
  const prefix = ctx.prefix ?? '';
  const suffix = ctx.suffix ?? '';
  const before = prefix ? compareContext(prefix, textBefore(text, m.start, prefix.length), 'prefix') : null;
  const after = suffix ? compareContext(suffix, textAfter(text, m.end, suffix.length), 'suffix') : null;
  const prefixScore = sideScore(before, prefix.length);
  const suffixScore = sideScore(after, suffix.length);
  const quoteScore = Math.max(0, 1 - m.errors / quoteLength);
  const posScore =
    typeof ctx.hint === 'number' && text.length > 0
      ? 1 - Math.min(1, Math.abs(m.start - ctx.hint) / text.length)
      : 1;
  const raw =
    WEIGHT.quote * quoteScore +
    WEIGHT.prefix * sideForScore(prefix, prefixScore) +
    WEIGHT.suffix * sideForScore(suffix, suffixScore) +
    WEIGHT.pos * posScore;
  return {
    ...m,
    quoteScore,
    prefixScore,
    suffixScore,
    contextScore: contextAgreement(before, after),
    posScore,
    score: raw / MAX_SCORE,
  };
}

/** Best first; ties go to the length nearest the quote's, then to the earliest start. */
export function compareScored(quoteLength: number) {
  return (a: ScoredMatch, b: ScoredMatch): number =>
    b.score - a.score ||
    Math.abs(a.end - a.start - quoteLength) - Math.abs(b.end - b.start - quoteLength) ||
    a.start - b.start;
}

/** Lowest-error matches of `quote` in `text[from, to)`, with offsets into `text`. */
export function searchWindow(
  text: string,
  quote: string,
  maxErrors: number,
  from = 0,
  to = text.length,
): RawMatch[] {
  const lo = Math.max(0, from);
  const hi = Math.min(text.length, to);
  if (hi - lo <= 0 || quote.length === 0) return [];
  return search(text.slice(lo, hi), quote, maxErrors).map((m) => ({
    start: m.start + lo,
    end: m.end + lo,
    errors: m.errors,
  }));
}

/**
 * Hypothesis-compatible matcher: the best-scoring of the lowest-error matches of `quote` in `text`
 * (up to min(256, quote.length / 2) errors by default), or null. No acceptance threshold.
 */
export function matchQuote(
  text: string,
  quote: string,
  ctx: MatchContext = {},
  maxErrors = Math.min(256, Math.floor(quote.length / 2)),
): ScoredMatch | null {
  if (quote.length === 0 || text.length === 0) return null;
  const scored = searchWindow(text, quote, maxErrors).map((m) => scoreMatch(text, quote.length, m, ctx));
  scored.sort(compareScored(quote.length));
  return scored[0] ?? null;
}
