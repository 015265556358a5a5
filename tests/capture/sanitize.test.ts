import createDOMPurify from 'dompurify';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureUrl } from '../../src/core/capture/index.js';
import { sanitizeHtml } from '../../src/core/capture/sanitize.js';
import { startFixtureServer, XSS_PAGE, type FixtureServer } from './fixture-server.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

const FORBIDDEN_ELEMENTS =
  'script, style, iframe, frame, object, embed, form, input, button, textarea, select, link, meta, base, svg, math, noscript, template, video, audio, source, picture';

/** Every rule the reader relies on, checked on a re-parse of the output. */
function assertSafe(html: string): void {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  expect(document.querySelectorAll(FORBIDDEN_ELEMENTS).length).toBe(0);
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.startsWith('on'), `${el.localName}[${attr.name}]`).toBe(false);
      expect([
        'style',
        'srcdoc',
        'target',
        'formaction',
        'xlink:href',
        'background',
        'action',
        'id',
        'name',
      ]).not.toContain(attr.name);
      expect(attr.value).not.toMatch(/^\s*(javascript|vbscript|data):/i);
    }
  }
  for (const a of Array.from(document.querySelectorAll('a[href]'))) {
    expect(a.getAttribute('href')).toMatch(/^(https?:\/\/|mailto:)/);
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
  }
  for (const img of Array.from(document.querySelectorAll('img'))) {
    expect(img.getAttribute('src')).toMatch(/^kho-asset:[0-9a-f]{64}$/);
  }
  // Escaped text may mention anything; live markup and URLs may not.
  expect(html).not.toMatch(/<script|javascript:|@import|url\(|expression\(/i);
}

describe('sanitising', () => {
  it('DOMPurify cannot run on linkedom (it returns its input unchanged), hence our own sanitiser', () => {
    const { window } = parseHTML('<!doctype html><html><body></body></html>');
    const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
    expect(purify.isSupported).toBeFalsy();
    expect(purify.sanitize('<img src=x onerror=alert(1)>')).toContain('onerror');
  });

  it('removes every XSS vector of the hostile page, used directly', () => {
    const out = sanitizeHtml(XSS_PAGE, { baseUrl: 'https://news.example/a/b.html' });
    assertSafe(out);
    // Content around the traps survives, links are absolute, mailto kept.
    expect(out).toContain('First paragraph of a perfectly ordinary article');
    expect(out).toContain('Clickable paragraph');
    expect(out).toContain('href="mailto:editor@example.com" rel="noopener noreferrer"');
    expect(out).toContain('href="https://news.example/relative/page"');
    expect(out).toContain('<span class="kho-img-missing" role="img" aria-label="trap image"></span>');
    expect(out).not.toContain('secret');
  });

  it('removes every XSS vector of the hostile page, through the whole capture', async () => {
    const r = await captureUrl(`${server.url}/xss`);
    assertSafe(r.contentHtml);
    expect(r.contentText).toContain('Last paragraph of the hostile article');
    expect(r.contentText).not.toMatch(/alert|svg text|noscript trap/);
  });

  it.each([
    [
      '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
      'numeric entities',
    ],
    ['<a href="java\nscript:alert(1)">x</a>', 'newline inside scheme'],
    ['<a href="\u0001javascript:alert(1)">x</a>', 'leading control char'],
    ['<a href="  javascript:alert(1)">x</a>', 'leading spaces'],
    ['<a href="javascript&colon;alert(1)">x</a>', 'named entity colon'],
    ['<img src="kho-asset:abc" onerror="alert(1)">', 'short kho-asset'],
    ['<img srcset="http://evil.example/x.png 1x">', 'srcset only'],
    ['<a href="http://ok.example/" onmouseover="alert(1)" target="_blank">x</a>', 'handler on a good link'],
    ['<div style="background-image:url(javascript:alert(1))">x</div>', 'style url'],
    ['<table><tr><td background="javascript:alert(1)">x</td></tr></table>', 'legacy background'],
    ['<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', 'svg link'],
    ['<math><mi xlink:href="javascript:alert(1)">x</mi></math>', 'mathml link'],
    ['<p title="</p><script>alert(1)</script>">x</p>', 'markup inside an attribute'],
    ['<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', 'noscript mXSS'],
    ['<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>', 'form/math mXSS'],
  ])('neutralises %s (%s)', (html) => {
    const out = sanitizeHtml(html, { baseUrl: 'https://news.example/' });
    assertSafe(out);
    // Running it again changes nothing: the output is already in its stable, re-parseable form.
    expect(sanitizeHtml(out, { baseUrl: 'https://news.example/' })).toBe(out);
  });

  it('reshapes markup a browser would restructure, so both DOMs agree on the tree', () => {
    const cases: [string, string][] = [
      ['<p>a<span>b<div>c</div></span>d</p>', '<div>a<span>b<div>c</div></span>d</div>'],
      [
        '<a href="http://x.example/">a<a href="http://y.example/">b</a></a>',
        '<a href="http://x.example/" rel="noopener noreferrer">ab</a>',
      ],
      ['<table><tr><td>1</td></tr></table>', '<table><tbody><tr><td>1</td></tr></tbody></table>'],
      ['<li>loose item</li>', '<div>loose item</div>'],
      ['<td>loose cell</td>', '<div>loose cell</div>'],
      ['<pre>\n\nx  y</pre>', '<pre>x  y</pre>'],
      ['<center>a</center><font>b</font>', '<div>a</div>b'],
      ['<p>x\r\ny\u0000z</p>', '<p>x\nyz</p>'],
    ];
    for (const [input, want] of cases) {
      const out = sanitizeHtml(input);
      expect(out, input).toBe(want);
      expect(sanitizeHtml(out)).toBe(out);
    }
  });

  it('keeps the caption class and the placeholder, drops other classes and ids', () => {
    const out = sanitizeHtml(
      '<p class="caption big" id="x">Cap</p><span class="kho-img-missing" role="img" aria-label="a"></span>',
    );
    expect(out).toBe(
      '<p class="caption">Cap</p><span class="kho-img-missing" role="img" aria-label="a"></span>',
    );
  });
});
