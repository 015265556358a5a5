import { ARTICLE_STATUSES, type ArticleStatusName } from '../../../shared/enums.js';
import type { ArticleSummary } from '../../../shared/schemas.js';
import type { AppContext } from '../lib/context.js';
import type { ArticlePages } from './useArticlePages.js';

export interface BulkActions {
  /** Loaded summaries of these articles (for undo and for the tags they carry). */
  summariesOf(ids: readonly number[]): ArticleSummary[];
  trash(ids: number[]): Promise<void>;
  restore(ids: number[]): Promise<void>;
  setStatus(ids: number[], status: ArticleStatusName): Promise<void>;
  /** Throws, so the tag dialog can show the error. */
  tagMany(ids: number[], tag: string): Promise<void>;
  /** Throws, so the untag dialog can show the error. */
  untagMany(ids: number[], tag: string): Promise<void>;
  /** Deletes for good; throws, so the confirm dialog can show the error. */
  purge(ids: number[]): Promise<void>;
  /** Deletes the whole trash for good; throws, so the confirm dialog can show the error. */
  emptyTrash(): Promise<void>;
}

/**
 * Actions on many articles at once, each confirmed by a toast whose Undo puts back what it changed
 * (only the articles it changed: a tag they already had stays). Purging cannot be undone; it asks first.
 */
export function useBulkActions(opts: {
  ctx: Pick<AppContext, 'api' | 't' | 'toast' | 'fail'>;
  pages: ArticlePages;
  /** Something changed: reload the list, tags and counts. */
  bump(): void;
  /** These articles left the list (`'trash'`: everything in the trash). */
  onGone(ids: readonly number[] | 'trash'): void;
}): BulkActions {
  const { ctx, pages, bump, onGone } = opts;
  const { api, t, toast, fail } = ctx;

  const summariesOf = (ids: readonly number[]) => {
    const out: ArticleSummary[] = [];
    for (let i = 0; i < (pages.total ?? 0) && out.length < ids.length; i++) {
      const s = pages.get(i);
      if (s && ids.includes(s.id)) out.push(s);
    }
    return out;
  };

  const trash = async (ids: number[]) => {
    try {
      const r = await api['articles.trash']({ ids });
      onGone(ids);
      bump();
      toast(t('toast.trashed', { n: r.count }), {
        action: {
          label: t('toast.undo'),
          run: async () => {
            await api['articles.restore']({ ids });
            bump();
            toast(t('toast.undone'));
          },
        },
      });
    } catch (err) {
      fail(err);
    }
  };

  const restore = async (ids: number[]) => {
    try {
      const r = await api['articles.restore']({ ids });
      bump();
      toast(t('toast.restored', { n: r.count }), {
        action: {
          label: t('toast.undo'),
          run: async () => {
            await api['articles.trash']({ ids });
            bump();
          },
        },
      });
    } catch (err) {
      fail(err);
    }
  };

  const setStatus = async (ids: number[], status: ArticleStatusName) => {
    const before = summariesOf(ids);
    try {
      await api['articles.update']({ ids, status });
      bump();
      toast(t(status === 'archived' ? 'toast.archived' : 'toast.unread', { n: ids.length }), {
        action: {
          label: t('toast.undo'),
          run: async () => {
            for (const st of ARTICLE_STATUSES) {
              const back = before.filter((s) => s.status === st).map((s) => s.id);
              if (back.length) await api['articles.update']({ ids: back, status: st });
            }
            bump();
            toast(t('toast.undone'));
          },
        },
      });
    } catch (err) {
      fail(err);
    }
  };

  const tagMany = async (ids: number[], tag: string) => {
    const had = new Set(
      summariesOf(ids)
        .filter((s) => s.tags.includes(tag))
        .map((s) => s.id),
    );
    const r = await api['tags.attach']({ ids, tags: [tag] });
    pages.patch(r.items);
    bump();
    const added = ids.filter((id) => !had.has(id));
    toast(t('toast.tagged', { n: ids.length, tag }), {
      action: added.length
        ? {
            label: t('toast.undo'),
            run: async () => {
              await api['tags.detach']({ ids: added, tags: [tag] });
              bump();
              toast(t('toast.undone'));
            },
          }
        : undefined,
    });
  };

  const untagMany = async (ids: number[], tag: string) => {
    const had = summariesOf(ids)
      .filter((s) => s.tags.includes(tag))
      .map((s) => s.id);
    const r = await api['tags.detach']({ ids, tags: [tag] });
    pages.patch(r.items);
    bump();
    toast(t('toast.untagged', { tag }), {
      action: had.length
        ? {
            label: t('toast.undo'),
            run: async () => {
              await api['tags.attach']({ ids: had, tags: [tag] });
              bump();
              toast(t('toast.undone'));
            },
          }
        : undefined,
    });
  };

  const purge = async (ids: number[]) => {
    const r = await api['articles.purge']({ ids });
    onGone(ids);
    bump();
    toast(t('toast.purged', { n: r.count }));
  };

  const emptyTrash = async () => {
    const r = await api['articles.emptyTrash']({});
    onGone('trash');
    bump();
    toast(t('toast.purged', { n: r.count }));
  };

  return { summariesOf, trash, restore, setStatus, tagMany, untagMany, purge, emptyTrash };
}
