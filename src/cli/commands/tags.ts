import { KhoError } from '../../shared/errors.js';
import { needId } from '../args.js';
import { JSON_OPT, type Command, type Ctx } from '../command.js';
import { articleLine, tagLines } from '../format.js';
import { plural, printJson } from '../output.js';
import { inlineText } from '../terminal-text.js';

/** Tagging articles and managing the tag tree. */

export const tag: Command = {
  usage: 'kho tag <id> <tag>...',
  summary: 'Add tags to an article ("a/b" nests b under a).',
  options: JSON_OPT,
  async run(ctx, [id, ...tags]) {
    if (tags.length === 0) throw new KhoError('INVALID_INPUT', 'Give at least one tag.');
    const { items } = await ctx.call('tags.attach', { ids: [needId(id)], tags });
    if (ctx.json) return printJson(ctx, items[0]);
    ctx.out(articleLine(items[0]!, ctx.s) + '\n');
  },
};

export const untag: Command = {
  usage: 'kho untag <id> <tag>...',
  summary: 'Remove tags from an article.',
  options: JSON_OPT,
  async run(ctx, [id, ...tags]) {
    if (tags.length === 0) throw new KhoError('INVALID_INPUT', 'Give at least one tag.');
    const { items } = await ctx.call('tags.detach', { ids: [needId(id)], tags });
    if (ctx.json) return printJson(ctx, items[0]);
    ctx.out(articleLine(items[0]!, ctx.s) + '\n');
  },
};

async function renameTag(ctx: Ctx, args: string[]): Promise<void> {
  if (args.length !== 2) throw new KhoError('INVALID_INPUT', 'Usage: kho tags rename <from> <to>');
  const r = await ctx.call('tags.rename', { from: args[0], to: args[1] });
  if (ctx.json) return printJson(ctx, r);
  ctx.out(`Renamed ${plural(r.renamed, 'tag')}.\n`);
}

async function mergeTags(ctx: Ctx, args: string[], into: string | undefined): Promise<void> {
  if (!into || args.length === 0)
    throw new KhoError('INVALID_INPUT', 'Usage: kho tags merge <from>... --into <tag>');
  const r = await ctx.call('tags.merge', { from: args, into });
  if (ctx.json) return printJson(ctx, r.tag);
  ctx.out(`Merged into ${ctx.s.cyan(inlineText(r.tag.name))} (${r.tag.count} articles).\n`);
}

async function deleteTag(ctx: Ctx, args: string[]): Promise<void> {
  if (args.length !== 1) throw new KhoError('INVALID_INPUT', 'Usage: kho tags delete <tag>');
  const r = await ctx.call('tags.delete', { name: args[0] });
  if (ctx.json) return printJson(ctx, r);
  ctx.out(`Deleted the tag from ${plural(r.count, 'article')}.\n`);
}

export const tags: Command = {
  usage:
    'kho tags [--json] | kho tags rename <from> <to> | kho tags merge <from>... --into <tag> | kho tags delete <tag>',
  summary: 'List tags with counts, or rename, merge or delete them.',
  options: { into: { type: 'string' }, ...JSON_OPT },
  async run(ctx, [sub, ...rest], v) {
    if (sub === 'rename') return renameTag(ctx, rest);
    if (sub === 'merge') return mergeTags(ctx, rest, v.into as string | undefined);
    if (sub === 'delete') return deleteTag(ctx, rest);
    if (sub !== undefined)
      throw new KhoError('INVALID_INPUT', `Unknown tags action "${sub}" (rename, merge or delete).`);
    const { items } = await ctx.call('tags.list', {});
    if (ctx.json) return printJson(ctx, items);
    ctx.out(tagLines(items, ctx.s) + '\n');
  },
};
