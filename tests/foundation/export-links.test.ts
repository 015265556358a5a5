import { describe, expect, it } from 'vitest';
import { annotationsToMarkdown } from '../../src/core/export/markdown.js';
import { archiveLinkUrl, parseArchiveLink } from '../../src/shared/links.js';
import { tempArchive } from '../helpers/archive.js';

/** The Markdown export links back into Kho with kho:// links the app opens. */

describe('Markdown export links back into Kho', () => {
  it('links the article in the front matter and every highlight, with links the app understands', async () => {
    const t = await tempArchive();
    const { article } = await t.call('articles.add', {
      source: 'text',
      text: 'Dân vận khéo\n\nLấy sự hài lòng của người dân là trọng tâm của công tác dân vận.\n',
      name: 'dan-van.txt',
    });
    const first = await t.call('annotations.create', { article_id: article.id, quote: 'sự hài lòng' });
    const second = await t.call('annotations.create', { article_id: article.id, quote: 'công tác dân vận' });
    const { content } = await t.call('export.annotations', { format: 'markdown', article_id: article.id });
    expect(content).toContain(`\nkho: "kho://article/${article.id}"\n`);
    expect(content).toContain(`#highlight-yellow · [Open in Kho](kho://highlight/${first.id})\n`);
    expect(content).toContain(`[Open in Kho](kho://highlight/${second.id})`);
    const links = [...content.matchAll(/kho:\/\/[a-z]+\/\d+/g)].map((m) => parseArchiveLink(m[0]));
    expect(links).toEqual([
      { target: 'article', id: article.id },
      { target: 'highlight', id: first.id },
      { target: 'highlight', id: second.id },
    ]);
    await t.close();
  });

  it('links each article of a whole-archive export under its heading', () => {
    const base = {
      prefix: '',
      suffix: '',
      start: 0,
      end: 4,
      status: 'anchored' as const,
      color: 'blue' as const,
      note: null,
      tags: [],
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    };
    const md = annotationsToMarkdown(
      [
        { ...base, id: 3, article_id: 10, exact: 'Một' },
        { ...base, id: 4, article_id: 11, exact: 'Hai' },
      ],
      new Map(),
    );
    expect(md).toContain('# Article 10\n\n[Open in Kho](kho://article/10)\n');
    expect(md).toContain('# Article 11\n\n[Open in Kho](kho://article/11)\n');
    expect(md).toContain('#highlight-blue · [Open in Kho](kho://highlight/4)');
    expect(archiveLinkUrl({ target: 'highlight', id: 4 })).toBe('kho://highlight/4');
  });
});
