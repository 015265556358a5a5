/**
 * Apache Annotator's DOM cases reduced to text: each {html, selector/range, expected RangeInfo} is
 * evaluated on the parsed document's textContent, with expected XPath+offset converted to text offsets.
 * - text-quote-match: strict W3C matching (all exact matches) = findQuoteMatches; single matches = anchor.
 * - text-position-match: W3C positions count code points; Kho stores UTF-16 (the emoji cases check the conversion).
 * - text-quote-describe: Apache stores the *minimal* context; Kho stores 32 chars each side (Hypothesis'
 *   choice, better for fuzzy re-anchoring). We assert the same exact, context that agrees with theirs on
 *   the overlap, and that our selector anchors back to the range.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { anchor } from '../../src/core/annotations/anchor.js';
import { describeRange } from '../../src/core/annotations/describe.js';
import { findQuoteMatches } from '../../src/core/annotations/exact-match.js';
import { codePointToUtf16Offset } from '../../src/core/annotations/offsets.js';
import { KhoError } from '../../src/shared/errors.js';
import { FIXTURES_DIR } from '../helpers/paths.js';
import { parseDocument, rangeInfoToOffsets, textOffsets } from './dom-text.js';
import type { RangeInfo } from './dom-text.js';

const dir = path.join(FIXTURES_DIR, 'anchoring', 'apache-annotator');
const load = <T>(name: string): T => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as T;

function textAndRanges(
  html: string,
  ranges: RangeInfo[],
): { text: string; ranges: { start: number; end: number }[] } {
  const root = parseDocument(html).documentElement;
  return { text: textOffsets(root).text, ranges: ranges.map((r) => rangeInfoToOffsets(root, r)) };
}

const quoteMatch = Object.entries(
  load<{
    testCases: Record<
      string,
      { html: string; selector: { exact: string; prefix?: string; suffix?: string }; expected: RangeInfo[] }
    >;
  }>('text-quote-match-cases.json').testCases,
).map(([name, c]) => ({ name, ...c }));

describe('apache-annotator text-quote-match-cases.json', () => {
  it('has 25 cases', () => expect(quoteMatch).toHaveLength(25));

  it.each(quoteMatch)('$name', ({ html, selector, expected }) => {
    const { text, ranges } = textAndRanges(html, expected);
    expect(findQuoteMatches(text, selector)).toEqual(ranges);
    // A single non-empty match is also what the fuzzy anchor must find (Kho never anchors an empty quote).
    if (ranges.length === 1 && selector.exact !== '') {
      const got = anchor(text, selector);
      expect(got && { start: got.start, end: got.end }).toEqual(ranges[0]);
    }
    if (selector.exact === '') expect(anchor(text, selector)).toBeNull();
  });
});

const positionMatch = Object.entries(
  load<{
    testCases: Record<
      string,
      { html: string; selector: { start: number; end: number }; expected: RangeInfo[] }
    >;
  }>('text-position-match-cases.json').testCases,
).map(([name, c]) => ({ name, ...c }));

describe('apache-annotator text-position-match-cases.json', () => {
  it('has 7 cases', () => expect(positionMatch).toHaveLength(7));

  it.each(positionMatch)('$name', ({ html, selector, expected }) => {
    const { text, ranges } = textAndRanges(html, expected);
    const start = codePointToUtf16Offset(text, selector.start);
    const end = codePointToUtf16Offset(text, selector.end);
    expect([{ start, end }]).toEqual(ranges);
    if (end > start) {
      // Describing and re-anchoring the range goes through the position stage and returns it unchanged.
      const sel = describeRange(text, start, end);
      expect(anchor(text, sel)).toMatchObject({ start, end, method: 'position' });
      expect(anchor(text, { exact: sel.exact, prefix: sel.prefix, suffix: sel.suffix })).toMatchObject({
        start,
        end,
      });
    }
  });
});

interface DescribeCase {
  html: string;
  range: RangeInfo;
  options: Record<string, unknown>;
  expected: { exact: string; prefix: string; suffix: string };
}
const describeGroups = load<Record<string, Record<string, DescribeCase>>>('text-quote-describe-cases.json');
const describeCases = Object.entries(describeGroups).flatMap(([group, list]) =>
  Object.entries(list).map(([name, c]) => ({ name: `${group}: ${name}`, ...c })),
);

describe('apache-annotator text-quote-describe-cases.json', () => {
  it('has 22 cases', () => expect(describeCases).toHaveLength(22));

  it.each(describeCases)('$name', ({ html, range, expected }) => {
    const { text, ranges } = textAndRanges(html, [range]);
    const { start, end } = ranges[0]!;
    if (start === end) {
      // Kho never stores an empty highlight; describing one is refused with a clear error.
      expect(() => describeRange(text, start, end)).toThrow(KhoError);
      return;
    }
    const ours = describeRange(text, start, end);
    expect(ours.exact).toBe(expected.exact);
    expect(ours.prefix.endsWith(expected.prefix) || expected.prefix.endsWith(ours.prefix)).toBe(true);
    expect(ours.suffix.startsWith(expected.suffix) || expected.suffix.startsWith(ours.suffix)).toBe(true);
    expect(anchor(text, { exact: ours.exact, prefix: ours.prefix, suffix: ours.suffix })).toMatchObject({
      start,
      end,
    });
  });
});
