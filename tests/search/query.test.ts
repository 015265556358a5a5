import lunr from 'lunr';
import { describe, expect, it } from 'vitest';
import { KhoError } from '../../src/shared/errors.js';
import { fold, forEachWord, getAnalyzer, tokenize } from '../../src/core/search/analysis.js';
import { corpusLines } from './helpers.js';
import { parseQuery } from '../../src/core/search/query.js';

function badQuery(q: string): KhoError {
  try {
    parseQuery(q);
  } catch (e) {
    expect(KhoError.is(e)).toBe(true);
    expect((e as KhoError).code).toBe('BAD_QUERY');
    return e as KhoError;
  }
  throw new Error(`expected BAD_QUERY for ${q}`);
}

describe('analysis', () => {
  it('folds Vietnamese diacritics including đ', () => {
    expect(fold('Đà Nẵng dân vận Ở')).toBe('da nang dan van o');
  });
  it('tokenizes without breaking Vietnamese syllables', () => {
    expect(tokenize('Hà Nội, ở và có; TP.HCM').map((t) => t.text)).toEqual([
      'Hà',
      'Nội',
      'ở',
      'và',
      'có',
      'TP',
      'HCM',
    ]);
  });
  it('keeps toned vowels (no lunr.vi trimmer) and adds folded extras', () => {
    const a = getAnalyzer('basic');
    expect(a.indexTerms('và')).toEqual(['và', '~va']);
    expect(a.indexTerms('ở')).toEqual(['ở', '~o']);
    expect(a.indexTerms('Hà')).toEqual(['hà', '~ha']);
    expect(a.searchTerm('máy')).toBe('máy'); // no English stemmer (máy -> mái)
  });
  it('stems English and drops English stop words only in the English analyser', () => {
    expect(getAnalyzer('en').searchTerm('running')).toBe('run');
    expect(getAnalyzer('en').searchTerm('the')).toBeNull();
    expect(getAnalyzer('basic').searchTerm('running')).toBe('running');
    expect(getAnalyzer('fr').searchTerm('gouvernements')).toBe(getAnalyzer('fr').searchTerm('gouvernement'));
  });
  it('registers its pipeline functions so pipelines serialise and load', () => {
    const json = getAnalyzer('basic').indexPipeline.toJSON();
    expect(json).toContain('kho-fold-extra');
    const p = lunr.Pipeline.load(json);
    expect(p.run([new lunr.Token('Dân', {})]).map(String)).toEqual(['dân', '~dan']);
  });
});

describe('parseQuery', () => {
  it('parses words, phrases, exclusions, scopes, filters, prefix and fuzzy', () => {
    const q = parseQuery(
      'dân vận "chính quyền địa phương" -tham title:Bến tag:"chính trị" site:nhandan lang:vi is:unread before:2022 after:2021-06 tổ* nhan~1 nhân~',
    );
    const summary = q.nodes.map((n) =>
      n.type === 'term'
        ? `term:${n.text}${n.field ? '@' + n.field : ''}${n.negated ? '!' : ''}${n.prefix ? '*' : ''}${n.fuzzy ? '~' + n.fuzzy : ''}`
        : n.type === 'phrase'
          ? `phrase:${n.words.join(' ')}`
          : `${n.key}:${n.value}${n.bound ? '<' + n.bound : ''}`,
    );
    expect(summary).toEqual([
      'term:dân',
      'term:vận',
      'phrase:chính quyền địa phương',
      'term:tham!',
      'term:Bến@title',
      'tag:chính trị',
      'site:nhandan',
      'lang:vi',
      'is:unread',
      'before:2022<2022-01-01',
      'after:2021-06<2021-06-01',
      'term:tổ*',
      'term:nhan~1',
      'term:nhân~1',
    ]);
  });
  it('treats punctuated words as implicit phrases', () => {
    const q = parseQuery('TP.HCM');
    expect(q.nodes[0]).toMatchObject({ type: 'phrase', words: ['TP', 'HCM'] });
  });
  it('bounds dates by the first day of the period named (after: from it on, before: up to it)', () => {
    const bounds = (q: string) =>
      parseQuery(q).nodes.map((n) => (n.type === 'filter' ? `${n.key}<${n.bound}` : ''));
    expect(bounds('after:2022-01-31 before:2022-02-28')).toEqual(['after<2022-01-31', 'before<2022-02-28']);
    expect(bounds('after:2026-12 before:2027')).toEqual(['after<2026-12-01', 'before<2027-01-01']);
    expect(bounds('after:2026-2')).toEqual(['after<2026-02-01']);
  });
  it('rejects unparsable queries with BAD_QUERY naming the problem and position', () => {
    expect(badQuery('dân "vận chính').message).toMatch(/quote.*position 5/i);
    expect(badQuery('x before:notadate').message).toMatch(/before:notadate.*position 3.*YYYY/);
    expect(badQuery('x after:2022-13').message).toMatch(/not a date/);
    expect(badQuery('is:nonsense').message).toMatch(/is:nonsense.*position 1/);
    expect(badQuery('-dân -vận').message).toMatch(/only excludes/);
    expect(badQuery('tag: x').message).toMatch(/needs a value/);
    expect(badQuery('word~3').message).toMatch(/1 or 2/);
    expect(badQuery('""').message).toMatch(/Empty phrase/);
  });
});

describe('word scan', () => {
  it('finds the same words as the word regex, on real Vietnamese and English text and odd characters', () => {
    const text = [
      ...corpusLines('vi-news-sentences.txt').slice(0, 200),
      'emoji 😀 word𝒜b 日本語 x² a\u0301b ǅ don’t 2026-12-03 ' + 'a'.repeat(50),
    ].join('\n');
    const scanned: Array<[string, number]> = [];
    forEachWord(text, (w, start) => {
      scanned.push([w, start]);
    });
    const re = /[\p{L}\p{M}\p{N}]+/gu;
    const expected = [...text.matchAll(re)].map((m): [string, number] => [m[0], m.index]);
    expect(scanned.length).toBeGreaterThan(3000);
    expect(scanned).toEqual(expected);
  });
});
