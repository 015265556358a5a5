/** Shapes shared by the annotation engine, the repository and the exporters. Offsets are UTF-16 code units into NFC text. */

export type HighlightColor = 'yellow' | 'green' | 'blue' | 'pink' | 'purple';
export type AnnotationStatus = 'anchored' | 'orphan';

/** W3C TextQuoteSelector + TextPositionSelector, as stored per annotation. */
export interface Selectors {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

/** What anchoring needs; everything but `exact` is optional (imports often carry only a quote). */
export interface AnchorSelectors {
  exact: string;
  prefix?: string | null;
  suffix?: string | null;
  start?: number | null;
  end?: number | null;
}

export interface TextRange {
  start: number;
  end: number;
}

/** An annotation as the repository hands it to the exporters (camelCase domain record). */
export interface AnnotationRecord {
  id: number;
  articleId: number;
  exact: string;
  prefix: string;
  suffix: string;
  start: number | null;
  end: number | null;
  status: AnnotationStatus;
  color: HighlightColor;
  note: string | null;
  tags: string[];
  /** ISO 8601 (the archive stores UTC with milliseconds). */
  createdAt: string;
  updatedAt: string;
}

export interface ArticleRef {
  id: number;
  url: string | null;
  title: string;
}
