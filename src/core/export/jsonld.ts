/**
 * W3C Web Annotation Data Model (JSON-LD) export: one Annotation per highlight, an AnnotationCollection
 * with one embedded AnnotationPage for a whole export. Checked against the W3C test suite's MUST
 * assertions in tests/annotations/w3c-jsonld.test.ts.
 */
import { utf16ToCodePointOffset } from '../annotations/offsets.js';
import type { AnnotationRecord, ArticleRef, HighlightColor } from '../annotations/types.js';
import { asIri, toIsoTimestamp } from './jsonld-values.js';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** Highlight colours travel as CSS classes on the target with one stylesheet (model 4.4). */
const COLOR_CSS: Record<HighlightColor, string> = {
  yellow: '#fde68a',
  green: '#bbf7d0',
  blue: '#bfdbfe',
  pink: '#fbcfe8',
  purple: '#ddd6fe',
};

export interface W3CAgent {
  id?: string;
  type?: 'Person' | 'Organization' | 'Software';
  name?: string;
}

export interface JsonLdOptions {
  creator?: W3CAgent;
  /**
   * The article's content_text. W3C positions count code points while Kho stores UTF-16 offsets; with the
   * text they are converted exactly. Without it they are exported as stored, which differs only for text
   * with characters outside the BMP (emoji) before the highlight.
   */
  text?: string;
  /** Omit the JSON-LD @context (for annotations embedded in a collection that already has it). */
  embedded?: boolean;
}

export function annotationIri(id: number): string {
  return `urn:kho:annotation:${id}`;
}

export function articleIri(article: ArticleRef): string {
  return (article.url && asIri(article.url)) || `urn:kho:article:${article.id}`;
}

export function toW3CAnnotation(
  a: AnnotationRecord,
  article: ArticleRef,
  opts: JsonLdOptions = {},
): Record<string, unknown> {
  const bodies: Record<string, unknown>[] = [];
  if (a.note && a.note.trim() !== '') {
    bodies.push({ type: 'TextualBody', value: a.note, format: 'text/markdown', purpose: 'commenting' });
  }
  for (const tag of a.tags) bodies.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
  const motivation = bodies.length === 0 ? 'highlighting' : a.note?.trim() ? 'commenting' : 'tagging';

  const selector: Record<string, unknown>[] = [
    { type: 'TextQuoteSelector', exact: a.exact, prefix: a.prefix, suffix: a.suffix },
  ];
  // An orphan's old offsets no longer point at its quote: export only what still describes it.
  if (a.status === 'anchored' && a.start !== null && a.end !== null) {
    const pos = (o: number): number => (opts.text === undefined ? o : utf16ToCodePointOffset(opts.text, o));
    selector.push({ type: 'TextPositionSelector', start: pos(a.start), end: pos(a.end) });
  }

  const out: Record<string, unknown> = {};
  if (!opts.embedded) out['@context'] = ANNO_CONTEXT;
  out.id = annotationIri(a.id);
  out.type = 'Annotation';
  out.motivation = motivation;
  out.created = toIsoTimestamp(a.createdAt);
  out.modified = toIsoTimestamp(a.updatedAt);
  if (opts.creator) out.creator = { type: 'Person', ...opts.creator };
  if (bodies.length === 1) out.body = bodies[0];
  else if (bodies.length > 1) out.body = bodies;
  out.target = {
    source: articleIri(article),
    selector,
    styleClass: `kho-${a.color}`,
  };
  out.stylesheet = {
    type: 'CssStylesheet',
    value: `.kho-${a.color} { background-color: ${COLOR_CSS[a.color]}; }`,
  };
  return out;
}

export interface CollectionItem {
  record: AnnotationRecord;
  article: ArticleRef;
  text?: string;
}

export function toAnnotationCollection(
  items: readonly CollectionItem[],
  meta: { id: string; label: string; creator?: W3CAgent },
): Record<string, unknown> {
  const annotations = items.map(({ record, article, text }) => {
    const opts: JsonLdOptions = { embedded: true };
    if (text !== undefined) opts.text = text;
    if (meta.creator) opts.creator = meta.creator;
    return toW3CAnnotation(record, article, opts);
  });
  return {
    '@context': ANNO_CONTEXT,
    id: meta.id,
    type: 'AnnotationCollection',
    label: meta.label,
    total: annotations.length,
    // One embedded page. No partOf: it sits inside its collection (and the W3C suite's page schemas
    // accept partOf only as an embedded collection object).
    first: {
      id: `${meta.id}:page:0`,
      type: 'AnnotationPage',
      startIndex: 0,
      items: annotations,
    },
  };
}
