import type { ArchiveContext, AreaHandlers } from './context.js';

/** Tags on articles: listing, attaching, renaming, merging, deleting. */
export function tagHandlers({ articles, tags, write }: ArchiveContext): AreaHandlers<'tags'> {
  return {
    'tags.list': async () => ({ items: tags.listWithCounts() }),
    'tags.attach': async ({ ids, tags: names }) => {
      articles.requireIds(ids);
      write(() =>
        tags.attach(
          ids,
          tags.ensure(names).map((t) => t.id),
        ),
      );
      return { items: articles.summaries(ids) };
    },
    'tags.detach': async ({ ids, tags: names }) => {
      articles.requireIds(ids);
      write(() => {
        const found = names.map((n) => tags.require(n));
        tags.detach(
          ids,
          found.map((t) => t.id),
        );
      });
      return { items: articles.summaries(ids) };
    },
    'tags.rename': async ({ from, to }) => ({ renamed: write(() => tags.rename(from, to)) }),
    'tags.merge': async ({ from, into }) => {
      const target = write(() => tags.merge(from, into));
      const tag = tags.listWithCounts().find((t) => t.id === target.id)!;
      return { tag };
    },
    'tags.delete': async ({ name }) => ({ count: write(() => tags.delete(name)) }),
  };
}
