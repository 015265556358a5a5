import { parseHTML } from 'linkedom';

/**
 * Allowlist sanitiser. It walks a linkedom tree and writes fresh HTML: only listed elements and
 * attributes, every text escaped, URLs parsed and checked. Nothing from the input is copied through
 * as markup, so linkedom's parser and the browser's cannot disagree about what is executable.
 *
 * Why not DOMPurify: DOMPurify(linkedomWindow) reports isSupported=false (linkedom has no
 * document.implementation / NodeFilter) and then returns its input unchanged — a silent no-op.
 *
 * The output is also shaped so that a browser re-parses it into the same tree (no <div> inside <p>,
 * no <a> in <a>, cells only in rows, ...): content_text offsets computed here from linkedom must match
 * the ones the reader computes from Chromium's DOM.
 */

export const KHO_ASSET_RE = /^kho-asset:[0-9a-f]{64}$/;

/** Elements kept as they are (given the context rules below); the EPUB export writes the same ones. */
export const KEEP = new Set([
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite',
  'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'img', 'ins', 'kbd', 'li',
  'mark', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'section', 'small', 'span', 'strong',
  'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var',
  'wbr',
]); // prettier-ignore

/** Elements dropped together with everything inside them. */
const DROP = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'param', 'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist', 'output', 'head',
  'title', 'meta', 'link', 'base', 'svg', 'math', 'canvas', 'video', 'audio', 'source', 'track', 'map',
  'area', 'dialog', 'xmp', 'plaintext', 'noembed', 'noframes', 'portal', 'slot', 'picture', 'progress',
  'meter', 'marquee',
]); // prettier-ignore

/** Unknown elements that render as blocks: kept as <div> so words on either side don't merge. */
const BLOCKISH = new Set([
  'center', 'main', 'nav', 'hgroup', 'fieldset', 'legend', 'menu', 'dir', 'listing', 'search', 'form',
  'html', 'body',
]); // prettier-ignore

const VOID = new Set(['br', 'hr', 'img', 'wbr', 'col']);

/** Start tags that make a browser close an open <p>. */
const P_CLOSERS = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'listing', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'ul', 'li', 'dd', 'dt',
  'search', 'xmp', 'plaintext',
]); // prettier-ignore

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const TABLE_SECTIONS = new Set(['thead', 'tbody', 'tfoot']);
const KEPT_CLASSES = new Set(['caption', 'kho-img-missing']);

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

