import { KhoError } from '../../shared/errors.js';
import type { ArticleSummary } from '../../shared/schemas.js';
import { needId, needIds, wholeNumber } from '../args.js';
import { JSON_OPT, type Command, type Ctx } from '../command.js';
import { articleDetail, articleLine } from '../format.js';
import { plural, printJson, printStored, withProgress } from '../output.js';
import { readStdin } from '../read-input.js';

/** Saving, listing, showing, trashing and updating articles. */

async function addInput(ctx: Ctx, target: string, tags: string[], name: string | undefined, jobId: string) {
  if (target === '-') {
    const bytes = await readStdin(ctx.io.stdin);
    return {
      source: 'text',
      text: bytes.toString('base64'),
      encoding: 'base64',
      name: name ?? 'stdin.txt',
      tags,
      job_id: jobId,
    };
  }
  if (/^https?:\/\//i.test(target)) return { source: 'url', url: target, tags, job_id: jobId };
  return { source: 'file', path: ctx.resolvePath(target), tags, job_id: jobId };
}

/** "Highlights: 2 anchored, 1 orphaned." after content changed under them. */
function reanchored(
  ctx: Ctx,
  r: { article: ArticleSummary; annotations: { anchored: number; orphaned: number } },
): void {
  ctx.out(
    `${articleLine(r.article, ctx.s)}\nHighlights: ${r.annotations.anchored} anchored, ${r.annotations.orphaned} orphaned.\n`,
  );
}

export const add: Command = {
  usage: 'kho add <file|url|-> [--tag T]... [--json]',
  summary: 'Save an article from a .txt/.md/.html file, a web address, or standard input (-).',
  options: { tag: { type: 'string', multiple: true }, name: { type: 'string' }, ...JSON_OPT },
  async run(ctx, [target], v) {
    if (!target) throw new KhoError('INVALID_INPUT', 'Give a file, a web address, or - for standard input.');
    const jobId = ctx.jobId('add');
    const input = await addInput(
      ctx,
      target,
      (v.tag as string[] | undefined) ?? [],
      v.name as string | undefined,
      jobId,
    );
    const result = await withProgress(ctx, jobId, 'Saving', () => ctx.call('articles.add', input));
    if (ctx.json) return printJson(ctx, result.article);
    const verb = result.created ? ctx.s.green('Saved') : ctx.s.yellow('Updated (already in the archive)');
    ctx.out(`${verb}\n${articleLine(result.article, ctx.s)}\n`);
  },
};

export const list: Command = {
  usage:
    'kho list [--tag T] [--status unread|archived] [--view all|unread|archived|favorites|annotated|trash] [--sort saved|published|title] [--limit N] [--json]',
  summary: 'List saved articles, newest first.',
  options: {
    tag: { type: 'string' },
    status: { type: 'string' },
    view: { type: 'string' },
    sort: { type: 'string' },
    limit: { type: 'string' },
    ...JSON_OPT,
  },
  async run(ctx, _p, v) {
    const input: Record<string, unknown> = {
      limit:
        wholeNumber(v.limit as string | undefined, 'limit', 1, Number.MAX_SAFE_INTEGER) ??
        (ctx.json ? 50_000 : 100),
    };
    for (const k of ['tag', 'status', 'view', 'sort'] as const) if (v[k] !== undefined) input[k] = v[k];
    const { items, total } = await ctx.call('articles.list', input);
    if (ctx.json) return printJson(ctx, items);
    if (items.length === 0)
      return ctx.out(ctx.s.dim('No articles here. Save one with: kho add <file|url|->') + '\n');
    ctx.out(items.map((a) => articleLine(a, ctx.s)).join('\n') + '\n');
    if (total > items.length) ctx.out(ctx.s.dim(`… ${total - items.length} more (use --limit)`) + '\n');
  },
};

export const show: Command = {
  usage: 'kho show <id> [--json|--text]',
  summary: 'Show one article (--text prints exactly its stored plain text).',
  options: { text: { type: 'boolean' }, ...JSON_OPT },
  async run(ctx, [id], v) {
    const article = await ctx.call('articles.get', { id: needId(id) });
    if (v.text) return printStored(ctx, article.content_text);
    if (ctx.json) return printJson(ctx, article);
    ctx.out(articleDetail(article, ctx.s));
  },
};

export const rm: Command = {
  usage: 'kho rm <id>...',
  summary: 'Move articles to the trash (kho restore-trash <id> brings them back).',
  options: JSON_OPT,
  async run(ctx, ids) {
    const r = await ctx.call('articles.trash', { ids: needIds(ids) });
    if (ctx.json) return printJson(ctx, r);
    ctx.out(
      `Moved ${plural(r.count, 'article')} to the trash. Undo with: kho restore-trash ${ids.join(' ')}\n`,
    );
  },
};

export const restoreTrash: Command = {
  usage: 'kho restore-trash <id>...',
  summary: 'Bring articles back from the trash.',
  options: JSON_OPT,
  async run(ctx, ids) {
    const r = await ctx.call('articles.restore', { ids: needIds(ids) });
    if (ctx.json) return printJson(ctx, r);
    ctx.out(`Restored ${plural(r.count, 'article')}.\n`);
  },
};

export const purge: Command = {
  usage: 'kho purge <id>... | kho purge --all',
  summary: 'Delete trashed articles for good (--all empties the trash).',
  options: { all: { type: 'boolean' }, ...JSON_OPT },
  async run(ctx, ids, v) {
    if (v.all && ids.length > 0) throw new KhoError('INVALID_INPUT', 'Give article ids or --all, not both.');
    if (!v.all && ids.length === 0) throw new KhoError('INVALID_INPUT', 'Give an article id (or --all).');
    const r = v.all
      ? await ctx.call('articles.emptyTrash', {})
      : await ctx.call('articles.purge', { ids: needIds(ids) });
    if (ctx.json) return printJson(ctx, r);
    ctx.out(`Deleted ${plural(r.count, 'article')} for good.\n`);
  },
};

export const archive: Command = {
  usage: 'kho archive <id>... [--undo]',
  summary: 'Mark articles as read and archived (--undo marks them unread).',
  options: { undo: { type: 'boolean' }, ...JSON_OPT },
  async run(ctx, ids, v) {
    const r = await ctx.call('articles.update', {
      ids: needIds(ids),
      status: v.undo ? 'unread' : 'archived',
    });
    if (ctx.json) return printJson(ctx, r.items);
    ctx.out(r.items.map((a) => articleLine(a, ctx.s)).join('\n') + '\n');
  },
};

export const update: Command = {
  usage: 'kho update <id> --file F',
  summary: "Replace an article's content from a file; highlights are re-anchored (or kept as orphans).",
  options: { file: { type: 'string' }, ...JSON_OPT },
  async run(ctx, [id], v) {
    if (!v.file) throw new KhoError('INVALID_INPUT', 'Give the new content with --file F.');
    const r = await ctx.call('articles.replaceContent', {
      id: needId(id),
      path: ctx.resolvePath(v.file as string),
    });
    if (ctx.json) return printJson(ctx, r);
    reanchored(ctx, r);
  },
};

export const refresh: Command = {
  usage: 'kho refresh <id>',
  summary: 'Fetch a saved web article again; highlights are re-anchored.',
  options: JSON_OPT,
  async run(ctx, [id]) {
    const jobId = ctx.jobId('refresh');
    await withProgress(ctx, jobId, 'Refreshing', async () => {
      const r = await ctx.call('articles.refresh', { id: needId(id), job_id: jobId });
      if (ctx.json) return printJson(ctx, r);
      reanchored(ctx, r);
    });
  },
};
