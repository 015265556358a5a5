import { KhoError } from '../../shared/errors.js';
import { describeQuote, describeRange } from '../annotations/describe.js';
import { notebookMatcher } from '../annotations/notebook-query.js';
import type { ArchiveContext, AreaHandlers } from './context.js';

/** Highlights and notes: creating them from a quote or offsets, changing and deleting them. */
export function annotationHandlers({
  articles,
  annotations,
  write,
}: ArchiveContext): AreaHandlers<'annotations'> {
  return {
    'annotations.list': async ({ article_id }) => {
      if (article_id !== undefined) articles.requireIds([article_id]);
      return { items: annotations.list(article_id) };
    },
    'annotations.query': async ({ query, color, tag, article_id, sort, limit, offset }) => {
      const matches = notebookMatcher(query);
      const all = annotations
        .listForNotebook({
          sort,
          ...(color ? { color } : {}),
          ...(tag ? { tag } : {}),
          ...(article_id !== undefined ? { articleId: article_id } : {}),
        })
        .filter(matches);
      return { items: all.slice(offset, offset + limit), total: all.length };
    },
    'annotations.create': async (input) => {
      const { content_text: text } = articles.source(input.article_id);
      let selectors;
      if (input.start !== undefined || input.end !== undefined) {
        if (
          input.start === undefined ||
          input.end === undefined ||
          input.end <= input.start ||
          input.end > text.length
        ) {
          throw new KhoError(
            'INVALID_INPUT',
            `start and end must both be given with start < end <= ${text.length}.`,
          );
        }
        selectors = describeRange(text, input.start, input.end);
        if (input.quote !== undefined && input.quote.normalize('NFC') !== selectors.exact) {
          throw new KhoError(
            'CONFLICT',
            'The quote does not match the text at the given offsets; the article may have changed.',
          );
        }
      } else if (input.quote !== undefined) {
        selectors = describeQuote(text, input.quote, {
          ...(input.prefix !== undefined ? { prefix: input.prefix } : {}),
          ...(input.suffix !== undefined ? { suffix: input.suffix } : {}),
        });
      } else {
        throw new KhoError(
          'INVALID_INPUT',
          'Give the passage to highlight: a quote, or start and end offsets.',
        );
      }
      return write({ areas: ['annotations', 'articles'], ids: [input.article_id] }, () =>
        annotations.insert(
          input.article_id,
          { ...selectors, status: 'anchored' },
          {
            color: input.color,
            note: input.note?.normalize('NFC') ?? null,
            tags: input.tags,
          },
        ),
      );
    },
    'annotations.update': async ({ id, note, color, tags: tagNames }) =>
      write(
        (a) => ({ areas: ['annotations'], ids: [a.article_id] }),
        () =>
          annotations.update(id, {
            ...(note !== undefined ? { note: note === null ? null : note.normalize('NFC') } : {}),
            ...(color !== undefined ? { color } : {}),
            ...(tagNames !== undefined ? { tags: tagNames } : {}),
          }),
      ),
    'annotations.delete': async ({ id }) => ({
      count: write({ areas: ['annotations', 'articles'] }, () => annotations.delete(id)),
    }),
  };
}
