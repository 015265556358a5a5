import { toAnnotationCollection } from './jsonld.js';
import { annotationsToMarkdown } from './markdown.js';
import { annotationsToCsv } from './csv.js';
import { dayStamp, type ExportDoc, type ExportFile } from './types.js';

/** The notes formats that existed first: Markdown notes, W3C JSON-LD and Kho's own CSV. */
export function notesFile(format: 'md' | 'jsonld' | 'csv', docs: ExportDoc[], now = new Date()): ExportFile {
  const stamp = dayStamp(now);
  const annotations = docs.flatMap((d) => d.annotations);
  const byId = new Map(docs.map((d) => [d.article.id, d.article]));
  switch (format) {
    case 'jsonld': {
      const collection = toAnnotationCollection(
        docs.flatMap(({ article, annotations: list, text }) =>
          list.map((a) => ({
            record: {
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
            },
            article: { id: article.id, url: article.url, title: article.title },
            ...(text !== undefined ? { text } : {}),
          })),
        ),
        { id: `urn:kho:export:${now.getTime()}`, label: `Kho annotations ${stamp}` },
      );
      return {
        filename: `kho-annotations-${stamp}.jsonld`,
        mime: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        encoding: 'utf8',
        content: JSON.stringify(collection, null, 2) + '\n',
      };
    }
    case 'md':
      return {
        filename: `kho-notes-${stamp}.md`,
        mime: 'text/markdown; charset=utf-8',
        encoding: 'utf8',
        content: annotationsToMarkdown(annotations, byId),
      };
    case 'csv':
      return {
        filename: `kho-annotations-${stamp}.csv`,
        mime: 'text/csv; charset=utf-8',
        encoding: 'utf8',
        content: annotationsToCsv(annotations, byId),
      };
  }
}
