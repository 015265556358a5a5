import { writeFileSync } from 'node:fs';
import { KhoError } from '../../shared/errors.js';
import { needId } from '../args.js';
import { JSON_OPT, type Command } from '../command.js';
import { printJson, printStored, withProgress } from '../output.js';
import { inlineText } from '../terminal-text.js';

/** Moving things out of and into the archive: notes export, folder import. */

export const exportNotes: Command = {
  usage: 'kho export --format jsonld|markdown|csv [--article ID] [--out FILE]',
  summary: 'Export highlights and notes (W3C Web Annotation JSON-LD, Markdown for Obsidian, CSV).',
  options: { format: { type: 'string' }, article: { type: 'string' }, out: { type: 'string' } },
  async run(ctx, _p, v) {
    const input: Record<string, unknown> = { format: v.format ?? 'markdown' };
    if (v.article !== undefined) input.article_id = needId(v.article as string);
    const file = await ctx.call('export.annotations', input);
    if (v.out) {
      writeFileSync(ctx.resolvePath(v.out as string), file.content);
      ctx.err(`Wrote ${inlineText(v.out as string)}\n`);
    } else printStored(ctx, file.content);
  },
};

export const importFolder: Command = {
  usage: 'kho import <folder> [--tag T]... [--json]',
  summary: 'Save every .txt, .md and .html file under a folder.',
  options: { tag: { type: 'string', multiple: true }, ...JSON_OPT },
  async run(ctx, [folder], v) {
    if (!folder) throw new KhoError('INVALID_INPUT', 'Give a folder to import.');
    const jobId = ctx.jobId('import');
    const r = await withProgress(ctx, jobId, 'Importing', () =>
      ctx.call('import.folder', { path: ctx.resolvePath(folder), tags: v.tag ?? [], job_id: jobId }),
    );
    if (ctx.json) return printJson(ctx, r);
    ctx.out(`Imported ${r.imported}, updated ${r.updated}, failed ${r.failed.length}.\n`);
    for (const f of r.failed) ctx.out(ctx.s.red('  ✗ ') + `${inlineText(f.file)}: ${inlineText(f.error)}\n`);
  },
};
