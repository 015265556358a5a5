import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, EN_TITLE, VI_TITLE, type Fixture } from './support.js';

/** The HTML digest: one printable page, no script, nothing loaded from anywhere, every text escaped. */

let f: Fixture;
let html: string;
let document: Document;
beforeAll(async () => {
  f = await buildFixture();
  await f.t.call('articles.add', {
    source: 'text',
    name: 'plain.txt',
    text: 'An article without highlights\n\nNothing was marked in this one, so the digest leaves it out.\n',
  });
  const r = await f.t.call('export.run', { format: 'html' });
  if (r.kind !== 'file') throw new Error('expected a file');
  expect(r.mime).toBe('text/html; charset=utf-8');
  expect(r.filename).toMatch(/^kho-notes-\d{4}-\d\d-\d\d\.html$/);
  expect(r.articles).toBe(3);
  html = r.content;
  document = parseHTML(html).document as unknown as Document;
}, 60_000);
afterAll(() => f.t.close());

describe('HTML digest', () => {
  it('runs nothing and loads nothing', () => {
    expect(document.querySelectorAll('script, iframe, object, embed, link, img, form, base')).toHaveLength(0);
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) expect(attr.name).not.toMatch(/^on/i);
    }
    for (const a of Array.from(document.querySelectorAll('a'))) {
      expect(a.getAttribute('href')).toMatch(/^(https?:|mailto:|kho:\/\/article\/\d+\/highlight\/\d+$)/);
    }
    const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
    expect(csp).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/@media print \{/);
  });

  it('shows titles and notes as text, escaped, and notes rendered from Markdown', () => {
    const titles = Array.from(document.querySelectorAll('article.doc h2')).map((h) => h.textContent);
    expect(titles).toEqual([EN_TITLE, VI_TITLE]); // articles with highlights only, newest first
    expect(html).toContain('&lt;more&gt;');
    const note = Array.from(document.querySelectorAll('.note')).find((n) =>
      n.textContent?.includes('Xem thêm'),
    )!;
    expect(note.textContent).toContain('Xem thêm <script>alert("x")</script> nguồn');
    expect(note.querySelector('strong')?.textContent).toBe('dân vận');
    expect(note.querySelector('a')?.getAttribute('href')).toBe('https://nhandan.vn/');
  });

  it('quotes every highlight with its colour and a link back to it', async () => {
    const all = (await f.t.call('annotations.list', {})).items;
    const quotes = Array.from(document.querySelectorAll('blockquote.hl'));
    expect(quotes).toHaveLength(all.length);
    for (const a of all) {
      const q = quotes.find(
        (b) =>
          b.querySelector('a')?.getAttribute('href') === `kho://article/${a.article_id}/highlight/${a.id}`,
      )!;
      expect(q.classList.contains(`hl-${a.color}`)).toBe(true);
      expect(q.querySelector('p')?.textContent).toBe(a.exact);
      for (const tag of a.tags) expect(q.textContent).toContain(`#${tag}`);
    }
  });
});
