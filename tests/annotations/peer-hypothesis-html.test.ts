/**
 * Hypothesis' html-test rangeSpecs and html-baselines, reduced to text selectors on the root's textContent.
 * rangeSpecs: describe the range, then the quote selector alone and the position selector must give it back.
 * baselines: anchoring the saved annotations' selectors, then describing the result, reproduces the saved
 * TextQuoteSelector and TextPositionSelector exactly. (RangeSelector is DOM-only and not part of Kho's model.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { anchor } from '../../src/core/annotations/anchor.js';
import { describeRange } from '../../src/core/annotations/describe.js';
import { FIXTURES_DIR } from '../helpers/paths.js';
import {
  boundaryToOffset,
  children,
  parseDocument,
  resolveXPath,
  textNodes,
  textOffsets,
} from './dom-text.js';
import type { DomNode } from './dom-text.js';

const dir = path.join(FIXTURES_DIR, 'anchoring', 'hypothesis-client');

interface RangeSpec {
  description: string;
  startContainer: string | number;
  startOffset: number;
  endContainer: string | number;
  endOffset: number;
  quote: string;
}
const specs = (
  JSON.parse(readFileSync(path.join(dir, 'html-range-specs.json'), 'utf8')) as { cases: RangeSpec[] }
).cases;
const fixture = readFileSync(path.join(dir, 'html-anchoring-fixture.html'), 'utf8');
// The Hypothesis test loads the fixture as the innerHTML of a container; XPaths are relative to it.
const container = children(parseDocument(`<section>${fixture}</section>`).body as DomNode)[0] as DomNode;
const containerText = textOffsets(container).text;
const nodeOf = (ref: string | number): DomNode =>
  typeof ref === 'number' ? (textNodes(container)[ref] as DomNode) : resolveXPath(container, ref);

describe('hypothesis html-range-specs.json', () => {
  it('has 27 cases', () => expect(specs).toHaveLength(27));

  it.each(specs)('$description', (c) => {
    const start = boundaryToOffset(container, nodeOf(c.startContainer), c.startOffset);
    const end = boundaryToOffset(container, nodeOf(c.endContainer), c.endOffset);
    expect(containerText.slice(start, end)).toBe(c.quote);
    const sel = describeRange(containerText, start, end);
    expect(sel.exact).toBe(c.quote);
    expect(anchor(containerText, sel)).toMatchObject({ start, end, method: 'position' });
    const byQuote = anchor(containerText, { exact: sel.exact, prefix: sel.prefix, suffix: sel.suffix });
    expect(byQuote).toMatchObject({ start, end });
  });
});

interface Baseline {
  rows: { id: string; target: { selector: { type: string; [k: string]: unknown }[] }[] }[];
}

describe.each(['minimal', 'wikipedia-regression-testing'])('hypothesis html-baselines/%s', (name) => {
  const html = readFileSync(path.join(dir, 'html-baselines', `${name}.html`), 'utf8');
  const data = JSON.parse(readFileSync(path.join(dir, 'html-baselines', `${name}.json`), 'utf8')) as Baseline;
  const text = textOffsets(parseDocument(html).body as DomNode).text;

  it.each(data.rows.map((r) => ({ id: r.id, selectors: r.target[0]!.selector })))(
    'annotation $id',
    ({ selectors }) => {
      const q = selectors.find((s) => s.type === 'TextQuoteSelector') as unknown as Record<string, string>;
      const p = selectors.find((s) => s.type === 'TextPositionSelector') as unknown as Record<string, number>;
      const quote = { exact: q.exact as string, prefix: q.prefix as string, suffix: q.suffix as string };
      const position = { start: p.start as number, end: p.end as number };
      const got = anchor(text, { ...quote, ...position });
      expect(got).not.toBeNull();
      expect(describeRange(text, got!.start, got!.end)).toEqual({ ...quote, ...position });
      // The quote selector alone (position lost) lands on the same place.
      const byQuote = anchor(text, quote);
      expect(byQuote && [byQuote.start, byQuote.end]).toEqual([position.start, position.end]);
    },
  );
});
