import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';
import { KhoError } from '../../../shared/errors.js';
import type { Annotation, ArticleDetail } from '../../../shared/schemas.js';
import { sortAnnotations } from '../lib/highlights.js';
import { useLatest } from './useLatest.js';

export interface ReaderArticle {
  /** Null while loading (or when loading failed). */
  article: ArticleDetail | null;
  setArticle(update: (current: ArticleDetail | null) => ArticleDetail | null): void;
  /** The article's highlights, in reading order. */
  anns: Annotation[];
  setAnns(update: (current: Annotation[]) => Annotation[]): void;
  loadError: string | null;
  /** Loads again (after the article was fetched again from the web). */
  reload(): void;
}

/**
 * The open article and its highlights, loaded together. A new `version` (the archive changed: a tag was
 * renamed, another window edited it) refreshes what is shown about the article without redrawing its text.
 */
export function useReaderArticle(api: KhoApi, id: number, version: number): ReaderArticle {
  const [article, setArticle] = useState<ArticleDetail | null>(null);
  const [anns, setAnns] = useState<Annotation[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    let live = true;
    setArticle(null);
    setAnns([]);
    setLoadError(null);
    Promise.all([api['articles.get']({ id }), api['annotations.list']({ article_id: id })]).then(
      ([a, list]) => {
        if (!live) return;
        setArticle(a);
        setAnns(sortAnnotations(list.items));
      },
      (err: unknown) => {
        if (live) setLoadError(KhoError.from(err).message);
      },
    );
    return () => {
      live = false;
    };
  }, [id, api, reloadKey]);

  const loadedVersion = useRef(version);
  const latest = useLatest(article);
  useEffect(() => {
    if (loadedVersion.current === version) return;
    loadedVersion.current = version;
    let live = true;
    api['articles.get']({ id }).then(
      (fresh) => {
        if (!live) return;
        // The same text: only what is said about it changes. New text: load it again, with its highlights.
        setArticle((cur) => (cur && cur.content_html === fresh.content_html ? { ...cur, ...fresh } : cur));
        setReloadKey((k) => (fresh.content_html === latest.current?.content_html ? k : k + 1));
      },
      () => undefined, // Gone or unreachable for a moment: what is shown stays until the next change.
    );
    return () => {
      live = false;
    };
  }, [api, id, version, latest]);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);
  return { article, setArticle, anns, setAnns, loadError, reload };
}
