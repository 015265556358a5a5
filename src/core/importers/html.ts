import { parseHTML } from 'linkedom';

/** HTML exports (Pocket's ril_export.html, Netscape bookmark files) parsed with linkedom. */
export function parseHtmlDocument(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

/**
 * An attribute by name, case-insensitively: linkedom keeps attribute names as written, and
 * bookmark files write HREF and ADD_DATE in capitals.
 */
export function attr(el: Element, name: string): string | null {
  const direct = el.getAttribute(name);
  if (direct !== null) return direct;
  const lower = name.toLowerCase();
  for (const a of Array.from(el.attributes)) if (a.name.toLowerCase() === lower) return a.value;
  return null;
}
