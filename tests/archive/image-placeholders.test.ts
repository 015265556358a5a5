import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/core/archive.js';
import { textFromHtml } from '../../src/core/capture/index.js';
import { migrations } from '../../src/core/db/migrations/index.js';
import { appendHtml } from '../../src/core/export/epub/xhtml.js';
import { createXmlDocument, serializeXml, XHTML_NS } from '../../src/core/export/epub/xml.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { makeTempDir } from '../helpers/paths.js';

/**
 * Migration 007 takes the words of image placeholders out of stored articles: search, excerpts and
 * anchors no longer see "Image unavailable", and highlights stay on the same passages; kept versions
 * (migration 005) are rewritten too, so restoring one does not bring the words back.
 */

const OLD_SPAN = (label: string) =>
  `<span class="kho-img-missing" role="img" aria-label="${label}">${label}</span>`;
const OLD_HTML =
  '<p>Đoạn đầu của bài viết nói về dân vận.</p>' +
  `<figure>${OLD_SPAN('Image unavailable: Bản đồ Bến Tre')}<figcaption>Chú thích ảnh bản đồ</figcaption></figure>` +
  `<p>Năm dân vận chính quyền ${OLD_SPAN('Image unavailable')} là trọng tâm của cả năm 2019.</p>`;

describe('migration 007 (image placeholders)', () => {
  it('rewrites old placeholders, keeps highlights anchored and search no longer finds their words', async () => {
    const tmp = makeTempDir();
    try {
      const db = new Database(path.join(tmp.dir, 'kho.sqlite'));
      for (const m of migrations.filter((x) => x.version <= 6)) {
        db.exec(m.sql);
        m.up?.(db);
      }
      db.pragma('user_version = 6');
      const oldText = textFromHtml(OLD_HTML);
      expect(oldText).toContain('Image unavailable: Bản đồ Bến Tre');
      const id = Number(
        db
          .prepare(
            `INSERT INTO articles (title, saved_at, updated_at, content_html, content_text, excerpt, source_kind)
             VALUES ('Bài có ảnh hỏng', '2022-01-01T00:00:00.000Z', '2022-01-01T00:00:00.000Z', ?, ?, ?, 'html')`,
          )
          .run(OLD_HTML, oldText, oldText.slice(0, 120)).lastInsertRowid,
      );
      const note = db.prepare(
        `INSERT INTO annotations (article_id, exact, prefix, suffix, start, "end", status, color, note, tags, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'anchored', 'yellow', NULL, '[]', '2022-01-01T00:00:00.000Z', '2022-01-01T00:00:00.000Z')`,
      );
      for (const quote of ['Chú thích ảnh', 'trọng tâm của cả năm', 'dân vận.']) {
        const start = oldText.indexOf(quote);
        note.run(
          id,
          quote,
          oldText.slice(Math.max(0, start - 32), start),
          oldText.slice(start + quote.length, start + quote.length + 32),
          start,
          start + quote.length,
        );
      }
      // An earlier content of the same article, kept as a version, with the place one highlight had in it.
      const versionHtml = `<p>Lời mở đầu cũ.</p>${OLD_HTML}`;
      const versionText = textFromHtml(versionHtml);
      const quote = 'trọng tâm của cả năm';
      const at = versionText.indexOf(quote);
      const { uuid } = db
        .prepare<[string], { uuid: string }>('SELECT uuid FROM annotations WHERE exact = ?')
        .get(quote)!;
      db.prepare(
        `INSERT INTO article_versions (uuid, article_id, kind, reason, created_at, captured_at, content_hash,
           title, word_count, content_html, content_text, source_kind, anchors)
         VALUES ('0b9b8a52-7c1e-4f7e-9a57-3f0d2f4b6a11', ?, 'previous', 'refresh', '2022-01-02T00:00:00.000Z',
           '2021-12-01T00:00:00.000Z', 'old', 'Bài có ảnh hỏng', 40, ?, ?, 'html', ?)`,
      ).run(
        id,
        versionHtml,
        versionText,
        JSON.stringify([
          {
            annotation_uuid: uuid,
            exact: quote,
            prefix: versionText.slice(at - 32, at),
            suffix: versionText.slice(at + quote.length, at + quote.length + 32),
            start: at,
            end: at + quote.length,
            status: 'anchored',
          },
        ]),
      );
      db.close();

      const archive = await openArchive(tmp.dir);
      try {
        const call = (name: Parameters<typeof callOperation>[1], input: unknown) =>
          callOperation(archive.handlers, name, input);
        const a = (await call('articles.get', { id })) as {
          content_text: string;
          content_html: string;
          excerpt: string;
        };
        expect(a.content_text).not.toContain('unavailable');
        expect(a.excerpt).not.toContain('unavailable');
        expect(a.content_html).toContain(
          '<span class="kho-img-missing" role="img" aria-label="Bản đồ Bến Tre"></span>',
        );
        expect(a.content_html).toContain('<span class="kho-img-missing" role="img"></span>');
        const anns = (await call('annotations.list', { article_id: id })) as {
          items: Array<{ exact: string; start: number; end: number; status: string }>;
        };
        expect(anns.items.map((x) => x.status)).toEqual(['anchored', 'anchored', 'anchored']);
        for (const x of anns.items) expect(a.content_text.slice(x.start, x.end)).toBe(x.exact);
        expect(anns.items.map((x) => x.exact).sort()).toEqual([
          'Chú thích ảnh',
          'dân vận.',
          'trọng tâm của cả năm',
        ]);
        const hits = (await call('search.query', { query: '"image unavailable"' })) as { total: number };
        expect(hits.total).toBe(0);
        const found = (await call('search.query', { query: 'trong tam' })) as { total: number };
        expect(found.total).toBe(1);

        const versions = (await call('articles.versions', { id })) as { items: Array<{ id: number }> };
        expect(versions.items).toHaveLength(1);
        await call('articles.restoreVersion', { id: versions.items[0]!.id });
        const restored = (await call('articles.get', { id })) as {
          content_text: string;
          content_html: string;
        };
        expect(restored.content_text).toContain('Lời mở đầu cũ.');
        expect(restored.content_text).not.toContain('unavailable');
        expect(restored.content_html).toContain('aria-label="Bản đồ Bến Tre"></span>');
        const after = (await call('annotations.list', { article_id: id })) as {
          items: Array<{ exact: string; start: number; end: number; status: string }>;
        };
        const moved = after.items.find((x) => x.exact === quote)!;
        expect(moved.status).toBe('anchored');
        expect(restored.content_text.slice(moved.start, moved.end)).toBe(quote);
      } finally {
        await archive.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});

describe('placeholders in an e-book', () => {
  it('show the image description, since no reader draws it there', () => {
    const doc = createXmlDocument(XHTML_NS, 'body');
    appendHtml(
      doc,
      doc.documentElement!,
      '<p>Trước <span class="kho-img-missing" role="img" aria-label="Bản đồ"></span> sau</p>',
      { image: () => null },
    );
    expect(serializeXml(doc)).toContain('<span class="kho-img-missing">Bản đồ</span>');
  });
});
