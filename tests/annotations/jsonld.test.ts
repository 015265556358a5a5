import { describe, expect, it } from 'vitest';

import type { AnnotationRecord, ArticleRef } from '../../src/core/annotations/types.js';
import { toAnnotationCollection, toW3CAnnotation } from '../../src/core/export/jsonld.js';
import { asIri, toIsoTimestamp } from '../../src/core/export/jsonld-values.js';
import { KhoError } from '../../src/shared/errors.js';

const rec: AnnotationRecord = {
  id: 5,
  articleId: 9,
  exact: 'dân vận',
  prefix: 'công tác ',
  suffix: '.',
  start: 10,
  end: 17,
  status: 'anchored',
  color: 'green',
  note: null,
  tags: [],
  createdAt: '2026-01-28T08:15:00.000Z',
  updatedAt: '2026-01-29T08:15:00.000Z',
};
const art: ArticleRef = { id: 9, url: 'https://example.org/a', title: 'A' };

describe('toW3CAnnotation', () => {
  it('exports a plain highlight: no body, motivation highlighting, both selectors', () => {
    const a = toW3CAnnotation(rec, art);
    expect(a).toMatchObject({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:kho:annotation:5',
      type: 'Annotation',
      motivation: 'highlighting',
      created: '2026-01-28T08:15:00.000Z',
      modified: '2026-01-29T08:15:00.000Z',
      target: {
        source: 'https://example.org/a',
        selector: [
          { type: 'TextQuoteSelector', exact: 'dân vận', prefix: 'công tác ', suffix: '.' },
          { type: 'TextPositionSelector', start: 10, end: 17 },
        ],
        styleClass: 'kho-green',
      },
    });
    expect(a).not.toHaveProperty('body');
    expect(JSON.stringify(a.stylesheet)).toContain('.kho-green');
  });

  it('turns a note into a Markdown commenting body and tags into tagging bodies', () => {
    const a = toW3CAnnotation({ ...rec, note: '*hay*', tags: ['x', 'y/z'] }, art);
    expect(a.motivation).toBe('commenting');
    expect(a.body).toEqual([
      { type: 'TextualBody', value: '*hay*', format: 'text/markdown', purpose: 'commenting' },
      { type: 'TextualBody', value: 'x', purpose: 'tagging' },
      { type: 'TextualBody', value: 'y/z', purpose: 'tagging' },
    ]);
    const tagsOnly = toW3CAnnotation({ ...rec, tags: ['x'] }, art);
    expect(tagsOnly.motivation).toBe('tagging');
    expect(tagsOnly.body).toEqual({ type: 'TextualBody', value: 'x', purpose: 'tagging' });
  });

  it('exports an orphan with its quote selector only', () => {
    const a = toW3CAnnotation({ ...rec, status: 'orphan', start: null, end: null }, art);
    expect((a.target as { selector: unknown[] }).selector).toEqual([
      { type: 'TextQuoteSelector', exact: 'dân vận', prefix: 'công tác ', suffix: '.' },
    ]);
  });

  it('uses urn:kho:article:<id> without a usable URL, and the ASCII form of non-ASCII URLs', () => {
    expect((toW3CAnnotation(rec, { ...art, url: null }).target as { source: string }).source).toBe(
      'urn:kho:article:9',
    );
    expect((toW3CAnnotation(rec, { ...art, url: 'not a url' }).target as { source: string }).source).toBe(
      'urn:kho:article:9',
    );
    expect(asIri('https://vi.wikipedia.org/wiki/Hà_Nội')).toBe(
      'https://vi.wikipedia.org/wiki/H%C3%A0_N%E1%BB%99i',
    );
    expect(asIri('https://bücher.de/x')).toBe('https://xn--bcher-kva.de/x');
  });

  it('counts TextPositionSelector offsets in code points when given the text', () => {
    const text = '😀😀 dân vận';
    const start = text.indexOf('dân');
    const a = toW3CAnnotation({ ...rec, start, end: start + 7 }, art, { text });
    expect((a.target as { selector: unknown[] }).selector[1]).toEqual({
      type: 'TextPositionSelector',
      start: start - 2,
      end: start + 5,
    });
    expect([...text].slice(start - 2, start + 5).join('')).toBe('dân vận');
  });

  it('writes timestamps with a timezone', () => {
    expect(toIsoTimestamp('2026-01-28 08:15:00')).toBe('2026-01-28T08:15:00.000Z');
    expect(toIsoTimestamp('2026-01-28T10:15:00+02:00')).toBe('2026-01-28T08:15:00.000Z');
    expect(() => toIsoTimestamp('yesterday')).toThrow(KhoError);
  });
});

describe('toAnnotationCollection', () => {
  it('wraps the annotations in one embedded page', () => {
    const c = toAnnotationCollection(
      [
        { record: rec, article: art },
        { record: { ...rec, id: 6 }, article: art },
      ],
      { id: 'urn:kho:export:1', label: 'Kho' },
    );
    expect(c).toMatchObject({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:kho:export:1',
      type: 'AnnotationCollection',
      label: 'Kho',
      total: 2,
      first: { type: 'AnnotationPage', startIndex: 0 },
    });
    const items = (c.first as { items: { id: string }[] }).items;
    expect(items.map((i) => i.id)).toEqual(['urn:kho:annotation:5', 'urn:kho:annotation:6']);
  });
});
