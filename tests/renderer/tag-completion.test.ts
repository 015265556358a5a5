import { describe, expect, it } from 'vitest';
import { applyTag, tagSuggestions, tagTokenAt } from '../../src/renderer/src/lib/tag-completion.js';

const TAGS = ['Du lịch', 'du học', 'work', 'work/kho', 'Đà Nẵng', 'Sách "hay"', 'kinh tế'];

describe('tag-name completion in the search field', () => {
  it('finds the tag: value the caret is in, bare or quoted', () => {
    expect(tagTokenAt('tag:du', 6)).toEqual({ start: 4, end: 6, typed: 'du' });
    expect(tagTokenAt('mùa thu -tag:wo', 15)).toEqual({ start: 13, end: 15, typed: 'wo' });
    expect(tagTokenAt('TAG:"du l', 9)).toEqual({ start: 4, end: 9, typed: 'du l' });
    expect(tagTokenAt('tag:"du lịch" biển', 9)).toEqual({ start: 4, end: 13, typed: 'du l' });
    expect(tagTokenAt('tag:wo rk', 6)).toEqual({ start: 4, end: 6, typed: 'wo' });
    expect(tagTokenAt('tag:', 4)).toEqual({ start: 4, end: 4, typed: '' });
    // not in a tag: value
    expect(tagTokenAt('tag:du lịch', 11)).toBeNull();
    expect(tagTokenAt('hashtag:du', 10)).toBeNull();
    expect(tagTokenAt('title:du', 8)).toBeNull();
    expect(tagTokenAt('tag:"du lịch" ', 14)).toBeNull();
  });

  it('offers matching names, with or without diacritics, prefix matches first', () => {
    expect(tagSuggestions(TAGS, 'du')).toEqual(['Du lịch', 'du học']);
    expect(tagSuggestions(TAGS, 'du lich')).toEqual(['Du lịch']);
    expect(tagSuggestions(TAGS, 'da')).toEqual(['Đà Nẵng']);
    expect(tagSuggestions(TAGS, 'kho')).toEqual(['work/kho']);
    expect(tagSuggestions(TAGS, '')).toEqual(TAGS.slice(0, 8));
    expect(tagSuggestions(TAGS, 'zzz')).toEqual([]);
  });

  it('writes the chosen name, quoted when it holds a space, and puts the caret after it', () => {
    const text = 'biển tag:du mùa hè';
    const token = tagTokenAt(text, 11)!;
    expect(applyTag(text, token, 'Du lịch')).toEqual({
      text: 'biển tag:"Du lịch" mùa hè',
      caret: 19,
    });
    const end = 'tag:wo';
    expect(applyTag(end, tagTokenAt(end, 6)!, 'work')).toEqual({ text: 'tag:work ', caret: 9 });
    const quoted = 'tag:"du l';
    expect(applyTag(quoted, tagTokenAt(quoted, 9)!, 'Du lịch')).toEqual({
      text: 'tag:"Du lịch" ',
      caret: 14,
    });
    expect(applyTag('tag:sa', tagTokenAt('tag:sa', 6)!, 'Sách "hay"').text).toBe('tag:"Sách hay" ');
  });
});
