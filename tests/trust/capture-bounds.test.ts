import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureBytes } from '../../src/core/capture/index.js';
import { MAX_DEPTH, MAX_ELEMENTS, guardHtml } from '../../src/core/capture/html-guard.js';
import { textToArticle } from '../../src/core/capture/text-article.js';
import { textFromHtml } from '../../src/core/capture/text-from-html.js';
import { failure } from '../helpers/failure.js';

/**
 * Issue 15, items 1 and 2: hostile documents must not stall capture. Before: 39 KB of nested tags took
 * 9 s and ended in "Maximum call stack size exceeded", 192 KB never finished; a 2 MB .txt of a million
 * short lines took 238 s and 2.4 GB.
 */

const PROSE = 'Real article text, with commas, and enough words to be the article. '.repeat(12);

function nested(kb: number, open: string, close: string): string {
  const n = Math.floor((kb * 1024) / (open.length + close.length));
  return `<!doctype html><html><head><title>Deep page</title></head><body>${open.repeat(n)}Deepest words survive.${close.repeat(n)}<p>${PROSE}</p></body></html>`;
}

describe('deeply nested HTML', () => {
  it.each([
    ['192 KB of nested <div>', nested(192, '<div>', '</div>')],
    ['96 KB of nested <table><tr><td>', nested(96, '<table><tr><td>', '</td></tr></table>')],
    ['96 KB of unclosed <b><span>', nested(96, '<b><span>', '')],
  ])('%s is captured in seconds, its text kept', async (_name, html) => {
    const started = Date.now();
    const r = await captureBytes(Buffer.from(html), { fileName: 'deep.html', fetchImages: false });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.contentText).toContain('Real article text, with commas');
    expect(r.title).toBe('Deep page');
  });

  it('unwraps only what lies deeper than the limit; the words there stay', () => {
    const g = guardHtml(nested(20, '<div>', '</div>'));
    expect(g.flattened).toBe(true);
    expect(g.depth).toBeGreaterThan(MAX_DEPTH);
    expect(guardHtml(g.html).depth).toBeLessThanOrEqual(MAX_DEPTH);
    expect(textFromHtml(g.html.replace(/^.*<body>/s, ''))).toContain('Deepest words survive.');
    // An ordinary page passes through untouched.
    const plain = `<html><body><article><p>${PROSE}</p></article></body></html>`;
    expect(guardHtml(plain)).toMatchObject({ html: plain, flattened: false });
  });

  it('measures nesting in linear time (htmlparser2 on its own is quadratic in depth)', () => {
    const started = Date.now();
    // 200,000 levels: counted until the element cap, then refused.
    const deep = `<body>${'<i>'.repeat(200_000)}x</body>`;
    expect(() => guardHtml(deep)).toThrow(/more than 60,000 HTML elements/);
    const unmatched = `<body><div>${'</b>'.repeat(2_000_000)}</div></body>`; // 8 MB of stray end tags
    expect(guardHtml(unmatched).depth).toBe(2);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it(`refuses a page of more than ${MAX_ELEMENTS} elements before building any DOM`, async () => {
    const html = `<html><body>${'<p>x</p>'.repeat(MAX_ELEMENTS + 10)}</body></html>`;
    const started = Date.now();
    const e = await failure(captureBytes(Buffer.from(html), { fileName: 'wide.html', fetchImages: false }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toMatch(/more than 60,000 HTML elements/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('capture stays responsive and can be stopped', () => {
  const page = `<html><head><title>Heavy</title></head><body><article>${`<p>${PROSE}</p>`.repeat(400)}</article></body></html>`;

  it('yields to the event loop between its steps', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await captureBytes(Buffer.from(page), { fileName: 'heavy.html', fetchImages: false });
    clearInterval(timer);
    expect(ticks).toBeGreaterThanOrEqual(4);
  });

  it('stops at the next step when cancelled, and when its time budget runs out', async () => {
    const controller = new AbortController();
    const p = captureBytes(Buffer.from(page), { fileName: 'heavy.html', signal: controller.signal });
    setImmediate(() => controller.abort());
    expect((await failure(p)).code).toBe('CANCELLED');
    const e = await failure(captureBytes(Buffer.from(page), { fileName: 'heavy.html', budgetMs: 1 }));
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(/nothing was saved/);
  });
});

// In a process with a 400 MB heap: capture-memory.test.ts (the process tier).
describe('plain text in linear time', () => {
  it('writes exactly the text the shared text model derives from its HTML', () => {
    const pieces = fc.constantFrom(
      'a', 'ở', 'Hà', ' ', '  ', '\n', '\n\n', '\t', '\r\n', '\u00a0', '\u200b', '\u0007', '\u0301', '<', '&',
      '\f', '\u000b', '\ufeff', 'Share', 'Theo VnExpress', 'Thứ Sáu, 28/1/2022', '(nhandan.com.vn)', 'MINH ANH',
      'x'.repeat(60),
    ); // prettier-ignore
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 120 }), (parts) => {
        const a = textToArticle(parts.join(''), null);
        expect(a.contentText).toBe(textFromHtml(a.contentHtml));
      }),
      { numRuns: 400 },
    );
  });
});
