import { parseHTML } from 'linkedom';
import { KEEP, KHO_ASSET_RE } from '../../capture/sanitize.js';
import { el, xmlChars, XML_NS, type XmlDocument, type XmlElement } from './xml.js';

/**
 * Stored article HTML (already through capture's allowlist sanitiser) into XHTML nodes: parsed by an HTML
 * parser (linkedom, as capture does), rebuilt element by element in an XML DOM, so the serialiser writes
 * well-formed XML (closed void elements, escaped text and attributes). Elements EPUB readers do not know
 * are unwrapped, attributes are kept from a list, images are pointed at the package's copies.
 */

/** Stored articles hold only what capture keeps, and EPUB readers know all of it. */
const ELEMENTS: ReadonlySet<string> = KEEP;

const GLOBAL_ATTRS = new Set(['title', 'lang', 'dir', 'class']);
const ELEMENT_ATTRS: Record<string, readonly string[]> = {
  a: ['href'],
  img: ['alt', 'width', 'height'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  col: ['span'],
  colgroup: ['span'],
  ol: ['start', 'reversed', 'type'],
  time: ['datetime'],
  q: ['cite'],
  blockquote: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  details: ['open'],
};

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

export interface XhtmlOptions {
  /** The package path of an archived image (`kho-asset:<sha256>`), or null when it cannot be shipped. */
  image(sha256: string): string | null;
}

function copyAttributes(from: Element, to: XmlElement, tag: string): void {
  const allowed = ELEMENT_ATTRS[tag] ?? [];
  for (const attr of Array.from(from.attributes)) {
    const name = attr.name.toLowerCase();
    if (!GLOBAL_ATTRS.has(name) && !allowed.includes(name)) continue;
    if (name === 'href' && !/^(https?|mailto):/i.test(attr.value)) continue;
    to.setAttribute(name, xmlChars(attr.value));
    if (name === 'lang') to.setAttributeNS(XML_NS, 'xml:lang', xmlChars(attr.value));
  }
}

function convert(doc: XmlDocument, node: Node, parent: XmlElement, opts: XhtmlOptions): void {
  if (node.nodeType === TEXT_NODE) {
    const text = xmlChars(node.textContent ?? '');
    if (text) parent.appendChild(doc.createTextNode(text));
    return;
  }
  if (node.nodeType !== ELEMENT_NODE) return; // comments and the like carry nothing for a reader
  const source = node as Element;
  const tag = source.localName.toLowerCase();
  if (!ELEMENTS.has(tag)) {
    for (const child of Array.from(source.childNodes)) convert(doc, child, parent, opts);
    return;
  }
  if (tag === 'img') {
    const src = source.getAttribute('src') ?? '';
    const target = KHO_ASSET_RE.test(src) ? opts.image(src.slice('kho-asset:'.length)) : null;
    if (!target) {
      // An image that cannot travel leaves its description, as capture's placeholder does.
      const alt = source.getAttribute('alt')?.trim();
      if (alt) parent.appendChild(el(doc, 'span', { class: 'kho-img-missing' }, [alt]));
      return;
    }
    const img = el(doc, 'img', { src: target });
    copyAttributes(source, img, tag);
    if (!img.hasAttribute('alt')) img.setAttribute('alt', '');
    parent.appendChild(img);
    return;
  }
  if (tag === 'span' && /\bkho-img-missing\b/.test(source.getAttribute('class') ?? '')) {
    // A stored placeholder is empty (the reader draws its words): an e-book shows its description.
    const alt = source.getAttribute('aria-label')?.trim();
    if (alt) parent.appendChild(el(doc, 'span', { class: 'kho-img-missing' }, [alt]));
    return;
  }
  const out = el(doc, tag);
  copyAttributes(source, out, tag);
  for (const child of Array.from(source.childNodes)) convert(doc, child, out, opts);
  parent.appendChild(out);
}

/** Appends the article HTML's content to `parent`. */
export function appendHtml(doc: XmlDocument, parent: XmlElement, html: string, opts: XhtmlOptions): void {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  for (const child of Array.from(document.body.childNodes))
    convert(doc, child as unknown as Node, parent, opts);
}
