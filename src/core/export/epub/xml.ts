import {
  DOMImplementation,
  XMLSerializer,
  type Document as XmlDocument,
  type Element as XmlElement,
} from '@xmldom/xmldom';

/** Building XML documents with a real DOM and serialiser, so escaping and well-formedness are not ours to get right. */

export const XHTML_NS = 'http://www.w3.org/1999/xhtml';
export const EPUB_NS = 'http://www.idpf.org/2007/ops';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const OPF_NS = 'http://www.idpf.org/2007/opf';
export const DC_NS = 'http://purl.org/dc/elements/1.1/';
export const CONTAINER_NS = 'urn:oasis:names:tc:opendocument:xmlns:container';

export type { XmlDocument, XmlElement };

/** Characters XML 1.0 cannot carry (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF), dropped. */
export function xmlChars(s: string): string {
  return s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

export function createXmlDocument(ns: string, root: string, withHtmlDoctype = false): XmlDocument {
  const impl = new DOMImplementation();
  return impl.createDocument(ns, root, withHtmlDoctype ? impl.createDocumentType('html', '', '') : null);
}

/** An element in the document's namespace with attributes and children (strings become text). */
export function el(
  doc: XmlDocument,
  name: string,
  attrs: Record<string, string | null | undefined> = {},
  children: Array<XmlElement | string | null> = [],
  ns: string | null = doc.documentElement?.namespaceURI ?? null,
): XmlElement {
  const e = doc.createElementNS(ns, name);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (k === 'xml:lang') e.setAttributeNS(XML_NS, k, v);
    else if (k.startsWith('epub:')) e.setAttributeNS(EPUB_NS, k, v);
    else e.setAttribute(k, xmlChars(v));
  }
  for (const c of children) {
    if (c === null) continue;
    e.appendChild(typeof c === 'string' ? doc.createTextNode(xmlChars(c)) : c);
  }
  return e;
}

/** The document as UTF-8 XML text with its declaration; throws rather than write ill-formed XML. */
export function serializeXml(doc: XmlDocument): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    new XMLSerializer().serializeToString(doc, { requireWellFormed: true }) +
    '\n'
  );
}
