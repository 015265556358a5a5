import { JSON_OPT, type Command } from '../command.js';
import { printJson } from '../output.js';
import { inlineText } from '../terminal-text.js';

export const info: Command = {
  usage: 'kho info [--json]',
  summary: 'Where the archive is and what it holds.',
  options: JSON_OPT,
  async run(ctx) {
    const i = await ctx.call('app.info', {});
    if (ctx.json) return printJson(ctx, i);
    ctx.out(
      `Kho ${i.version}\narchive   ${inlineText(i.data_dir)}\narticles  ${i.article_count}\nschema    ${i.schema_version}\n`,
    );
  },
};
