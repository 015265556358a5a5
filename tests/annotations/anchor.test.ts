import { describe, expect, it } from 'vitest';

import { anchor } from '../../src/core/annotations/anchor.js';
import { describeRange } from '../../src/core/annotations/describe.js';
import { matchQuote } from '../../src/core/annotations/match-quote.js';

const text =
  'The committee met on Monday to review the budget. After a long debate, the members agreed to ' +
  'postpone the vote until the auditors had reported. The chair thanked everyone for their patience.';
const sel = (exact: string) => describeRange(text, text.indexOf(exact), text.indexOf(exact) + exact.length);

describe('anchor', () => {
  it('uses the stored position when the quote is still there', () => {
    const s = sel('postpone the vote');
    expect(anchor(text, s)).toEqual({ start: s.start, end: s.end, score: 1, method: 'position' });
  });

  it('falls back to the quote when the position is stale', () => {
    const s = sel('postpone the vote');
    const changed = 'NEW INTRO. ' + text;
    expect(anchor(changed, s)).toMatchObject({ start: s.start + 11, end: s.end + 11, method: 'exact' });
  });

  it('does not trust a short quote at its old offsets when its context is gone', () => {
    // "the" sits at the stored offsets again, by accident, after an unrelated rewrite.
    const s = sel('the');
    const rewritten = text.slice(0, s.start) + 'the' + ' zebra ' + 'x'.repeat(40);
    const got = anchor(rewritten, {
      exact: 'the',
      prefix: 'qqqqqqqqqqqqqqqqq',
      suffix: 'wwwwwwwwwwwwww',
      start: s.start,
      end: s.end,
    });
    expect(got?.method).not.toBe('position');
  });

  it('ignores whitespace differences (re-extracted text) and returns the new whitespace', () => {
    const s = sel('agreed to postpone');
    const reflowed = text.replace('agreed to ', 'agreed to\n\n  ');
    const got = anchor(reflowed, { ...s, start: null, end: null });
    expect(got?.method).toBe('exact');
    expect(reflowed.slice(got!.start, got!.end)).toBe('agreed to\n\n  postpone');
  });

  it('anchors an edited quote fuzzily, at the edited place', () => {
    const s = sel('the members agreed to postpone the vote');
    const edited = text.replace('members agreed', 'member agreed');
    const got = anchor(edited, s);
    expect(got?.method).toBe('fuzzy');
    expect(edited.slice(got!.start, got!.end)).toBe('the member agreed to postpone the vote');
    expect(got!.score).toBeLessThan(1);
  });

  it('prefers the edited passage in its own context over a closer-spelled copy elsewhere', () => {
    const s = sel('the auditors had reported');
    // The real passage is edited (2 errors); an exact copy now sits elsewhere with other context.
    const edited =
      text.replace('the auditors had reported', 'the auditor has reported') +
      ' Unrelated: the auditors had reported nothing.';
    const got = anchor(edited, s);
    expect(got).not.toBeNull();
    expect(got!.start).toBe(edited.indexOf('the auditor has reported'));
  });

  it('returns null (orphan) when the quote is gone, even if similar words exist', () => {
    const s = sel('After a long debate, the members agreed');
    const deleted =
      text.replace(
        'After a long debate, the members agreed to postpone the vote until the auditors had reported. ',
        '',
      ) + ' Later, after a long debate, the member agreed on nothing.';
    expect(anchor(deleted, s)).toBeNull();
    // Without the bars, the Hypothesis-style scorer re-attaches it: that is the failure being prevented.
    expect(matchQuote(deleted, s.exact, { prefix: s.prefix, suffix: s.suffix })).not.toBeNull();
  });

  it('rejects quotes under the similarity bar and honours a custom bar', () => {
    const quote = 'commitee mett on Mondy'; // 3 errors in 22 chars: 86% similar
    expect(anchor(text, { exact: quote })?.method).toBe('fuzzy');
    expect(anchor(text, { exact: quote }, { minQuoteSimilarity: 0.9 })).toBeNull();
    expect(anchor(text, { exact: 'cmmtee mt n Mndy tt rvw' })).toBeNull();
  });

  it('keeps a long verbatim quote whose surroundings were rewritten', () => {
    const s = sel('After a long debate, the members agreed to postpone the vote');
    const rewritten =
      'Completely different opening words here. ' + s.exact + ' -- and a brand new ending follows it.';
    const got = anchor(rewritten, s);
    expect(got).toMatchObject({ start: rewritten.indexOf(s.exact), method: 'exact' });
  });

  it('matches NFD text and NFD quotes, with offsets into the NFC text', () => {
    const vi = 'Hôm nay người dân đến sớm.';
    const exact = 'người dân';
    const start = vi.indexOf(exact);
    const nfd = vi.normalize('NFD');
    expect(nfd.length).toBeGreaterThan(vi.length);
    expect(anchor(nfd, { exact })).toMatchObject({ start, end: start + exact.length });
    expect(anchor(vi, { exact: exact.normalize('NFD') })).toMatchObject({ start, end: start + exact.length });
  });

  it('returns null for an empty quote or empty text', () => {
    expect(anchor(text, { exact: '' })).toBeNull();
    expect(anchor('', { exact: 'x' })).toBeNull();
  });

  // Speed is measured by `npm run bench`, not here; this checks the capped paths give correct answers.
  it('stays correct on a large text of near-repeats (capped candidate paths)', { timeout: 30_000 }, () => {
    const big = (text + ' ').repeat(2000); // ~400 KB, 2,000 near-identical passages
    expect(anchor(big, { exact: 'zzzzzzzzzz qqqqqqqq' })).toBeNull();
    const long = text.slice(0, 150).replace(/e/g, 'E');
    expect(anchor(big, { exact: long, prefix: 'nothing like this', suffix: 'at all, really' })).toBeNull();
    // The stored position (stale by 7 chars) picks the occurrence among 2,000 identical ones.
    const s = sel('the auditors had reported');
    const copy = Math.floor(250_000 / (text.length + 1)) * (text.length + 1) + s.start;
    const hit = anchor(big, { ...s, start: copy + 7, end: copy + 7 + s.exact.length });
    expect(hit).toMatchObject({ method: 'exact', start: copy });
  });
});
