import { readFileSync } from 'node:fs';
import { tempArchive } from '../helpers/archive.js';
import { FIXTURES_DIR, REFERENCE_ARTICLE } from '../helpers/paths.js';
import { makePng } from '../capture/fixture-server.js';
import type { Annotation, ArticleSummary } from '../../src/shared/schemas.js';

/**
 * The archive every export test reads: a Vietnamese news article (the reference nhandan.vn text) and an
 * English one (tests/fixtures/capture), saved as HTML pages with real images (PNG, GIF, and a BMP, which
 * EPUB cannot carry), tags with spaces, nesting and digits, and highlights with Markdown notes, tags,
 * every colour, a hostile note, a formula-looking note and an orphan.
 */

export type ExportArchive = Awaited<ReturnType<typeof tempArchive>>;

export interface Fixture {
  t: ExportArchive;
  vi: ArticleSummary;
  en: ArticleSummary;
  highlights: Annotation[];
}

/** A one-frame 2x2 GIF89a: real bytes for capture's magic-byte check. */
export const GIF = Buffer.from('R0lGODlhAgACAPAAAP8AAAAAACH5BAAAAAAALAAAAAACAAIAAAIChFEAOw==', 'base64');

/** A 2x1 24-bit BMP (BITMAPINFOHEADER): an image type EPUB readers need not support. */
export function makeBmp(): Buffer {
  const pixels = Buffer.from([0, 0, 255, 0, 255, 0, 0, 0]); // two pixels + row padding to 4 bytes
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(2, 18);
  header.writeInt32LE(1, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([header, pixels]);
}

const dataUrl = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`;

function paragraphs(lines: string[]): string {
  return lines.map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n');
}

export const EN_TITLE = 'The Quiet Return of the River Ferries: "Float, don\'t sit" & <more>';
export const VI_TITLE = 'Lấy sự hài lòng của người dân là trọng tâm của công tác dân vận';

function viPage(): string {
  const lines = readFileSync(REFERENCE_ARTICLE, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 40);
  const png = makePng(24, 16, [200, 30, 30]);
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${VI_TITLE}</title>
<meta name="author" content="Thu Hằng"></head><body><article><h1>${VI_TITLE}</h1>
${paragraphs(lines.slice(0, 2))}
<figure><img src="${dataUrl('image/png', png)}" alt="Đồng chí Trương Thị Mai phát biểu"><figcaption>Đồng chí Trương Thị Mai phát biểu chỉ đạo tại buổi làm việc</figcaption></figure>
${paragraphs(lines.slice(2))}
<p><img src="${dataUrl('image/bmp', makeBmp())}" alt="Bản đồ tỉnh Bến Tre"></p>
<script>document.title = 'hacked'</script>
</article></body></html>`;
}

function enPage(): string {
  const lines = readFileSync(`${FIXTURES_DIR}/capture/english-article.txt`, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 40);
  const png = makePng(32, 20, [30, 90, 200]);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${EN_TITLE.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</title></head>
<body><article><h1>${EN_TITLE.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</h1>
<p><img src="${dataUrl('image/png', png)}" alt="A ferry crosses the harbour at dawn" onerror="alert(1)"></p>
${paragraphs(lines.slice(0, 3))}
<table><tr><th>Route</th><th>Minutes</th></tr><tr><td>North quay</td><td>12</td></tr></table>
<p>Timetable: <img src="${dataUrl('image/gif', GIF)}" alt="clock"> every <b>twelve</b> minutes<br>from dawn.</p>
${paragraphs(lines.slice(3))}
</article></body></html>`;
}

/** A fresh archive with both articles and their highlights. */
export async function buildFixture(): Promise<Fixture> {
  const t = await tempArchive();
  const vi = (
    await t.call('articles.add', {
      source: 'text',
      name: 'nhandan.html',
      text: viPage(),
      url: 'https://nhandan.vn/lay-su-hai-long-cua-nguoi-dan-la-trong-tam-post123.html',
      tags: ['dân vận', 'chính trị/địa phương'],
    })
  ).article;
  const en = (
    await t.call('articles.add', {
      source: 'text',
      name: 'ferries.html',
      text: enPage(),
      url: 'https://example.com/news/ferries?route=north&day=(mon)',
      tags: ['transport', '2024'],
    })
  ).article;
  const viText = (await t.call('articles.get', { id: vi.id })).content_text;
  const enText = (await t.call('articles.get', { id: en.id })).content_text;
  /** Offsets of the first `length` characters from `from` (a quote may occur more than once). */
  const span = (text: string, from: string, length: number) => {
    const start = text.indexOf(from);
    if (start < 0) throw new Error(`fixture text has no "${from}"`);
    return { start, end: start + length };
  };
  const created: Annotation[] = [];
  created.push(
    await t.call('annotations.create', {
      article_id: vi.id,
      ...span(viText, 'Năm dân vận chính quyền', 23),
      color: 'yellow',
      note: 'Ý chính: **dân vận** là trọng tâm.\n\nXem thêm <script>alert("x")</script> [nguồn](https://nhandan.vn/)',
      tags: ['quan trọng', 'ghi-chú'],
    }),
    await t.call('annotations.create', {
      article_id: vi.id,
      ...span(viText, 'Trương Thị Mai', 14),
      color: 'green',
    }),
    await t.call('annotations.create', {
      article_id: en.id,
      ...span(enText, 'the small ferries', 60),
      color: 'blue',
      note: '=SUM(A1:A2) looks like a formula, "quoted", with, commas',
      tags: ['cities'],
    }),
    await t.call('annotations.create', {
      article_id: en.id,
      ...span(enText, 'City officials', 40),
      color: 'purple',
      note: 'Check the *spring* dates.',
    }),
  );
  return { t, vi, en, highlights: created };
}
