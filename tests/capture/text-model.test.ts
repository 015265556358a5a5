import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { textFromHtml } from '../../src/core/capture/text-from-html.js';
import {
  domPointToTextOffset,
  rangeToTextOffsets,
  textFromDom,
  textOffsetsToRange,
  textOffsetToDomPoint,
  type TextModelNode,
} from '../../src/shared/text-model.js';

function body(html: string): TextModelNode {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return document.body as unknown as TextModelNode;
}

/** All text nodes under root, in document order. */
function textNodes(root: TextModelNode): TextModelNode[] {
  const out: TextModelNode[] = [];
  const walk = (n: TextModelNode): void => {
    if (n.nodeType === 3) out.push(n);
    for (let i = 0; i < n.childNodes.length; i++) walk(n.childNodes[i] as TextModelNode);
  };
  walk(root);
  return out;
}

describe('text model: text from DOM', () => {
  it.each([
    ['<p>One</p><p>Two</p>', 'One\n\nTwo'],
    ['<p>  lots   of\n  space  </p>', 'lots of space'],
    ['<p>a<br>b<br><br>c</p>', 'a\nb\n\nc'],
    ['<p><br>lead break</p>', 'lead break'],
    ['<h1>T</h1><ul><li>x</li><li>y <b>bold</b> z</li></ul>', 'T\n\nx\n\ny bold z'],
    ['<pre>  keep\n    this  </pre><p>after</p>', '  keep\n    this  \n\nafter'],
    ['<figure><img src="a.png" alt="alt text"><figcaption>Caption</figcaption></figure>', 'Caption'],
    ['<table><tr><th>h1</th><th>h2</th></tr><tr><td>a</td><td>b</td></tr></table>', 'h1\th2\n\na\tb'],
    ['<div>a<div>b</div>c</div>', 'a\n\nb\n\nc'],
    ['<p>word<span> </span>word</p>', 'word word'],
    ['<p>non\u00a0breaking</p>', 'non\u00a0breaking'],
    ['<blockquote><p>q</p></blockquote><p>x<script>bad()</script>y</p>', 'q\n\nxy'],
    ['', ''],
  ])('%j -> %j', (html, want) => {
    expect(textFromDom(body(html)).text).toBe(want);
    expect(textFromHtml(html)).toBe(want);
  });

  it('is NFC for NFC input, and textFromHtml normalises decomposed input', () => {
    expect(textFromHtml('<p>Vie\u0302\u0323t</p>')).toBe('Việt');
  });
});

describe('text model: DOM points <-> offsets', () => {
  const html =
    '<h2>Tiêu đề</h2><p>Một <b>đoạn</b>   văn\n bản.</p><ul><li>x</li><li>y<br>z</li></ul><pre> a  b</pre><figure><img src="i.png"><figcaption>Chú thích</figcaption></figure>';

  it('every character of every text node round-trips', () => {
    const root = body(html);
    const model = textFromDom(root);
    for (const node of textNodes(root)) {
      const value = node.nodeValue ?? '';
      for (let i = 0; i < value.length; i++) {
        const off = domPointToTextOffset(model, node, i, 'forward');
        const ch = value[i] as string;
        if (!/[ \n\t]/.test(ch) || node.nodeValue === ' a  b') {
          // Emitted characters map to themselves...
          expect(model.text[off]).toBe(ch);
          const back = textOffsetToDomPoint(model, off, 'forward');
          expect(back?.node).toBe(node);
          expect(back?.offset).toBe(i);
        }
      }
    }
  });

  it('every offset maps to a DOM point that maps back to it', () => {
    const root = body(html);
    const model = textFromDom(root);
    for (let off = 0; off <= model.text.length; off++) {
      const isSeparatorGap =
        off > 0 && off < model.text.length && /\n\n/.test(model.text.slice(off - 1, off + 1));
      const fwd = textOffsetToDomPoint(model, off, 'forward');
      const bwd = textOffsetToDomPoint(model, off, 'backward');
      expect(fwd && bwd).toBeTruthy();
      if (!isSeparatorGap) {
        expect(domPointToTextOffset(model, fwd!.node, fwd!.offset, 'forward')).toBeGreaterThanOrEqual(off);
        expect(domPointToTextOffset(model, bwd!.node, bwd!.offset, 'backward')).toBeLessThanOrEqual(off);
      }
    }
  });

  it('a selection range maps to [start, end) and back to the same text', () => {
    const root = body(html);
    const model = textFromDom(root);
    const phrases = ['đoạn văn bản', 'Tiêu đề', 'y\nz', ' a  b', 'Chú thích', 'bản.\n\nx', 'Một đoạn'];
    for (const phrase of phrases) {
      const start = model.text.indexOf(phrase);
      expect(start, phrase).toBeGreaterThanOrEqual(0);
      const end = start + phrase.length;
      const range = textOffsetsToRange(model, start, end);
      expect(range).not.toBeNull();
      const back = rangeToTextOffsets(model, {
        startContainer: range!.start.node,
        startOffset: range!.start.offset,
        endContainer: range!.end.node,
        endOffset: range!.end.offset,
      });
      expect(back).toEqual({ start, end });
      expect(model.text.slice(back.start, back.end)).toBe(phrase);
    }
  });

  it('element-container points (as a browser selection gives them) map to block edges', () => {
    const root = body('<p>first</p><p>second</p>');
    const model = textFromDom(root);
    const [p1, p2] = [root.childNodes[0] as TextModelNode, root.childNodes[1] as TextModelNode];
    // Selecting the whole second paragraph: (p2, 0) .. (p2, 1).
    expect(
      rangeToTextOffsets(model, { startContainer: p2, startOffset: 0, endContainer: p2, endOffset: 1 }),
    ).toEqual({
      start: 7,
      end: 13,
    });
    // From the end of the first paragraph to the start of the second: separators only, empty range.
    const r = rangeToTextOffsets(model, {
      startContainer: p1,
      startOffset: 1,
      endContainer: p2,
      endOffset: 0,
    });
    expect(r.end - r.start).toBe(0);
    expect(model.text.slice(0, 5)).toBe('first');
  });

  it('offsets are UTF-16 code units, like the browser', () => {
    const root = body('<p>emoji 😀 here</p>');
    const model = textFromDom(root);
    expect(model.text).toBe('emoji 😀 here');
    const start = model.text.indexOf('here');
    expect(start).toBe(9);
    const p = textOffsetToDomPoint(model, start, 'forward');
    expect(p?.offset).toBe(9);
  });
});
