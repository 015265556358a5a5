import { KhoError } from '../../shared/errors.js';
import { needId } from '../args.js';
import { JSON_OPT, type Command } from '../command.js';
import { annotationLine } from '../format.js';
import { printJson } from '../output.js';

/** Highlights and notes. */

export const annotate: Command = {
  usage: 'kho annotate <id> --quote Q [--prefix P] [--suffix S] [--note N] [--color C] [--tag T]... [--json]',
  summary: 'Highlight a passage of an article, with an optional note.',
  options: {
    quote: { type: 'string' },
    prefix: { type: 'string' },
    suffix: { type: 'string' },
    note: { type: 'string' },
    color: { type: 'string' },
    tag: { type: 'string', multiple: true },
    ...JSON_OPT,
  },
  async run(ctx, [id], v) {
    if (v.quote === undefined) throw new KhoError('INVALID_INPUT', 'Give the passage with --quote.');
    const input: Record<string, unknown> = { article_id: needId(id), quote: v.quote, tags: v.tag ?? [] };
    for (const k of ['prefix', 'suffix', 'note', 'color'] as const) if (v[k] !== undefined) input[k] = v[k];
    const a = await ctx.call('annotations.create', input);
    if (ctx.json) return printJson(ctx, a);
    ctx.out(annotationLine(a, ctx.s) + '\n');
  },
};

export const annotations: Command = {
  usage: 'kho annotations [<id>] [--json]',
  summary: 'List highlights and notes (of one article, or all).',
  options: JSON_OPT,
  async run(ctx, [id]) {
    const { items } = await ctx.call('annotations.list', id === undefined ? {} : { article_id: needId(id) });
    if (ctx.json) return printJson(ctx, items);
    if (items.length === 0)
      return ctx.out(ctx.s.dim('No highlights yet. Add one with: kho annotate <id> --quote "..."') + '\n');
    ctx.out(items.map((a) => annotationLine(a, ctx.s)).join('\n') + '\n');
  },
};

export const note: Command = {
  usage: 'kho note <annotation-id> <text>',
  summary: "Set a highlight's note (an empty text removes it).",
  options: JSON_OPT,
  async run(ctx, [id, ...words]) {
    const text = words.join(' ');
    const a = await ctx.call('annotations.update', {
      id: needId(id, 'annotation id'),
      note: text.trim() === '' ? null : text,
    });
    if (ctx.json) return printJson(ctx, a);
    ctx.out(annotationLine(a, ctx.s) + '\n');
  },
};

export const unannotate: Command = {
  usage: 'kho unannotate <annotation-id>',
  summary: 'Delete a highlight and its note.',
  options: JSON_OPT,
  async run(ctx, [id]) {
    const r = await ctx.call('annotations.delete', { id: needId(id, 'annotation id') });
    if (ctx.json) return printJson(ctx, r);
    ctx.out('Deleted the highlight.\n');
  },
};
