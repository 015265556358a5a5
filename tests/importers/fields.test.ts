import { describe, expect, it } from 'vitest';
import {
  flatTag,
  folderTag,
  highlightColor,
  line,
  parseTime,
  webAddress,
} from '../../src/core/importers/fields.js';

describe('parseTime', () => {
  it.each([
    ['1600322788', '2020-09-17T06:06:28.000Z'], // Unix seconds (Pocket, Instapaper)
    [1463686493, '2016-05-19T19:34:53.000Z'], // as a JSON number
    ['1515515697780642', '2018-01-09T16:34:57.781Z'], // microseconds (Google Bookmarks)
    ['1700000000123', '2023-11-14T22:13:20.123Z'], // milliseconds
    ['2016-09-08T11:55:58+0200', '2016-09-08T09:55:58.000Z'], // wallabag
    ['2024-10-31T13:01:28.320Z', '2024-10-31T13:01:28.320Z'], // Omnivore
    ['2026-06-22 10:34:42.964038+00:00', '2026-06-22T10:34:42.964Z'], // Readwise
    ['2019-08-24 04:56:00+00:00', '2019-08-24T04:56:00.000Z'],
    ['2024-01-01', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T07:30:00', '2024-01-01T07:30:00.000Z'], // no zone: UTC
    ['10/Oct/2000:13:55:36 +0300', '2000-10-10T10:55:36.000Z'], // Apache log form
  ])('%s -> %s', (input, iso) => {
    expect(parseTime(input)).toEqual({ ok: true, value: iso });
  });

  it('treats empty values and 0 as absent', () => {
    for (const v of [undefined, null, '', '  ', '0', 0]) expect(parseTime(v)).toBeNull();
  });

  it('refuses what is not a date, with the value in the reason', () => {
    expect(parseTime('yesterday')).toEqual({ ok: false, reason: '"yesterday" is not a date Kho can read' });
    expect(parseTime('2023-02-30')).toEqual({ ok: false, reason: '"2023-02-30" is not a real date' });
    expect(parseTime('1850-06-01')).toEqual({ ok: false, reason: '"1850-06-01" is outside 1970-2200' });
    expect(parseTime('Tuesday 1')).toMatchObject({ ok: false }); // Date.parse reads a date into this
    expect(parseTime('99999999999999999999')).toMatchObject({ ok: false });
    expect(parseTime({})).toEqual({ ok: false, reason: 'it is not a date' });
  });
});

describe('webAddress', () => {
  it('accepts http(s) as a browser would write it', () => {
    expect(webAddress(' https://fr.wikipedia.org/wiki/Échecs ')).toEqual({
      ok: true,
      value: 'https://fr.wikipedia.org/wiki/%C3%89checs',
    });
    expect(webAddress('http://[::1]:8080/a')).toEqual({ ok: true, value: 'http://[::1]:8080/a' });
    expect(webAddress('https://a_b.example.com/')).toMatchObject({ ok: true });
  });

  it('refuses other schemes, relative links and garbage', () => {
    expect(webAddress('javascript:alert(1)')).toEqual({
      ok: false,
      reason: '"javascript:alert(1)" is not a web page address (only http and https can be imported)',
    });
    expect(webAddress('?lY47tw')).toEqual({ ok: false, reason: '"?lY47tw" is not a web address' });
    expect(webAddress('')).toEqual({ ok: false, reason: 'it has no web address' });
    expect(webAddress('file:///etc/passwd')).toMatchObject({ ok: false });
  });
});

describe('tags and text', () => {
  it('a flat name keeps its "/" as one level; a folder path nests', () => {
    expect(flatTag('  CUI / Bot   Design ')).toBe('CUI ∕ Bot Design');
    expect(folderTag(['Dev', 'PHP'])).toBe('Dev/PHP');
    expect(folderTag(['News/World', '', 'Asia'])).toBe('News∕World/Asia');
    expect(folderTag(['', ' '])).toBeUndefined();
  });

  it('one-line text keeps no-break spaces and is NFC', () => {
    expect(line('Espagne\u00a0:\n  l’enquête')).toBe('Espagne\u00a0: l’enquête');
    expect(line('Hà Nội'.normalize('NFD'))).toBe('Hà Nội');
  });

  it('maps colours to Kho swatches', () => {
    expect(highlightColor('Yellow')).toBe('yellow');
    expect(highlightColor('orange')).toBe('yellow');
    expect(highlightColor('teal')).toBeUndefined();
  });
});
