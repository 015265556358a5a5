import { describe, expect, it } from 'vitest';

import { CONTEXT_LENGTH, describeQuote, describeRange } from '../../src/core/annotations/describe.js';
import { KhoError } from '../../src/shared/errors.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return KhoError.is(e) ? e.code : 'not a KhoError';
  }
  return undefined;
}

describe('describeRange', () => {
  const text = 'a'.repeat(50) + 'QUOTE' + 'b'.repeat(50);

  it('stores the exact text and 32 chars of context each side', () => {
    expect(describeRange(text, 50, 55)).toEqual({
      exact: 'QUOTE',
      prefix: 'a'.repeat(CONTEXT_LENGTH),
      suffix: 'b'.repeat(CONTEXT_LENGTH),
      start: 50,
      end: 55,
    });
    expect(CONTEXT_LENGTH).toBe(32);
  });

  it('shortens context at the edges of the text', () => {
    expect(describeRange('one two three', 4, 7)).toMatchObject({ prefix: 'one ', suffix: ' three' });
  });

  it('never cuts a surrogate pair in the context', () => {
    // The 32nd char before the quote is the low half of 😀; the prefix drops the orphan half.
    const t = 'x😀' + 'p'.repeat(31) + 'Q' + 's'.repeat(31) + '😀y';
    const q = t.indexOf('Q');
    const sel = describeRange(t, q, q + 1);
    expect(sel.prefix).toBe('p'.repeat(31));
    expect(sel.suffix).toBe('s'.repeat(31));
    expect(sel.prefix.length + sel.suffix.length).toBe(62);
  });

  it('refuses empty, reversed, out-of-range and pair-splitting ranges', () => {
    expect(codeOf(() => describeRange('abc', 1, 1))).toBe('INVALID_INPUT');
    expect(codeOf(() => describeRange('abc', 2, 1))).toBe('INVALID_INPUT');
    expect(codeOf(() => describeRange('abc', 0, 4))).toBe('INVALID_INPUT');
    expect(codeOf(() => describeRange('a😀b', 2, 4))).toBe('INVALID_INPUT');
    expect(codeOf(() => describeRange('a😀b', 1, 3))).toBeUndefined();
  });
});

describe('describeQuote', () => {
  const text = 'The cat sat.\n\nThe cat ran away. A dog sat.';

  it('finds a unique quote and returns the selectors', () => {
    const sel = describeQuote(text, 'dog');
    expect(sel).toMatchObject({ exact: 'dog', start: text.indexOf('dog'), end: text.indexOf('dog') + 3 });
    expect(sel.prefix).toBe(text.slice(0, text.indexOf('dog')).slice(-32));
  });

  it("maps a quote's whitespace onto the text's (line breaks, double spaces)", () => {
    const sel = describeQuote(text, '  sat. The   cat ');
    expect(sel.exact).toBe('sat.\n\nThe cat');
    expect(text.slice(sel.start, sel.end)).toBe(sel.exact);
  });

  it('is AMBIGUOUS for a repeated quote, saying how many times and how to pick one', () => {
    try {
      describeQuote(text, 'The cat');
      expect.unreachable();
    } catch (e) {
      expect(KhoError.is(e) && e.code).toBe('AMBIGUOUS');
      expect((e as Error).message).toContain('2 times');
      expect((e as Error).message).toMatch(/--prefix\/--suffix/);
      expect((e as Error).message).toMatch(/position/);
    }
  });

  it('lets a suffix, a prefix or a position pick the occurrence', () => {
    const second = text.lastIndexOf('The cat');
    expect(describeQuote(text, 'The cat', { suffix: ' ran' }).start).toBe(second);
    expect(describeQuote(text, 'cat', { prefix: 'sat. The' }).start).toBe(second + 4);
    expect(describeQuote(text, 'The cat', { start: second - 3 }).start).toBe(second);
    expect(describeQuote(text, 'The cat', { start: 1 }).start).toBe(0);
  });

  it('is NOT_FOUND for an absent quote or context that never fits', () => {
    expect(codeOf(() => describeQuote(text, 'horse'))).toBe('NOT_FOUND');
    try {
      describeQuote(text, 'The cat', { suffix: 'flew' });
      expect.unreachable();
    } catch (e) {
      expect(KhoError.is(e) && e.code).toBe('NOT_FOUND');
      expect((e as Error).message).toContain('2 times');
    }
  });

  it('refuses an empty quote', () => {
    expect(codeOf(() => describeQuote(text, ' \n '))).toBe('INVALID_INPUT');
  });
});