export function escapeText(s: string): string {
  if (!/[&<>]/.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g;

/** Removes C0/C1 control characters other than tab, LF, FF and CR (which are whitespace in HTML). */
export function stripControlChars(s: string): string {
  return s.replace(CONTROL_CHARS, '');
}

/** Text as a browser would store it: no NULs or other C0/C1 controls, CR/CRLF as LF. */
function cleanText(s: string): string {
  return stripControlChars(s.replace(/\r\n?/g, '\n')).normalize('NFC');
}

/** An absolute http(s)/mailto URL, or null. Tabs/newlines are stripped first, as URL parsers do. */
export function safeLinkUrl(raw: string | null, base: string | null): string | null {
  if (!raw) return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  const v = raw.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  if (!v) return null;
  let u: URL;
  try {
    u = new URL(v, base ?? undefined);
  } catch {
    return null;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : null;
}

export interface SanitizeOptions {
  /** Base URL for relative links (the page URL, or its <base>). */
  baseUrl?: string | null;
}

interface Ctx {
  inA: boolean;
  inHeading: boolean;
  inPre: boolean;
  /** The element name the parent was written as (after renaming), for context rules. */
  parent: string;
}

type El = Element;

function childNodes(node: Node): Node[] {
  return Array.from(node.childNodes);
}

/** Does anything under `el` make a browser close an open <p>? */
function containsPCloser(el: El): boolean {
  for (const c of Array.from(el.children)) {
    const n = c.localName.toLowerCase();
    if (DROP.has(n)) continue;
    if (P_CLOSERS.has(n) || BLOCKISH.has(n) || containsPCloser(c)) return true;
  }
  return false;
}

function intAttr(el: El, name: string, max: number): string | null {
  const v = el.getAttribute(name)?.trim();
  return v && /^\d{1,6}$/.test(v) && Number(v) <= max ? String(Number(v)) : null;
}

/** The attributes to write for an element, already checked. */
function attributesFor(el: El, tag: string, base: string | null): [string, string][] {
  const out: [string, string][] = [];
  const title = el.getAttribute('title');
  if (title) out.push(['title', title]);
  const lang = el.getAttribute('lang');
  if (lang && /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(lang.trim())) out.push(['lang', lang.trim()]);
  const dir = el.getAttribute('dir')?.trim().toLowerCase();
  if (dir === 'ltr' || dir === 'rtl' || dir === 'auto') out.push(['dir', dir]);
  const classes = (el.getAttribute('class') ?? '').split(/\s+/).filter((c) => KEPT_CLASSES.has(c));
  if (classes.length) out.push(['class', classes.join(' ')]);
  switch (tag) {
    case 'a': {
      const href = safeLinkUrl(el.getAttribute('href'), base);
      if (href) {
        out.push(['href', href]);
        out.push(['rel', 'noopener noreferrer']);
      }
      break;
    }
    case 'img': {
      const src = el.getAttribute('src')?.trim() ?? '';
      if (KHO_ASSET_RE.test(src)) out.push(['src', src]);
      out.push(['alt', el.getAttribute('alt') ?? '']);
      for (const dim of ['width', 'height']) {
        const v = intAttr(el, dim, 20000);
        if (v) out.push([dim, v]);
      }
      break;
    }
    case 'td':
    case 'th': {
      const colspan = intAttr(el, 'colspan', 1000);
      const rowspan = intAttr(el, 'rowspan', 65534);
      if (colspan) out.push(['colspan', colspan]);
      if (rowspan) out.push(['rowspan', rowspan]);
      const scope = el.getAttribute('scope')?.trim().toLowerCase();
      if (tag === 'th' && scope && /^(row|col|rowgroup|colgroup)$/.test(scope)) out.push(['scope', scope]);
      break;
    }
    case 'col':
    case 'colgroup': {
      const span = intAttr(el, 'span', 1000);
      if (span) out.push(['span', span]);
      break;
    }
    case 'ol': {
      const start = el.getAttribute('start')?.trim();
      if (start && /^-?\d{1,9}$/.test(start)) out.push(['start', start]);
      if (el.hasAttribute('reversed')) out.push(['reversed', '']);
      const type = el.getAttribute('type')?.trim();
      if (type && /^[1aAiI]$/.test(type)) out.push(['type', type]);
      break;
    }
    case 'li': {
      const value = el.getAttribute('value')?.trim();
      if (value && /^-?\d{1,9}$/.test(value)) out.push(['value', value]);
      break;
    }
    case 'time': {
      const dt = el.getAttribute('datetime')?.trim();
      if (dt && /^[\d\-T:.+Z ]{4,40}$/i.test(dt)) out.push(['datetime', dt]);
      break;
    }
    case 'blockquote':
    case 'q':
    case 'del':
    case 'ins': {
      const cite = safeLinkUrl(el.getAttribute('cite'), base);
      if (cite && !cite.startsWith('mailto:')) out.push(['cite', cite]);
      break;
    }
    case 'span': {
      if (classes.includes('kho-img-missing')) {
        out.push(['role', 'img']);
        const label = el.getAttribute('aria-label');
        if (label) out.push(['aria-label', label]);
      }
      break;
    }
    case 'details':
      if (el.hasAttribute('open')) out.push(['open', '']);
      break;
  }
  return out.map(([k, v]) => [k, cleanText(v)]);
}

/** An image's description as a placeholder carries it: one line, clean characters. */
export function missingImageAlt(alt: string | null): string {
  return cleanText(alt ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Placeholder for an image that is not an offline asset (the images step makes these too): an empty
 * element carrying the image's description. What it says ("Image unavailable: …", in the reader's
 * language) is drawn by the reader, so it never enters content_text, search, snippets or anchors.
 */
export function missingImageHtml(alt: string | null): string {
  const a = missingImageAlt(alt);
  return `<span class="kho-img-missing" role="img"${a ? ` aria-label="${escapeAttr(a)}"` : ''}></span>`;
}

class Writer {
  private readonly parts: string[] = [];
  constructor(private readonly base: string | null) {}

  html(): string {
    return this.parts.join('');
  }

  children(node: Node, ctx: Ctx): void {
    const kids = childNodes(node);
    for (let i = 0; i < kids.length; i++) this.node(kids[i] as Node, ctx, i === 0);
  }

  node(node: Node, ctx: Ctx, first: boolean): void {
    if (node.nodeType === TEXT || node.nodeType === CDATA) {
      let text = cleanText(node.nodeValue ?? '');
      // A browser drops one newline right after <pre>; drop them here so both parsers agree.
      if (first && ctx.parent === 'pre') text = text.replace(/^\n+/, '');
      if (/^(table|thead|tbody|tfoot|tr|colgroup)$/.test(ctx.parent)) {
        // Text here would be foster-parented out of the table by a browser; wrap it into a cell.
        if (!text.trim()) return;
        this.parts.push(wrapOpen(ctx.parent), escapeText(text), wrapClose(ctx.parent));
        return;
      }
      this.parts.push(escapeText(text));
      return;
    }
    if (node.nodeType !== ELEMENT) return; // comments, processing instructions, doctypes
    this.element(node as El, ctx);
  }

  element(el: El, ctx: Ctx): void {
    const name = el.localName.toLowerCase();
    if (DROP.has(name) || name.includes(':')) return;
    let tag: string | null = KEEP.has(name) ? name : BLOCKISH.has(name) ? 'div' : null; // null = unwrap

    // Context rules: what a browser would restructure, we restructure first.
    if (tag === 'a' && ctx.inA) tag = null;
    if (tag && HEADINGS.has(tag) && ctx.inHeading) tag = 'span';
    if (tag === 'p' && containsPCloser(el)) tag = 'div';
    if (tag === 'li' && !/^(ul|ol)$/.test(ctx.parent)) tag = 'div';
    if ((tag === 'dt' || tag === 'dd') && !/^(dl|div)$/.test(ctx.parent)) tag = 'div';
    if ((tag === 'td' || tag === 'th') && ctx.parent !== 'tr') tag = 'div';
    if (tag === 'tr' && !/^(table|thead|tbody|tfoot)$/.test(ctx.parent)) tag = 'div';
    if (tag && (TABLE_SECTIONS.has(tag) || tag === 'caption' || tag === 'colgroup') && ctx.parent !== 'table')
      tag = 'div';
    if (tag === 'col' && !/^(table|colgroup)$/.test(ctx.parent)) return;
    if (ctx.inPre && tag && P_CLOSERS.has(tag) && tag !== 'pre') tag = 'span';

    if (tag === 'img') {
      const src = el.getAttribute('src')?.trim() ?? '';
      if (!KHO_ASSET_RE.test(src)) {
        this.inTableContext(ctx, missingImageHtml(el.getAttribute('alt')));
        return;
      }
    }

    if (tag === null) {
      this.children(el, ctx);
      return;
    }
    // In table context only rows/sections/cells belong; anything else gets a cell around it.
    const wrap = /^(table|thead|tbody|tfoot|tr)$/.test(ctx.parent) && !tableChildAllowed(ctx.parent, tag);
    if (wrap) this.parts.push(wrapOpen(ctx.parent));
    const attrs = attributesFor(el, tag, this.base);
    this.parts.push(`<${tag}${attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('')}>`);
    if (!VOID.has(tag)) {
      const inner: Ctx = {
        inA: ctx.inA || tag === 'a',
        inHeading: ctx.inHeading || HEADINGS.has(tag),
        inPre: ctx.inPre || tag === 'pre',
        parent: tag,
      };
      if (tag === 'table') this.tableChildren(el, inner);
      else this.children(el, inner);
      this.parts.push(`</${tag}>`);
    }
    if (wrap) this.parts.push(wrapClose(ctx.parent));
  }

  /** <tr> directly in <table> is given its implicit <tbody>, as a browser would. */
  tableChildren(table: El, ctx: Ctx): void {
    let openBody = false;
    const kids = childNodes(table);
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i] as Node;
      const isRow = k.nodeType === ELEMENT && (k as El).localName.toLowerCase() === 'tr';
      if (isRow && !openBody) {
        this.parts.push('<tbody>');
        openBody = true;
      } else if (!isRow && openBody && k.nodeType === ELEMENT) {
        this.parts.push('</tbody>');
        openBody = false;
      }
      this.node(k, openBody ? { ...ctx, parent: 'tbody' } : ctx, i === 0);
    }
    if (openBody) this.parts.push('</tbody>');
  }

  inTableContext(ctx: Ctx, html: string): void {
    const wrap = /^(table|thead|tbody|tfoot|tr|colgroup)$/.test(ctx.parent);
    this.parts.push(wrap ? wrapOpen(ctx.parent) + html + wrapClose(ctx.parent) : html);
  }
}

function tableChildAllowed(parent: string, tag: string): boolean {
  if (parent === 'table')
    return (
      TABLE_SECTIONS.has(tag) || tag === 'tr' || tag === 'caption' || tag === 'colgroup' || tag === 'col'
    );
  if (parent === 'tr') return tag === 'td' || tag === 'th';
  return tag === 'tr';
}

function wrapOpen(parent: string): string {
  if (parent === 'tr') return '<td>';
  if (parent === 'table' || parent === 'colgroup') return '<tbody><tr><td>';
  return '<tr><td>';
}

function wrapClose(parent: string): string {
  if (parent === 'tr') return '</td>';
  if (parent === 'table' || parent === 'colgroup') return '</td></tr></tbody>';
  return '</td></tr>';
}

/** Sanitises an HTML fragment (or document: its <body> is used). */
export function sanitizeHtml(html: string, opts: SanitizeOptions = {}): string {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  const body = document.body as unknown as Node;
  const w = new Writer(opts.baseUrl ?? null);
  w.children(body, { inA: false, inHeading: false, inPre: false, parent: 'body' });
  return w.html().trim();
}
