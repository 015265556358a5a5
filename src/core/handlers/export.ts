import { notesFile } from '../export/annotations-export.js';
import { gatherDocs, runExport, templateState } from '../export/run.js';
import { TEMPLATE_SETTING, validateTemplate } from '../export/obsidian/template.js';
import type { ArchiveContext, AreaHandlers } from './context.js';

/** Exports: every format through one selection (ids, tag, query), and the Obsidian template. */
export function exportHandlers(ctx: ArchiveContext): AreaHandlers<'export'> {
  return {
    'export.run': (input) => runExport(ctx, input),
    // The notes formats for one article or the whole archive, as the Reader and older clients ask for them.
    'export.annotations': async ({ format, article_id }) => {
      const sel = article_id !== undefined ? { article_ids: [article_id] } : {};
      const { filename, mime, content } = notesFile(
        format === 'markdown' ? 'md' : format,
        await gatherDocs(ctx, sel, format === 'jsonld'),
      );
      return { filename, mime, content };
    },
    'export.getTemplate': async () => templateState(ctx.settings),
    'export.setTemplate': async ({ template }) => {
      if (template !== null) validateTemplate(template);
      ctx.write({ areas: ['settings'] }, () =>
        ctx.settings.set(TEMPLATE_SETTING, template === null ? null : template.normalize('NFC')),
      );
      return templateState(ctx.settings);
    },
  };
}
