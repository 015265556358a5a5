import { parseHTML } from 'linkedom';

/**
 * linkedom documents, made usable by Readability and friends: linkedom has no baseURI/documentURI,
 * which Readability needs to make relative links absolute.
 */
export function parseDocument(html: string, pageUrl: string | null): Document {
  const { document } = parseHTML(html);
  const doc = document as unknown as Document;
  // Documents with no <html> (fragments) still need documentElement/body for Readability.
  if (!doc.documentElement || !doc.body) {
    return parseDocument(`<!doctype html><html><head></head><body>${html}</body></html>`, pageUrl);
  }
  const base = resolveBase(doc, pageUrl);
  if (base) {
    Object.defineProperty(doc, 'baseURI', { value: base, configurable: true });
    Object.defineProperty(doc, 'documentURI', { value: pageUrl ?? base, configurable: true });
  }
  return doc;
}

/** The document's base URL: <base href> resolved against the page URL, else the page URL. */
export function resolveBase(doc: Document, pageUrl: string | null): string | null {
  const href = doc.querySelector('base[href]')?.getAttribute('href');
  if (href) {
    try {
      const base = new URL(href, pageUrl ?? undefined);
      if (base.protocol === 'http:' || base.protocol === 'https:' || base.protocol === 'file:')
        return base.href;
    } catch {
      // A broken <base> is ignored, as browsers do.
    }
  }
  return pageUrl;
}

/** Absolute URL or null (bad syntax, or no base for a relative reference). */
export function absoluteUrl(ref: string | null | undefined, base: string | null): string | null {
  const r = ref?.trim();
  if (!r) return null;
  try {
    return new URL(r, base ?? undefined).href;
  } catch {
    return null;
  }
}
