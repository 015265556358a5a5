import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runKho, runKhoJson } from '../helpers/cli.js';
import { makeTempDir, REFERENCE_ARTICLE } from '../helpers/paths.js';
import type { Annotation, ArticleSummary } from '../../src/shared/schemas.js';

let tmp: ReturnType<typeof makeTempDir>;
let d: string[];
let id: string;
const QUOTE =
  'luôn luôn lấy cuộc sống của người dân, sự hài lòng của người dân là trọng tâm của công tác dân vận';

beforeAll(async () => {
  tmp = makeTempDir('kho-annot-');
  d = ['--data', path.join(tmp.dir, 'archive')];
  id = String((await runKhoJson<ArticleSummary>(['add', REFERENCE_ARTICLE, ...d])).id);
});
afterAll(() => tmp.cleanup());

describe('highlights from the command line', () => {
  it('an ambiguous quote is refused with how to disambiguate; context picks one', async () => {
    const r = await runKho(['annotate', id, '--quote', 'người dân', ...d]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/occurs \d+ times.*--prefix\/--suffix/);
    const a = await runKhoJson<Annotation>([
      'annotate',
      id,
      '--quote',
      'người dân',
      '--suffix',
      ', sự hài lòng',
      ...d,
    ]);
    const text = (await runKho(['show', id, '--text', ...d])).stdout;
    expect(text.slice(a.start!, a.end!)).toBe('người dân');
    expect(text.slice(a.end!, a.end! + 13)).toBe(', sự hài lòng');
    expect(text.slice(a.start! - 14, a.start!)).toBe('cuộc sống của ');
  });

  it('annotate prints the W3C selectors as offsets into show --text, with note and colour', async () => {
    const a = await runKhoJson<Annotation>([
      'annotate',
      id,
      '--quote',
      QUOTE,
      '--note',
      'Ý chính của bài',
      '--color',
      'green',
      ...d,
    ]);
    const text = (await runKho(['show', id, '--text', ...d])).stdout;
    expect(text.slice(a.start!, a.end!)).toBe(QUOTE);
    expect(a.prefix).toBe(text.slice(a.start! - a.prefix.length, a.start!));
    expect(a.suffix).toBe(text.slice(a.end!, a.end! + a.suffix.length));
    expect(a).toMatchObject({
      article_id: Number(id),
      status: 'anchored',
      color: 'green',
      note: 'Ý chính của bài',
    });
    for (const f of ['id', 'exact', 'tags', 'created_at', 'updated_at']) expect(a).toHaveProperty(f);
  });

  it('note, search over notes, and unannotate', async () => {
    const list = await runKhoJson<Annotation[]>(['annotations', id, ...d]);
    const target = list.find((a) => a.exact === QUOTE)!;
    expect(
      (await runKhoJson<Annotation>(['note', String(target.id), 'Thước đo sự hài lòng', ...d])).note,
    ).toBe('Thước đo sự hài lòng');
    const hits = await runKhoJson<Array<{ id: number }>>(['search', 'thuoc do', ...d]);
    expect(hits.map((h) => h.id)).toContain(Number(id));
    const other = list.find((a) => a.exact === 'người dân')!;
    expect((await runKho(['unannotate', String(other.id), ...d])).code).toBe(0);
    expect((await runKhoJson<Annotation[]>(['annotations', id, ...d])).map((a) => a.id)).not.toContain(
      other.id,
    );
    expect((await runKho(['unannotate', String(other.id), ...d])).code).toBe(3);
  });

  it('kho update re-anchors when text moves and keeps an orphan when the passage is deleted', async () => {
    const original = readFileSync(REFERENCE_ARTICLE, 'utf8');
    const insertAt = original.indexOf('Tại buổi làm việc, thay mặt');
    const moved = path.join(tmp.dir, 'moved.txt');
    writeFileSync(
      moved,
      original.slice(0, insertAt) +
        'Đây là một đoạn mở đầu mới được thêm vào bài.\n\n' +
        original.slice(insertAt),
    );
    const before = (await runKhoJson<Annotation[]>(['annotations', id, ...d]))[0]!;
    const r1 = await runKhoJson<{ annotations: { anchored: number; orphaned: number } }>([
      'update',
      id,
      '--file',
      moved,
      ...d,
    ]);
    expect(r1.annotations).toEqual({ anchored: 1, orphaned: 0 });
    const after = (await runKhoJson<Annotation[]>(['annotations', id, ...d]))[0]!;
    expect(after.start).toBeGreaterThan(before.start!);
    expect((await runKho(['show', id, '--text', ...d])).stdout.slice(after.start!, after.end!)).toBe(QUOTE);

    const paragraph = original.split('\n').find((l) => l.includes('luôn luôn lấy cuộc sống'))!;
    const removed = path.join(tmp.dir, 'removed.txt');
    writeFileSync(removed, original.replace(paragraph, ''));
    const r2 = await runKhoJson<{ annotations: { anchored: number; orphaned: number } }>([
      'update',
      id,
      '--file',
      removed,
      ...d,
    ]);
    expect(r2.annotations).toEqual({ anchored: 0, orphaned: 1 });
    const orphan = (await runKhoJson<Annotation[]>(['annotations', id, ...d]))[0]!;
    expect(orphan).toMatchObject({
      status: 'orphan',
      exact: QUOTE,
      start: null,
      end: null,
      note: 'Thước đo sự hài lòng',
    });
    expect((await runKho(['annotations', id, ...d])).stdout).toContain('orphan');
  });

  it('exports W3C JSON-LD, Markdown and CSV', async () => {
    const jsonld = JSON.parse((await runKho(['export', '--format', 'jsonld', ...d])).stdout) as {
      '@context': string;
      type: string;
      first: { items: Array<{ type: string; target: { selector: Array<{ type: string }> } }> };
    };
    expect(jsonld['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(jsonld.type).toBe('AnnotationCollection');
    expect(jsonld.first.items[0]!.type).toBe('Annotation');
    expect(jsonld.first.items[0]!.target.selector.map((s) => s.type)).toContain('TextQuoteSelector');
    const md = (await runKho(['export', '--format', 'markdown', '--article', id, ...d])).stdout;
    expect(md).toContain(`> ${QUOTE}`);
    const out = path.join(tmp.dir, 'notes.csv');
    expect((await runKho(['export', '--format', 'csv', '--out', out, ...d])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('Thước đo sự hài lòng');
  });
});
