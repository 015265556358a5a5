import type { Annotation, ArticleSummary } from '../../shared/schemas.js';

/** One selected article as every format sees it: its metadata, its highlights in reading order, its text. */
export interface ExportDoc {
  article: ArticleSummary;
  annotations: Annotation[];
  /** content_text, for JSON-LD: W3C positions count code points, Kho stores UTF-16 offsets. */
  text?: string;
}

/** A finished single-file export. */
export interface ExportFile {
  filename: string;
  mime: string;
  encoding: 'utf8' | 'base64';
  content: string;
}

/** "2024-05-01" of an export's time, for file names that never overwrite a different day's export. */
export function dayStamp(now: Date): string {
  return now.toISOString().slice(0, 10);
}
