import { writeFileSync } from 'node:fs';
import { needId } from '../args.js';
import type { Command } from '../command.js';

/** Moving notes out of the archive (imports: ./import.ts). */

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
      ctx.err(`Wrote ${v.out}\n`);
    } else ctx.out(file.content);
  },
};
