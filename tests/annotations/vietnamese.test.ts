/**
 * Vietnamese text on the reference article (Nhân Dân, 2022-01-28): toned vowels, NFC/NFD, diacritic edits,
 * insertions, rewording, and a deleted paragraph whose words recur elsewhere.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { anchor } from '../../src/core/annotations/anchor.js';
import { describeQuote } from '../../src/core/annotations/describe.js';
import { matchQuote } from '../../src/core/annotations/match-quote.js';
import { reanchorAll } from '../../src/core/annotations/reanchor.js';
import { KhoError } from '../../src/shared/errors.js';
import { REFERENCE_ARTICLE } from '../helpers/paths.js';

const article = readFileSync(REFERENCE_ARTICLE, 'utf8');
const count = (hay: string, needle: string): number => hay.split(needle).length - 1;

describe('Vietnamese quotes in the reference article', () => {
  it('is stored NFC', () => expect(article.normalize('NFC')).toBe(article));

  it('"người dân" occurs 3 times: AMBIGUOUS until context or a position picks one', () => {
    expect(count(article, 'người dân')).toBe(3);
    try {
      describeQuote(article, 'người dân');
      expect.unreachable();
    } catch (e) {
      expect(KhoError.is(e) && e.code).toBe('AMBIGUOUS');
      expect((e as Error).message).toContain('3 times');
    }
    const sel = describeQuote(article, 'người dân', { prefix: 'cuộc sống của' });
    expect(sel.start).toBe(article.indexOf('cuộc sống của người dân') + 'cuộc sống của '.length);
    expect(sel.exact).toBe('người dân');
    expect(article.slice(sel.start - sel.prefix.length, sel.start)).toBe(sel.prefix);
    // "sự hài lòng của người dân" is in the headline and the last paragraph: still 2, a position picks.
    expect(() => describeQuote(article, 'người dân', { prefix: 'sự hài lòng của ' })).toThrow(/2 times/);
    const last = article.lastIndexOf('người dân');
    expect(describeQuote(article, 'người dân', { prefix: 'sự hài lòng của ', start: last - 5 }).start).toBe(
      last,
    );
  });

  it('finds an NFD quote in NFC text, and an NFC quote in NFD text (offsets into NFC)', () => {
    const quote = 'cuộc sống của người dân';
    const start = article.indexOf(quote);
    const nfdQuote = quote.normalize('NFD');
    expect(nfdQuote).not.toBe(quote);
    expect(describeQuote(article, nfdQuote)).toMatchObject({
      exact: quote,
      start,
      end: start + quote.length,
    });
    const nfdText = article.normalize('NFD');
    expect(describeQuote(nfdText, quote)).toMatchObject({ exact: quote, start });
    const sel = describeQuote(article, quote);
    expect(anchor(nfdText, sel)).toMatchObject({ start, end: sel.end });
    expect(anchor(article, { ...sel, exact: nfdQuote, start: null, end: null })).toMatchObject({
      start,
      method: 'exact',
    });
  });

  it('re-anchors fuzzily after a changed diacritic ("dân vận" -> "dân vân")', () => {
    const sel = describeQuote(article, 'vấn đề dân vận chính quyền');
    const changed = article.slice(0, sel.start) + 'vấn đề dân vân chính quyền' + article.slice(sel.end);
    const [out] = reanchorAll(changed, [{ id: 1, ...sel }]);
    expect(out).toMatchObject({
      status: 'anchored',
      method: 'fuzzy',
      start: sel.start,
      exact: 'vấn đề dân vân chính quyền',
    });
  });

  it('follows the quote when a sentence is inserted before it (start/end and prefix updated)', () => {
    const sel = describeQuote(article, 'luôn luôn lấy cuộc sống của người dân');
    const inserted = 'Đây là một câu mới được chèn vào. ';
    const at = article.indexOf('Đồng chí Trương Thị Mai chỉ đạo');
    const changed = article.slice(0, at) + inserted + article.slice(at);
    const [out] = reanchorAll(changed, [{ id: 7, ...sel }]);
    expect(out).toMatchObject({
      id: 7,
      status: 'anchored',
      start: sel.start + inserted.length,
      end: sel.end + inserted.length,
    });
    expect(out?.status === 'anchored' && changed.slice(out.start, out.end)).toBe(sel.exact);
  });

  it('anchors a slightly reworded quote and takes the new wording as exact', () => {
    const sel = describeQuote(
      article,
      'luôn luôn lấy cuộc sống của người dân, sự hài lòng của người dân là trọng tâm',
    );
    const reworded = 'luôn lấy đời sống của người dân, sự hài lòng của nhân dân là trọng tâm';
    const changed = article.slice(0, sel.start) + reworded + article.slice(sel.end);
    const [out] = reanchorAll(changed, [{ id: 2, ...sel }]);
    expect(out).toMatchObject({ status: 'anchored', method: 'fuzzy', exact: reworded, start: sel.start });
    expect(out?.status === 'anchored' && out.prefix).toBe(changed.slice(sel.start - 32, sel.start));
  });

  it('orphans a quote whose paragraph was deleted, though "dân vận chính quyền" recurs elsewhere', () => {
    const para = article.slice(
      article.indexOf('Lựa chọn ba nhiệm vụ'),
      article.indexOf('Đồng chí Trương Thị Mai chỉ đạo'),
    );
    const sel = describeQuote(article, 'trọng điểm trong dân vận chính quyền là nông thôn mới');
    const changed = article.replace(para, '');
    expect(count(changed, 'dân vận chính quyền')).toBeGreaterThanOrEqual(5);
    const [out] = reanchorAll(changed, [{ id: 3, ...sel }]);
    expect(out).toEqual({ id: 3, status: 'orphan' });
    // The unguarded Hypothesis-style scorer re-attaches it to other words: the failure this prevents.
    const naive = matchQuote(changed, sel.exact, { prefix: sel.prefix, suffix: sel.suffix, hint: sel.start });
    expect(naive).not.toBeNull();
  });

  it('orphans it even when a near-identical sentence (other context) exists elsewhere', () => {
    const para = article.slice(
      article.indexOf('Lựa chọn ba nhiệm vụ'),
      article.indexOf('Đồng chí Trương Thị Mai chỉ đạo'),
    );
    const sel = describeQuote(article, 'trọng điểm trong dân vận chính quyền là nông thôn mới');
    const lookalike = 'Một trọng điểm trong dân vận chính quyền là đô thị mới. ';
    const at = article.indexOf('Đồng thời, tạo không gian');
    let changed = article.slice(0, at) + lookalike + article.slice(at);
    changed = changed.replace(para, '');
    expect(matchQuote(changed, sel.exact)!.quoteScore).toBeGreaterThan(0.85);
    expect(reanchorAll(changed, [{ id: 4, ...sel }])).toEqual([{ id: 4, status: 'orphan' }]);
  });
});
