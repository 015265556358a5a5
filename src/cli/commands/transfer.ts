import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXPORT_FORMATS } from '../../shared/enums.js';
import { KhoError } from '../../shared/errors.js';
import { needId } from '../args.js';
import { JSON_OPT, type Command, type Ctx } from '../command.js';
import { plural, printJson, printStored } from '../output.js';
import { inlineText } from '../terminal-text.js';

/** Moving articles and notes out of the archive, and the Obsidian template (imports: ./import.ts). */

const FORMATS = EXPORT_FORMATS.join('|');

/** What --format names: the contract's formats, and "markdown" as the older name of md. */
function exportFormat(raw: string | undefined): string {
  if (raw === undefined || raw === 'markdown') return 'md';
  return raw;
}

/** Where a file goes: --out (a file, or a folder to put it in), else the current folder for binary files. */
function target(ctx: Ctx, out: string | undefined, filename: string): string | null {
  if (out === undefined) return null;
  const p = ctx.resolvePath(out);
  return existsSync(p) && statSync(p).isDirectory() ? path.join(p, filename) : p;
}

export const exportNotes: Command = {
  usage: `kho export --format ${FORMATS} [--out PATH] [--article ID]... [--tag T] [--query Q] [--template FILE] [--json]`,
  summary:
    'Export articles and notes: Markdown, an Obsidian/Logseq folder (--out FOLDER; re-exports update it), ' +
    'W3C JSON-LD, CSV, Readwise CSV, an HTML digest or EPUB. --article, --tag and --query choose the articles.',
  options: {
    format: { type: 'string' },
    article: { type: 'string', multiple: true },
    tag: { type: 'string' },
    query: { type: 'string' },
    template: { type: 'string' },
    out: { type: 'string' },
    ...JSON_OPT,
  },
  async run(ctx, _p, v) {
    const format = exportFormat(v.format as string | undefined);
    const out = v.out as string | undefined;
    const input: Record<string, unknown> = { format };
    const ids = (v.article as string[] | undefined) ?? [];
    if (ids.length) input.article_ids = ids.map((id) => needId(id));
    if (v.tag !== undefined) input.tag = v.tag;
    if (v.query !== undefined) input.query = v.query;
    if (v.template !== undefined) {
      const file = ctx.resolvePath(v.template as string);
      try {
        input.template = readFileSync(file, 'utf8');
      } catch {
        throw new KhoError('UNREADABLE_FILE', `Cannot read the template ${file}.`);
      }
    }
    if (format === 'obsidian' && out !== undefined) input.folder = ctx.resolvePath(out);
    const r = await ctx.call('export.run', input);
    if (r.kind === 'folder') {
      if (ctx.json) return printJson(ctx, r);
      const count = (action: string) => r.files.filter((f) => f.action === action).length;
      ctx.out(
        `${inlineText(r.path)}: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged` +
          (count('skipped') ? `, ${count('skipped')} skipped` : '') +
          ` (${plural(r.articles, 'article')}, ${plural(r.highlights, 'highlight')}).\n`,
      );
      for (const f of r.files.filter((x) => x.action === 'skipped')) {
        ctx.out(ctx.s.red('  ✗ ') + `${inlineText(f.name)}: ${inlineText(f.reason ?? '')}\n`);
      }
      return;
    }
    const bytes = Buffer.from(r.content, r.encoding === 'base64' ? 'base64' : 'utf8');
    // Binary files never go to the terminal: without --out they land in the current folder.
    const file =
      target(ctx, out, r.filename) ?? (r.encoding === 'base64' ? ctx.resolvePath(r.filename) : null);
    if (file === null) {
      if (ctx.json) return printJson(ctx, r);
      return printStored(ctx, r.content);
    }
    writeFileSync(file, bytes);
    if (ctx.json) {
      const { content: _content, ...rest } = r;
      return printJson(ctx, { ...rest, path: file, bytes: bytes.length });
    }
    ctx.err(
      `Wrote ${inlineText(file)} (${plural(r.articles, 'article')}, ${plural(r.highlights, 'highlight')}).\n`,
    );
  },
};

export const exportTemplate: Command = {
  usage: 'kho export-template [--set FILE | --reset] [--json]',
  summary: 'Show the Obsidian export template, save one from a file (checked first), or restore the default.',
  options: { set: { type: 'string' }, reset: { type: 'boolean' }, ...JSON_OPT },
  async run(ctx, _p, v) {
    if (v.set !== undefined && v.reset)
      throw new KhoError('INVALID_INPUT', 'Give --set FILE or --reset, not both.');
    let r;
    if (v.set !== undefined) {
      const file = ctx.resolvePath(v.set as string);
      let template: string;
      try {
        template = readFileSync(file, 'utf8');
      } catch {
        throw new KhoError('UNREADABLE_FILE', `Cannot read the template ${file}.`);
      }
      r = await ctx.call('export.setTemplate', { template });
    } else if (v.reset) {
      r = await ctx.call('export.setTemplate', { template: null });
    } else {
      r = await ctx.call('export.getTemplate', {});
    }
    if (ctx.json) return printJson(ctx, r);
    if (v.set !== undefined || v.reset)
      ctx.err(r.custom ? 'Saved the template.\n' : 'Restored the default template.\n');
    else printStored(ctx, r.template);
  },
};
