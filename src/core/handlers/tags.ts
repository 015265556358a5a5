import type { ArchiveContext, AreaHandlers, Change } from './context.js';

/** Renaming, merging or deleting a tag changes the tags of articles not named in the call. */
const RETAGGED: Change = { areas: ['articles', 'tags'] };

/** Tags on articles: listing, attaching, renaming, merging, deleting. */
export function tagHandlers({ articles, tags, write }: ArchiveContext): AreaHandlers<'tags'> {
  return {
    'tags.list': async () => ({ items: tags.listWithCounts() }),
    'tags.attach': async ({ ids, tags: names }) => {
      articles.requireIds(ids);
      write({ areas: ['articles', 'tags'], ids }, () =>
        tags.attach(
          ids,
          tags.ensure(names).map((t) => t.id),
        ),
      );
      return { items: articles.summaries(ids) };
    },
    'tags.detach': async ({ ids, tags: names }) => {
      articles.requireIds(ids);
      write({ areas: ['articles', 'tags'], ids }, () => {
        const found = names.map((n) => tags.require(n));
        tags.detach(
          ids,
          found.map((t) => t.id),
        );
      });
      return { items: articles.summaries(ids) };
    },
    'tags.rename': async ({ from, to }) => ({ renamed: write(RETAGGED, () => tags.rename(from, to)) }),
    'tags.merge': async ({ from, into }) => {
      const target = write(RETAGGED, () => tags.merge(from, into));
      const tag = tags.listWithCounts().find((t) => t.id === target.id)!;
      return { tag };
    },
    'tags.delete': async ({ name }) => ({ count: write(RETAGGED, () => tags.delete(name)) }),
  };
}
