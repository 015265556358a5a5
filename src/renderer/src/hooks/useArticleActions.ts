import { useState } from 'preact/hooks';
import type { ArticleDetail, ArticleSummary } from '../../../shared/schemas.js';
import { useApp } from '../lib/context.js';
import { downloadFile } from '../lib/download.js';
import { newJobId } from '../lib/format.js';
import type { ReaderArticle } from './useReaderArticle.js';

type Change = (a: ArticleDetail) => Promise<{ items: ArticleSummary[] }>;

/**
 * What the reader does to its article: favourite, archive, tags (each with a toast, most with undo),
 * fetching it again from the web (re-anchoring its highlights), and exporting its highlights as Markdown.
 */
export function useArticleActions(opts: {
  doc: ReaderArticle;
  /** An article changed; `structural` when lists/counts may need reloading. */
  onChanged(summary: ArticleSummary, structural: boolean): void;
  /** Before a refresh: save the reading position. */
  beforeRefresh(): void;
  /** After a refresh: load the article again. */
  afterRefresh(): void;
}) {
  const { api, t, toast, fail } = useApp();
  const { article, setArticle } = opts.doc;
  const [refreshing, setRefreshing] = useState(false);

  const updateSummary = (s: ArticleSummary | undefined, structural: boolean) => {
    if (!s) return;
    setArticle((cur) => (cur && cur.id === s.id ? { ...cur, ...s } : cur));
    opts.onChanged(s, structural);
  };

  /**
   * One change to the open article: `change` runs against the article as it was, the result updates the
   * reader and the list, and `message` (with `undo`, another change, as its action) is shown as a toast.
   */
  const changeArticle = async (change: Change, message?: (a: ArticleDetail) => string, undo?: Change) => {
    const a = article;
    if (!a) return;
    try {
      const r = await change(a);
      updateSummary(r.items[0], true);
      if (!message) return;
      toast(
        message(a),
        undo
          ? {
              action: {
                label: t('toast.undo'),
                run: async () => updateSummary((await undo(a)).items[0], true),
              },
            }
          : {},
      );
    } catch (err) {
      fail(err);
    }
  };

  const toggleFavorite = () =>
    changeArticle(
      (a) => api['articles.update']({ ids: [a.id], favorite: !a.favorite }),
      (a) => t(a.favorite ? 'toast.unfavorited' : 'toast.favorited'),
    );

  const toggleArchive = () =>
    changeArticle(
      (a) => api['articles.update']({ ids: [a.id], status: a.status === 'archived' ? 'unread' : 'archived' }),
      (a) => t(a.status === 'archived' ? 'toast.unread' : 'toast.archived', { n: 1 }),
      (a) => api['articles.update']({ ids: [a.id], status: a.status }),
    );

  /** Reaching the end of an unread article marks it read: it moves to the archive, with Undo. */
  const finish = () => {
    if (article?.status !== 'unread') return;
    void changeArticle(
      (a) => api['articles.update']({ ids: [a.id], status: 'archived' }),
      () => t('toast.finished'),
      (a) => api['articles.update']({ ids: [a.id], status: a.status }),
    );
  };

  const addTag = (tag: string) => changeArticle((a) => api['tags.attach']({ ids: [a.id], tags: [tag] }));
  const removeTag = (tag: string) =>
    changeArticle(
      (a) => api['tags.detach']({ ids: [a.id], tags: [tag] }),
      () => t('toast.untagged', { tag }),
      (a) => api['tags.attach']({ ids: [a.id], tags: [tag] }),
    );

  const refresh = async () => {
    const a = article;
    if (!a || refreshing) return;
    opts.beforeRefresh();
    setRefreshing(true);
    const jobId = newJobId('refresh');
    try {
      const r = await api['articles.refresh']({ id: a.id, job_id: jobId });
      const { anchored, orphaned } = r.annotations;
      toast(
        anchored + orphaned > 0 ? t('reader.refreshed', { anchored, orphaned }) : t('reader.refreshedPlain'),
      );
      opts.onChanged(r.article, true);
      opts.afterRefresh();
    } catch (err) {
      fail(err);
    } finally {
      setRefreshing(false);
    }
  };

  const exportHighlights = async () => {
    const a = article;
    if (!a) return;
    try {
      const r = await api['export.annotations']({ format: 'markdown', article_id: a.id });
      downloadFile(r.filename, r.mime, r.content);
      toast(t('toast.exported', { name: r.filename }));
    } catch (err) {
      fail(err);
    }
  };

  return { refreshing, toggleFavorite, toggleArchive, finish, addTag, removeTag, refresh, exportHighlights };
}
