import { useCallback, useEffect, useState } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';
import { KhoError } from '../../../shared/errors.js';
import type { Annotation, ArticleDetail } from '../../../shared/schemas.js';
import { sortAnnotations } from '../lib/highlights.js';

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

/** The open article and its highlights, loaded together. */
export function useReaderArticle(api: KhoApi, id: number): ReaderArticle {
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

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);
  return { article, setArticle, anns, setAnns, loadError, reload };
}
