/**
 * Links back into Kho. The desktop app registers the kho: scheme with the system, so a click in Obsidian,
 * a browser or an e-reader opens the article at the highlighted passage.
 */
export function articleLink(articleId: number): string {
  return `kho://article/${articleId}`;
}

export function highlightLink(articleId: number, annotationId: number): string {
  return `kho://article/${articleId}/highlight/${annotationId}`;
}
