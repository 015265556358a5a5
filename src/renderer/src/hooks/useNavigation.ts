import { useMemo } from 'preact/hooks';
import { HOME, NOTEBOOK_DEFAULTS, type NotebookFilters, type Route } from '../lib/routes.js';
import type { Source } from '../lib/views.js';
import { useLatest } from './useLatest.js';
import type { Navigate } from './useRoute.js';

export interface Navigation {
  /** A view or a tag; the search and the open article are left behind. */
  goSource(source: Source): void;
  /**
   * What is typed in the search box. The first letter makes a new history entry, the rest replace it;
   * on a phone the open article gives way, since the results could not be seen behind it.
   */
  setQuery(query: string): void;
  openArticle(id: number, replace: boolean): void;
  closeArticle(): void;
  openNotebook(filters?: NotebookFilters): void;
  /** From the notebook: the highlight's passage in its article. */
  goToHighlight(articleId: number, highlightId: number): void;
}

/** Every move the app makes, as a change of route (so Back, Forward and reload follow). */
export function useNavigation(route: Route, navigate: Navigate, phone: boolean): Navigation {
  const current = useLatest(route);
  const isPhone = useLatest(phone);
  return useMemo<Navigation>(() => {
    const here = () => current.current;
    return {
      goSource: (source) => navigate({ ...HOME, source }),
      setQuery: (q) => {
        const r = here();
        const was = r.q.trim() !== '';
        const leaveArticle = isPhone.current && r.article !== null && q.trim() !== '';
        navigate(
          {
            ...r,
            q,
            notebook: null,
            ...(leaveArticle ? { article: null, highlight: null } : {}),
          },
          { replace: was && q.trim() !== '' && !leaveArticle },
        );
      },
      openArticle: (id, replace) =>
        navigate({ ...here(), notebook: null, article: id, highlight: null }, { replace }),
      closeArticle: () => navigate({ ...here(), article: null, highlight: null }),
      openNotebook: (filters) => navigate({ ...HOME, notebook: filters ?? NOTEBOOK_DEFAULTS }),
      goToHighlight: (articleId, highlightId) =>
        navigate({ ...HOME, article: articleId, highlight: highlightId }),
    };
  }, [navigate, current, isPhone]);
}
