import { archiveLinkUrl, highlightInArticleUrl } from '../../shared/links.js';

/**
 * Links back into Kho (src/shared/links.ts parses them; the desktop app registers the kho: scheme with the
 * system), so a click in Obsidian or a browser opens the article at the highlighted passage.
 */
export function articleLink(articleId: number): string {
  return archiveLinkUrl({ target: 'article', id: articleId });
}

export function highlightLink(articleId: number, annotationId: number): string {
  return highlightInArticleUrl(articleId, annotationId);
}
