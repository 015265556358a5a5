/**
 * dom-anchor-text-quote's cases on the text content of its test.html: toRange (anchor) incl. the fuzzy
 * "commodo cites" -> "commodo vitae", and fromRange (describe). Where a case expects a match that Kho
 * deliberately refuses (orphan over wrong anchor) or vice versa, the case is listed in DIFFERENT with the
 * reason, and our behaviour is asserted instead.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { anchor } from '../../src/core/annotations/anchor.js';
import { describeRange } from '../../src/core/annotations/describe.js';
import { FIXTURES_DIR } from '../helpers/paths.js';
import { parseDocument, resolveXPath, textOffsets } from './dom-text.js';
import type { DomNode } from './dom-text.js';

const dir = path.join(FIXTURES_DIR, 'anchoring', 'dom-anchor-text-quote');
const cases = JSON.parse(readFileSync(path.join(dir, 'cases.json'), 'utf8')) as {
  fromRange: {
    name: string;
    rangeSelectNodeContents: string;
    expect: { exact: string; prefix: string; suffix: string };
  }[];
  toRange: {
    name: string;
    selector: { exact: string; prefix?: string; suffix?: string };
    hints?: string[];
    expect: null | string | { text: string; parentTag?: string };
  }[];
};
const doc = parseDocument(readFileSync(path.join(dir, 'test.html'), 'utf8'));
const root = doc.body as DomNode;
const { text, entry, exit } = textOffsets(root);
const span = (xpath: string): { start: number; end: number } => {
  const node = resolveXPath(root, xpath);
  return { start: entry.get(node) as number, end: exit.get(node) as number };
};

/** Cases whose expectation contradicts "an orphan is better than a wrong anchor", with what Kho does. */
const DIFFERENT: Record<string, { ours: null | string; why: string }> = {
  'best match even if context fails': {
    ours: null,
    why: 'a 13-char quote whose prefix and suffix both fail is what a deleted passage re-found elsewhere looks like',
  },
  'long quote, first 32 chars match, rest does not': {
    ours: 'Quisque sit amet est et sapien ullamcor',
    why: 'with no context to contradict it, 81% quote similarity at the very same sentence is the edited passage, not a wrong place',
  },
  'long quote, start and end match but middle does not': {
    ours: 'Pellentesque habitant morbi tristique',
    why: 'same: 81% similar (whitespace collapsed), same paragraph; Kho anchors it as a fuzzy match',
  },
};

describe('dom-anchor-text-quote cases.json (text of test.html)', () => {
  it('has 1 fromRange + 13 toRange cases', () => {
    expect(cases.fromRange).toHaveLength(1);
    expect(cases.toRange).toHaveLength(13);
  });

  it.each(cases.fromRange)('fromRange: $name', (c) => {
    const { start, end } = span(`//${c.rangeSelectNodeContents}`);
    expect(describeRange(text, start, end)).toMatchObject(c.expect);
  });

  it.each(cases.toRange.filter((c) => !c.hints && !(c.name in DIFFERENT)))('toRange: $name', (c) => {
    const got = anchor(text, c.selector);
    if (c.expect === null || typeof c.expect === 'string') {
      expect(got).toBeNull();
      return;
    }
    expect(got).not.toBeNull();
    expect(text.slice(got!.start, got!.end)).toBe(c.expect.text);
    if (c.expect.parentTag) {
      const el = span(`//${c.expect.parentTag.toLowerCase()}`);
      expect(got!.start).toBeGreaterThanOrEqual(el.start);
      expect(got!.end).toBeLessThanOrEqual(el.end);
    }
  });

  it.each(cases.toRange.filter((c) => c.name in DIFFERENT))('toRange (documented difference): $name', (c) => {
    const ours = DIFFERENT[c.name]!;
    const got = anchor(text, c.selector);
    if (ours.ours === null) {
      expect(c.expect).not.toBeNull();
      expect(got).toBeNull();
    } else {
      expect(c.expect).toBeNull();
      expect(got?.method).toBe('fuzzy');
      expect(text.slice(got!.start, got!.end).startsWith(ours.ours)).toBe(true);
    }
  });

  it('toRange: hint picks between duplicates', () => {
    const c = cases.toRange.find((x) => x.hints)!;
    const first = text.indexOf(c.selector.exact);
    const last = text.lastIndexOf(c.selector.exact);
    expect(first).not.toBe(last);
    expect(anchor(text, { ...c.selector, start: first })?.start).toBe(first);
    expect(anchor(text, { ...c.selector, start: last })?.start).toBe(last);
    // "start in different nodes": the two occurrences are in <em> and in the paragraph's text.
    const em = span('//em');
    expect(first >= em.start && first < em.end).not.toBe(last >= em.start && last < em.end);
  });
});
