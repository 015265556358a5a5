import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';
import type { ArticleDetail, ArticleSummary } from '../../../shared/schemas.js';
import { useLatest } from './useLatest.js';

/** Saved this long after scrolling stops. */
const SAVE_AFTER_MS = 1000;
/** Images load later and change the height: the position is restored again after this. */
const RESTORE_AGAIN_MS = 500;

export interface ReadingProgress {
  /** 0..1, for the progress bar. */
  progress: number;
  onScroll(): void;
  /** Saves a pending position now. */
  flush(): void;
  /** Shows the article's saved position again (after it was loaded again). */
  reset(): void;
}

/**
 * How far the reader has read: shown as the reader scrolls, saved a second after scrolling stops and when
 * leaving the article (or the page), and restored when the article's content is put on the page (after
 * useArticleContent, whose layout effect must run first).
 */
export function useReadingProgress(
  api: KhoApi,
  article: ArticleDetail | null,
  scrollRef: { current: HTMLElement | null },
  onSaved: (summary: ArticleSummary) => void,
  /** The reader reached the end of the article (once per opening). */
  onFinished: () => void,
): ReadingProgress {
  // Until the reader scrolls, the article's saved position.
  const [scrolled, setScrolled] = useState<number | null>(null);
  const progress = scrolled ?? article?.reading_progress ?? 0;
  const latestArticle = useLatest(article);
  const latestOnSaved = useLatest(onSaved);
  const latestOnFinished = useLatest(onFinished);
  const finished = useRef(false);
  const restoring = useRef(false);
  const restoredTop = useRef(0);
  const pending = useRef<{ id: number; value: number } | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(() => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    const p = pending.current;
    pending.current = null;
    if (!p) return;
    if (p.value === 1 && !finished.current) {
      finished.current = true;
      latestOnFinished.current();
    }
    api['articles.update']({ ids: [p.id], reading_progress: p.value }).then(
      (r) => {
        const s = r.items[0];
        if (s) latestOnSaved.current(s);
      },
      () => {
        // Progress is a convenience; failing to save it must not interrupt reading.
      },
    );
  }, [api, latestOnSaved, latestOnFinished]);
  useEffect(() => flush, [flush]);
  useEffect(() => {
    window.addEventListener('beforeunload', flush);
    return () => window.removeEventListener('beforeunload', flush);
  }, [flush]);

  const onScroll = () => {
    const el = scrollRef.current;
    const a = latestArticle.current;
    if (!el || !a) return;
    const max = el.scrollHeight - el.clientHeight;
    const p = max <= 0 ? 1 : Math.min(1, Math.max(0, el.scrollTop / max));
    setScrolled(p);
    // Scroll events caused by restoring the saved position are not reading.
    if (restoring.current && Math.abs(el.scrollTop - restoredTop.current) < 2) return;
    restoring.current = false;
    const value = p > 0.98 ? 1 : Math.round(p * 1000) / 1000;
    if (Math.abs(value - a.reading_progress) < 0.005 && !pending.current) return;
    pending.current = { id: a.id, value };
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(flush, SAVE_AFTER_MS);
  };

  // Restore the saved position once per article version, until the reader scrolls.
  const html = article?.content_html ?? null;
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    const a = latestArticle.current;
    if (!scroller || !a || html === null) return;
    restoring.current = true;
    const restore = () => {
      if (!restoring.current) return; // the reader already scrolled
      const max = scroller.scrollHeight - scroller.clientHeight;
      scroller.scrollTop = a.reading_progress >= 1 ? 0 : a.reading_progress * max;
      restoredTop.current = scroller.scrollTop;
    };
    restore();
    requestAnimationFrame(restore);
    const timer = setTimeout(restore, RESTORE_AGAIN_MS);
    return () => clearTimeout(timer);
  }, [scrollRef, html, latestArticle]);

  return { progress, onScroll, flush, reset: () => setScrolled(null) };
}
