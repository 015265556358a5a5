import type { Annotation, ArticleSummary } from '../../shared/schemas.js';
import { archiveLinkUrl } from '../../shared/links.js';

/** YAML needs quoting for most titles (colons, quotes, leading symbols); JSON strings are valid YAML scalars. */
function yamlString(s: string): string {
  return JSON.stringify(s);
}

/**
 * Article text as Markdown text: Markdown passes raw HTML through, so a saved page's `<script>` or
 * `<img onerror>` would be live in the exported note. Entities render as the same characters.
 */
export function escapeHtmlInMarkdown(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function blockquote(text: string): string {
  return escapeHtmlInMarkdown(text)
    .split('\n')
    .map((line) => (line.trim() === '' ? '>' : `> ${line}`))
    .join('\n');
}

/** Obsidian tags cannot contain spaces; nested tags keep "/" which Obsidian understands. */
export function obsidianTag(tag: string): string {
  return '#' + tag.replace(/\s+/g, '-');
}

/**
 * Notes as Markdown for Obsidian: one section per article (with its metadata as a small property list),
 * each highlight as a blockquote followed by its note and tags. Orphans are kept and marked. Articles and
 * highlights link back into Kho (kho://article/<id>, kho://highlight/<id>), which opens them in the app.
 */
export function annotationsToMarkdown(
  annotations: Annotation[],
  articles: Map<number, ArticleSummary>,
): string {
  const out: string[] = [];
  const byArticle = new Map<number, Annotation[]>();
  for (const a of annotations) byArticle.set(a.article_id, [...(byArticle.get(a.article_id) ?? []), a]);
  const single = byArticle.size === 1 ? articles.get([...byArticle.keys()][0]!) : undefined;
  if (single) {
    out.push('---', `title: ${yamlString(single.title)}`);
    if (single.url) out.push(`source: ${yamlString(single.url)}`);
    if (single.site) out.push(`site: ${yamlString(single.site)}`);
    if (single.published_at) out.push(`published: ${single.published_at}`);
    out.push(`saved: ${single.saved_at}`);
    out.push(`kho: ${yamlString(archiveLinkUrl({ target: 'article', id: single.id }))}`);
    if (single.tags.length)
      out.push(`tags: [${single.tags.map((t) => yamlString(t.replace(/\s+/g, '-'))).join(', ')}]`);
    out.push('---', '');
  }
  for (const [articleId, items] of byArticle) {
    const article = articles.get(articleId);
    const title = article?.title ?? `Article ${articleId}`;
    out.push(`# ${escapeHtmlInMarkdown(title)}`, '');
    if (!single) {
      const meta = [article?.site, article?.published_at?.slice(0, 10), article?.url].filter(Boolean);
      const line = meta.length ? escapeHtmlInMarkdown(meta.join(' · ')) + ' · ' : '';
      out.push(`${line}[Open in Kho](${archiveLinkUrl({ target: 'article', id: articleId })})`, '');
    }
    for (const a of items) {
      out.push(blockquote(a.exact));
      if (a.status === 'orphan') out.push('>', '> *(this passage is no longer in the article)*');
      out.push('');
      if (a.note) out.push(a.note.trim(), '');
      const tagLine = [`highlight-${a.color}`, ...a.tags].map(obsidianTag).join(' ');
      out.push(`${tagLine} · [Open in Kho](${archiveLinkUrl({ target: 'highlight', id: a.id })})`, '');
    }
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
