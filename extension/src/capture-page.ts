import { rangeToTextOffsets, textFromDom } from '../../src/shared/text-model.js';
import type { PageSelection } from '../../src/shared/connector-protocol.js';

/**
 * Runs inside the page (content script, bookmarklet): the page as the browser rendered it, after its
 * scripts ran, plus the selection as Kho's TextQuoteSelector. The selection's text and context come from
 * Kho's own text model (src/shared/text-model.ts) over the live DOM, so they read like the article text
 * Kho derives from the same HTML.
 */

export interface CapturedPage {
  url: string;
  title: string;
  /** The serialised DOM: document.documentElement.outerHTML after scripts ran, scripts left out. */
  html: string;
  selection: PageSelection | null;
}

/** Characters of context on each side; Kho's annotations keep 32 (src/core/annotations/describe.ts). */
const CONTEXT = 32;

const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;

export function capturePage(doc: Document, win: Window): CapturedPage {
  return {
    url: doc.location?.href ?? doc.URL,
    title: doc.title,
    html: serializeDocument(doc),
    selection: selectionSelectors(doc, win.getSelection()),
  };
}

/**
 * The rendered DOM as HTML. A clone is changed, never the page: scripts are dropped (Kho would strip them
 * and they can be large), and each image's src becomes the absolute address the browser actually loaded
 * (lazy loaders and srcset choices have run by now), so Kho downloads the picture the reader saw.
 */
export function serializeDocument(doc: Document): string {
  const root = doc.documentElement.cloneNode(true) as HTMLElement;
  const originals = Array.from(doc.documentElement.querySelectorAll('img'));
  const copies = Array.from(root.querySelectorAll('img'));
  originals.forEach((img, i) => {
    const copy = copies[i];
    const loaded = img.currentSrc || img.src;
    if (copy && /^https?:/i.test(loaded)) copy.setAttribute('src', loaded);
  });
  for (const el of Array.from(root.querySelectorAll('script'))) el.remove();
  const doctype = doc.doctype ? `<!DOCTYPE ${doc.doctype.name}>` : '<!DOCTYPE html>';
  return `${doctype}\n${root.outerHTML}`;
}

/** The selection as exact text with 32 characters of context, or null when nothing is selected. */
export function selectionSelectors(doc: Document, selection: Selection | null): PageSelection | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed || !doc.body) return null;
  const range = selection.getRangeAt(0);
  if (!doc.body.contains(range.commonAncestorContainer)) return null;
  const model = textFromDom(doc.body);
  let { start, end } = rangeToTextOffsets(model, range);
  const text = model.text;
  if (end <= start) return null;
  if (isLow(text.charCodeAt(start))) start--;
  if (end < text.length && isLow(text.charCodeAt(end))) end++;
  let from = Math.max(0, start - CONTEXT);
  if (from > 0 && isLow(text.charCodeAt(from))) from++;
  let to = Math.min(text.length, end + CONTEXT);
  if (to < text.length && isHigh(text.charCodeAt(to - 1))) to--;
  const exact = text.slice(start, end).normalize('NFC');
  if (!exact.trim()) return null;
  return {
    exact,
    prefix: text.slice(from, start).normalize('NFC'),
    suffix: text.slice(end, to).normalize('NFC'),
  };
}
