/**
 * Hypothesis' match-quote cases (fuzzy quote + prefix/suffix + position hint), run against the
 * Hypothesis-compatible scorer `matchQuote` and against `anchor`, which adds acceptance bars.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { anchor } from '../../src/core/annotations/anchor.js';
import { matchQuote } from '../../src/core/annotations/match-quote.js';
import { FIXTURES_DIR } from '../helpers/paths.js';

interface Case {
  name: string;
  text?: string;
  textLiteral?: string;
  quote?: string;
  quoteFromText?: string;
  prefix?: string;
  suffix?: string;
  hints?: Record<string, number>;
  quotesDescendingScore?: string[];
  prefixesDescendingScore?: string[];
  suffixesDescendingScore?: string[];
  expect?:
    | null
    | string
    | {
        matchedText: string;
        score?: number;
        scoreBetween?: [number, number];
        start?: number;
        startIsIndexOf?: string;
      };
}
const file = path.join(FIXTURES_DIR, 'anchoring', 'hypothesis-client', 'match-quote-cases.json');
const data = JSON.parse(readFileSync(file, 'utf8')) as { texts: Record<string, string>; cases: Case[] };
const textOf = (c: Case): string => c.textLiteral ?? data.texts[c.text as string] ?? '';

const expectCases = data.cases.filter((c) => c.expect !== undefined && typeof c.expect !== 'string');
const orderCases = data.cases.filter(
  (c) => c.quotesDescendingScore || c.prefixesDescendingScore || c.suffixesDescendingScore,
);
const hintCases = data.cases.filter((c) => c.hints);

describe('hypothesis match-quote-cases.json', () => {
  it('covers all 19 cases', () => {
    expect(data.cases).toHaveLength(19);
    expect(expectCases.length + orderCases.length + hintCases.length).toBe(19);
  });

  describe.each(expectCases)('$name', (c) => {
    const text = textOf(c);
    const quote = c.quoteFromText ? (data.texts[c.quoteFromText] as string) : (c.quote as string);
    const ctx = { prefix: c.prefix ?? null, suffix: c.suffix ?? null };

    it('matchQuote', () => {
      const m = matchQuote(text, quote, ctx);
      const want = c.expect;
      if (want === null || want === undefined || typeof want === 'string') {
        expect(m).toBeNull();
        return;
      }
      expect(m).not.toBeNull();
      expect(text.slice(m!.start, m!.end)).toBe(want.matchedText);
      if (want.score !== undefined) expect(m!.score).toBe(want.score);
      if (want.scoreBetween) {
        expect(m!.score).toBeGreaterThan(want.scoreBetween[0]);
        expect(m!.score).toBeLessThan(want.scoreBetween[1]);
      }
      if (want.start !== undefined) expect(m!.start).toBe(want.start);
      if (want.startIsIndexOf) expect(m!.start).toBe(text.indexOf(want.startIsIndexOf));
    });

    it('anchor agrees', () => {
      const a = anchor(text, { exact: quote, ...ctx });
      const want = c.expect;
      if (want === null || want === undefined || typeof want === 'string') {
        expect(a).toBeNull();
        return;
      }
      expect(a).not.toBeNull();
      expect(text.slice(a!.start, a!.end)).toBe(want.matchedText);
      if (want.start !== undefined) expect(a!.start).toBe(want.start);
    });
  });

  describe.each(orderCases)('$name', (c) => {
    const text = textOf(c);
    it('scores descend in the listed order', () => {
      let scores: number[];
      if (c.quotesDescendingScore) {
        scores = c.quotesDescendingScore.map((q) => matchQuote(text, q)?.score ?? 0);
      } else if (c.prefixesDescendingScore) {
        scores = c.prefixesDescendingScore.map(
          (prefix) => matchQuote(text, c.quote as string, { prefix })?.score ?? 0,
        );
      } else {
        scores = (c.suffixesDescendingScore as string[]).map(
          (suffix) => matchQuote(text, c.quote as string, { suffix })?.score ?? 0,
        );
      }
      expect(scores.every((s) => s > 0)).toBe(true);
      for (let i = 1; i < scores.length; i++) expect(scores[i - 1]).toBeGreaterThan(scores[i] as number);
    });
  });

  describe.each(hintCases)('$name', (c) => {
    const text = textOf(c);
    const quote = c.quote as string;
    const { A, B } = c.hints as { A: number; B: number };
    it('hint A -> A, hint B -> B, no hint -> A (lowest start)', () => {
      expect(matchQuote(text, quote, { hint: A })?.start).toBe(A);
      expect(matchQuote(text, quote, { hint: B })?.start).toBe(B);
      expect(matchQuote(text, quote)?.start).toBe(A);
      // The stored position is anchor's hint as well.
      expect(anchor(text, { exact: quote, start: A })?.start).toBe(A);
      expect(anchor(text, { exact: quote, start: B })?.start).toBe(B);
      expect(anchor(text, { exact: quote })?.start).toBe(A);
    });
  });
});
