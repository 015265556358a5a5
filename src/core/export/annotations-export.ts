import type { Annotation, ArticleSummary } from '../../shared/schemas.js';
import { toAnnotationCollection } from './jsonld.js';
import { annotationsToMarkdown } from './markdown.js';
import { annotationsToCsv } from './csv.js';

export interface ExportFile {
  filename: string;
  mime: string;
  content: string;
}

/** One entry point for every notes format; the filename carries the date so exports never overwrite. */
export function exportAnnotations(
  format: 'jsonld' | 'markdown' | 'csv',
  annotations: Annotation[],
  articles: ArticleSummary[],
  /** Each article's content_text: W3C positions count code points, Kho stores UTF-16 offsets. */
  texts: Map<number, string> = new Map(),
  now = new Date(),
): ExportFile {
  const stamp = now.toISOString().slice(0, 10);
  const byId = new Map(articles.map((a) => [a.id, a]));
  switch (format) {
    case 'jsonld': {
      const records = annotations.map((a) => ({
        id: a.id,
        articleId: a.article_id,
        exact: a.exact,
        prefix: a.prefix,
        suffix: a.suffix,
        start: a.start,
        end: a.end,
        status: a.status,
        color: a.color,
        note: a.note,
        tags: a.tags,
        createdAt: a.created_at,
        updatedAt: a.updated_at,
      }));
      const refs = new Map(articles.map((a) => [a.id, { id: a.id, url: a.url, title: a.title }]));
      const collection = toAnnotationCollection(
        records.map((r) => {
          const text = texts.get(r.articleId);
          return { record: r, article: refs.get(r.articleId)!, ...(text !== undefined ? { text } : {}) };
        }),
        { id: `urn:kho:export:${now.getTime()}`, label: `Kho annotations ${stamp}` },
      );
      return {
        filename: `kho-annotations-${stamp}.jsonld`,
        mime: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        content: JSON.stringify(collection, null, 2) + '\n',
      };
    }
    case 'markdown':
      return {
        filename: `kho-notes-${stamp}.md`,
        mime: 'text/markdown; charset=utf-8',
        content: annotationsToMarkdown(annotations, byId),
      };
    case 'csv':
      return {
        filename: `kho-annotations-${stamp}.csv`,
        mime: 'text/csv; charset=utf-8',
        content: annotationsToCsv(annotations, byId),
      };
  }
}
