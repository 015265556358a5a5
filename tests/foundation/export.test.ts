import { describe, expect, it } from 'vitest';
import { annotationsToCsv, csvCell } from '../../src/core/export/csv.js';
import { annotationsToMarkdown, obsidianTag } from '../../src/core/export/markdown.js';
import type { Annotation, ArticleSummary } from '../../src/shared/schemas.js';

const article: ArticleSummary = {
  id: 7,
  title: 'Lấy sự hài lòng: "dân vận"',
  url: 'https://nhandan.vn/bai',
  site: 'nhandan.com.vn',
  lang: 'vi',
  byline: null,
  excerpt: null,
  lead_image: null,
  published_at: '2022-01-28',
  saved_at: '2026-11-28T04:00:00.000Z',
  updated_at: '2026-11-28T04:00:00.000Z',
  status: 'unread',
  favorite: false,
  reading_progress: 0,
  word_count: 600,
  reading_minutes: 3,
  tags: ['chính trị/địa phương'],
  annotation_count: 2,
  deleted_at: null,
  fetch_state: null,
  fetch_error: null,
};

const base: Annotation = {
  id: 1,
  article_id: 7,
  exact: 'sự hài lòng của người dân',
  prefix: 'lấy ',
  suffix: ' là trọng tâm',
  start: 10,
  end: 35,
  status: 'anchored',
  color: 'green',
  note: 'Ý chính, "quan trọng"',
  tags: ['ý chính'],
  created_at: '2026-11-28T04:00:00.000Z',
  updated_at: '2026-11-28T04:00:00.000Z',
};
const orphan: Annotation = {
  ...base,
  id: 2,
  exact: '=SUM(A1)',
  note: null,
  status: 'orphan',
  start: null,
  end: null,
  tags: [],
};

describe('Markdown export', () => {
  it('writes front matter, quotes, notes, Obsidian tags and marks orphans', () => {
    const md = annotationsToMarkdown([base, orphan], new Map([[7, article]]));
    expect(md).toMatch(/^---\ntitle: "Lấy sự hài lòng: \\"dân vận\\""\nsource: "https:\/\/nhandan.vn\/bai"/);
    expect(md).toContain('> sự hài lòng của người dân\n');
    expect(md).toContain('Ý chính, "quan trọng"');
    expect(md).toContain('#highlight-green #ý-chính');
    expect(md).toContain('no longer in the article');
    expect(obsidianTag('chính trị/địa phương')).toBe('#chính-trị/địa-phương');
  });
});

describe('CSV export', () => {
  it('quotes cells, neutralises formulas, starts with a BOM and uses CRLF', () => {
    const csv = annotationsToCsv([base, orphan], new Map([[7, article]]));
    expect(csv.startsWith('\uFEFFannotation_id,article_id,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4); // header, 2 rows, trailing empty
    expect(lines[1]).toContain('"Lấy sự hài lòng: ""dân vận"""');
    expect(lines[2]).toContain("'=SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
  });
});
