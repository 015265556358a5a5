import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openArchive, type Archive } from '../../src/core/archive.js';
import { callOperation } from '../../src/shared/dispatch.js';

/** Builds real archives for the fault tests: articles with unique words, a tag, a highlight, a backup. */

/** A unique, searchable word for article `i` (letters only, so every analyser keeps it whole). */
export function marker(i: number): string {
  return `zq${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}marker`;
}

export function articleText(i: number, kb = 2): string {
  const sentence = `Sentence ${i} about rivers, markets, and the people who keep them going every single day. `;
  return `Article number ${i}\n\n${marker(i)} ${sentence.repeat(Math.max(1, Math.round((kb * 1024) / sentence.length)))}\n`;
}

/** Writes `n` article files into `dir` (text, Markdown and HTML with an inline image). */
export function writeArticleFiles(dir: string, n: number, kb = 2): string[] {
  mkdirSync(dir, { recursive: true });
  const png =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  return Array.from({ length: n }, (_, i) => {
    const kind = i % 3;
    const file = path.join(dir, `article-${String(i).padStart(4, '0')}.${['txt', 'md', 'html'][kind]}`);
    const text = articleText(i, kb);
    if (kind === 2) {
      const [title, ...body] = text.split('\n\n');
      writeFileSync(
        file,
        `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${body.join(' ')}</p><img src="data:image/png;base64,${png}" alt="dot ${i}"><p>${body.join(' ')}</p></article></body></html>`,
      );
    } else writeFileSync(file, kind === 1 ? `# ${text}` : text);
    return file;
  });
}

/** An archive in `dataDir` with `n` articles of `kb` KB each, a tag and a highlight; closed again. */
export async function buildArchive(dataDir: string, n: number, kb = 2, withBackup = true): Promise<void> {
  const archive: Archive = await openArchive(dataDir);
  try {
    for (let i = 0; i < n; i++) {
      const { article } = await callOperation(archive.handlers, 'articles.add', {
        source: 'text',
        text: articleText(i, kb),
        name: `a${i}.txt`,
        tags: i % 2 ? ['odd'] : [],
      });
      if (i === 0) {
        await callOperation(archive.handlers, 'annotations.create', {
          article_id: article.id,
          quote: marker(0),
        });
      }
    }
    await archive.flushSearch();
    if (withBackup) await archive.backup();
  } finally {
    await archive.close();
  }
}
