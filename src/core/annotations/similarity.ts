/** How similar a stored context (prefix/suffix) is to the text now beside a candidate match. */
import search from 'approx-string-match';

/**
 * Extra characters of text looked at beyond the stored context's length: hand-written or slightly shifted
 * context (a word inserted between context and quote) still lines up.
 */
export const CONTEXT_SLACK = 8;

export interface ContextComparison {
  /** Similarity in [0, 1] over the compared part. */
  similarity: number;
  /** Stored characters that had text to compare with. */
  compared: number;
  /** Stored characters beyond the start/end of the text (the candidate is nearer the edge than the original was). */
  missing: number;
}

/**
 * Compares `stored` context with the `actual` text beside a candidate (up to stored.length + CONTEXT_SLACK
 * chars, nearest the quote). Null when there is nothing to compare: no stored context, or the candidate
 * touches the start/end of the text. When the text ends before the stored context does, only the part
 * nearest the quote is compared and the rest is reported as `missing`.
 */
export function compareContext(
  stored: string,
  actual: string,
  side: 'prefix' | 'suffix',
): ContextComparison | null {
  if (stored.length === 0 || actual.length === 0) return null;
  const compared = Math.min(stored.length, actual.length);
  const wanted =
    compared === stored.length
      ? stored
      : side === 'prefix'
        ? stored.slice(stored.length - compared)
        : stored.slice(0, compared);
  const best = search(actual, wanted, wanted.length)[0];
  const similarity = best ? 1 - best.errors / wanted.length : 0;
  return { similarity, compared, missing: stored.length - compared };
}

/** Score of one side for ranking: missing characters count half (neither evidence for nor against). */
export function sideScore(c: ContextComparison | null, storedLength: number): number | null {
  if (c === null) return null;
  return (c.similarity * c.compared + 0.5 * c.missing) / storedLength;
}

/**
 * Context similarity for accepting a match: the mean of both sides' similarity weighted by how many
 * characters each could compare, so a side cut short by the edge of the text cannot outvote the other.
 * Null when neither side could be compared.
 */
export function contextAgreement(
  prefix: ContextComparison | null,
  suffix: ContextComparison | null,
): number | null {
  const sides = [prefix, suffix].filter((c): c is ContextComparison => c !== null);
  const weight = sides.reduce((n, c) => n + c.compared, 0);
  if (weight === 0) return null;
  return sides.reduce((sum, c) => sum + c.similarity * c.compared, 0) / weight;
}

/** The text a stored prefix of `length` chars is compared with. */
export function textBefore(text: string, start: number, length: number): string {
  return text.slice(Math.max(0, start - length - CONTEXT_SLACK), start);
}

/** The text a stored suffix of `length` chars is compared with. */
export function textAfter(text: string, end: number, length: number): string {
  return text.slice(end, end + length + CONTEXT_SLACK);
}
