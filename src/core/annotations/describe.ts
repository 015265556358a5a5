/**
 * Turns "what the user pointed at" into stored selectors: a quote (with optional disambiguating
 * prefix/suffix/position) or a [start, end) range of the article's NFC content_text.
 */
import { KhoError } from '../../shared/errors.js';
import { collapseWhitespace, makeTextView, viewRangeToOriginal } from './text-view.js';
import type { Selectors } from './types.js';

/** Characters of context stored on each side, as Hypothesis does. */
export const CONTEXT_LENGTH = 32;

export interface QuoteHint {
  /** Text just before the quote (compared with whitespace collapsed). */
  prefix?: string | null;
  /** Text just after the quote. */
  suffix?: string | null;
  /** Offset near which the wanted occurrence starts; the nearest occurrence wins. */
  start?: number | null;
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Selectors for text[start, end): the exact text, 32 chars each side (never half a surrogate pair). */
export function describeRange(text: string, start: number, end: number): Selectors {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end) {
    throw new KhoError(
      'INVALID_INPUT',
      `The range ${start}-${end} is not a non-empty range inside the article text (length ${text.length}).`,
    );
  }
  if (isLow(text.charCodeAt(start)) || isLow(text.charCodeAt(end))) {
    throw new KhoError('INVALID_INPUT', `The range ${start}-${end} splits a character (a surrogate pair).`);
  }
  let from = Math.max(0, start - CONTEXT_LENGTH);
  if (from > 0 && isLow(text.charCodeAt(from))) from++;
  let to = Math.min(text.length, end + CONTEXT_LENGTH);
  if (to < text.length && isHigh(text.charCodeAt(to - 1))) to--;
  return {
    exact: text.slice(start, end),
    prefix: text.slice(from, start),
    suffix: text.slice(end, to),
    start,
    end,
  };
}

/**
 * Selectors for a quote typed or pasted by a person. The quote is NFC-normalised and matched with every
 * whitespace run (in quote and text alike) treated as one space, so "người  dân" or a quote copied
 * across a line break still finds the text; the stored `exact` is the text's own wording.
 * Throws NOT_FOUND when absent, AMBIGUOUS when it occurs several times and nothing picks one.
 */
export function describeQuote(text: string, quote: string, hint: QuoteHint = {}): Selectors {
  const doc = text.normalize('NFC');
  const q = collapseWhitespace(quote.normalize('NFC')).trim();
  if (q.length === 0) throw new KhoError('INVALID_INPUT', 'The quote is empty.');
  const view = makeTextView(doc);
  const shown = q.length > 60 ? `${q.slice(0, 57)}...` : q;

  const all: number[] = [];
  for (let i = view.text.indexOf(q); i !== -1; i = view.text.indexOf(q, i + 1)) all.push(i);
  if (all.length === 0)
    throw new KhoError('NOT_FOUND', `The quote "${shown}" does not occur in the article text.`);

  const prefix = hint.prefix ? collapseWhitespace(hint.prefix.normalize('NFC')) : '';
  const suffix = hint.suffix ? collapseWhitespace(hint.suffix.normalize('NFC')) : '';
  // Context typed by a person may or may not include the separating space; accept both.
  const fitsPrefix = (vs: number): boolean =>
    !prefix ||
    view.text.slice(0, vs).endsWith(prefix) ||
    view.text.slice(0, vs).trimEnd().endsWith(prefix.trimEnd());
  const fitsSuffix = (ve: number): boolean =>
    !suffix ||
    view.text.startsWith(suffix, ve) ||
    view.text.slice(ve).trimStart().startsWith(suffix.trimStart());
  const fitting = all.filter((vs) => fitsPrefix(vs) && fitsSuffix(vs + q.length));
  if (fitting.length === 0) {
    throw new KhoError(
      'NOT_FOUND',
      `The quote "${shown}" occurs ${times(all.length)} in the article, but never with the given prefix/suffix.`,
    );
  }

  let chosen = fitting[0] as number;
  if (fitting.length > 1) {
    const ranges = fitting.map((vs) => viewRangeToOriginal(view, vs, vs + q.length));
    if (typeof hint.start !== 'number') {
      throw new KhoError(
        'AMBIGUOUS',
        `The quote "${shown}" occurs ${times(fitting.length)} in the article; ` +
          'give --prefix/--suffix (text just before/after it) or a position to pick one.',
      );
    }
    const target = hint.start;
    const dist = ranges.map((r) => Math.abs(r.start - target));
    const min = Math.min(...dist);
    if (dist.filter((d) => d === min).length > 1) {
      throw new KhoError(
        'AMBIGUOUS',
        `The quote "${shown}" occurs ${times(fitting.length)} in the article and position ${target} is equally near two of them; ` +
          'give --prefix/--suffix or a closer position.',
      );
    }
    chosen = fitting[dist.indexOf(min)] as number;
  }
  const { start, end } = viewRangeToOriginal(view, chosen, chosen + q.length);
  return describeRange(doc, start, end);
}

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}
