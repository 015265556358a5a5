/**
 * Every exact match of a TextQuoteSelector (W3C semantics, as Apache Annotator's matcher): the quote with
 * its prefix immediately before and its suffix immediately after. Overlapping matches are all reported;
 * an empty quote matches at each position whose context fits. Used for strict lookups and tests.
 */
import type { TextRange } from './types.js';

export function findQuoteMatches(
  text: string,
  selector: { exact: string; prefix?: string | null; suffix?: string | null },
  limit = 10_000,
): TextRange[] {
  const prefix = selector.prefix ?? '';
  const suffix = selector.suffix ?? '';
  const whole = prefix + selector.exact + suffix;
  const out: TextRange[] = [];
  // indexOf('', i) keeps returning text.length past the end, so stop there explicitly.
  for (let i = text.indexOf(whole); i !== -1 && out.length < limit; i = text.indexOf(whole, i + 1)) {
    const start = i + prefix.length;
    out.push({ start, end: start + selector.exact.length });
    if (i >= text.length - whole.length) break;
  }
  return out;
}
