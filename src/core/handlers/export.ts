import { notesFile } from '../export/annotations-export.js';
import { gatherDocs, runExport, templateState } from '../export/run.js';
import { TEMPLATE_SETTING, validateTemplate } from '../export/obsidian/template.js';
import { notebookMatcher } from '../annotations/notebook-query.js';
import type { ExportDoc } from '../export/types.js';
import type { ArchiveContext, AreaHandlers } from './context.js';

/** The highlights a notebook filter picks, grouped by article as the notes formats take them. */
function notebookDocs(
  ctx: ArchiveContext,
  f: { query?: string; color?: string; tag?: string; article_id?: number },
  withText: boolean,
): ExportDoc[] {
  const entries = ctx.annotations
    .listForNotebook({
      sort: 'article',
      ...(f.color ? { color: f.color } : {}),
      ...(f.tag ? { tag: f.tag } : {}),
      ...(f.article_id !== undefined ? { articleId: f.article_id } : {}),
    })
    .filter(notebookMatcher(f.query));
  const byArticle = new Map<number, ExportDoc>();
  for (const { article_title: _title, article_site: _site, ...annotation } of entries) {
    let doc = byArticle.get(annotation.article_id);
    if (!doc) {
      const id = annotation.article_id;
      doc = {
        article: ctx.articles.summary(id),
        annotations: [],
        ...(withText ? { text: ctx.articles.source(id).content_text } : {}),
      };
      byArticle.set(id, doc);
    }
    doc.annotations.push(annotation);
  }
  return [...byArticle.values()];
}

/** Exports: every format through one selection (ids, tag, query), and the Obsidian template. */
export function exportHandlers(ctx: ArchiveContext): AreaHandlers<'export'> {
  return {
    'export.run': (input) => runExport(ctx, input),
    // The notes formats for one article or the whole archive, as the Reader and older clients ask for them,
    // or for exactly the highlights a notebook filter shows.
    'export.annotations': async ({ format, article_id, query, color, tag }) => {
      const withText = format === 'jsonld';
      const docs =
        query || color || tag
          ? notebookDocs(ctx, { query, color, tag, article_id }, withText)
          : await gatherDocs(ctx, article_id !== undefined ? { article_ids: [article_id] } : {}, withText);
      const { filename, mime, content } = notesFile(format === 'markdown' ? 'md' : format, docs);
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
