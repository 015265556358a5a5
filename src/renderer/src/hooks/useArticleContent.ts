import { useLayoutEffect } from 'preact/hooks';
import type { Annotation, ArticleDetail } from '../../../shared/schemas.js';
import { prepareContent } from '../lib/article-html.js';
import { paintHighlights } from '../lib/highlights.js';
import { useLatest } from './useLatest.js';

/**
 * Puts the article's stored HTML into `contentRef` once per article version (a summary change, such as a
 * favourite toggled, leaves the DOM and the reading position alone) and draws the highlights over it,
 * again whenever they change.
 */
export function useArticleContent(
  contentRef: { current: HTMLElement | null },
  article: ArticleDetail | null,
  anns: readonly Annotation[],
  missingImage: (alt: string) => string,
): void {
  const html = article?.content_html ?? null;
  const latestAnns = useLatest(anns);
  const latestMissing = useLatest(missingImage);
  useLayoutEffect(() => {
    const el = contentRef.current;
    if (!el || html === null) return;
    el.replaceChildren(prepareContent(html, latestMissing.current));
    paintHighlights(el, latestAnns.current);
  }, [contentRef, html, latestAnns, latestMissing]);

  useLayoutEffect(() => {
    // No content element while the article loads.
    if (contentRef.current) paintHighlights(contentRef.current, anns);
  }, [contentRef, anns]);
}
