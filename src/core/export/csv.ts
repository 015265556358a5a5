import type { Annotation, ArticleSummary } from '../../shared/schemas.js';

/** RFC 4180 quoting; formula-looking cells get a leading apostrophe so spreadsheets never execute them. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  'annotation_id',
  'article_id',
  'article_title',
  'article_url',
  'quote',
  'note',
  'color',
  'tags',
  'status',
  'start',
  'end',
  'created_at',
  'updated_at',
] as const;

/** UTF-8 with a BOM so Excel shows Vietnamese correctly; CRLF line ends as RFC 4180 says. */
export function annotationsToCsv(annotations: Annotation[], articles: Map<number, ArticleSummary>): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const a of annotations) {
    const article = articles.get(a.article_id);
    rows.push(
      [
        a.id,
        a.article_id,
        article?.title ?? null,
        article?.url ?? null,
        a.exact,
        a.note,
        a.color,
        a.tags.join('; '),
        a.status,
        a.start,
        a.end,
        a.created_at,
        a.updated_at,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return '\uFEFF' + rows.join('\r\n') + '\r\n';
}
