import type { OperationOutput, ParsedInput } from '../../shared/contract.js';
import type { AnnotationsRepo } from '../db/annotations-repo.js';
import type { AssetsRepo } from '../db/assets-repo.js';
import type { SettingsRepo } from '../db/settings-repo.js';
import { notesFile } from './annotations-export.js';
import { buildEpub } from './epub/index.js';
import { htmlDigest } from './html-digest.js';
import { obsidianZip, writeObsidianFolder } from './obsidian/folder.js';
import { DEFAULT_TEMPLATE, TEMPLATE_SETTING, validateTemplate } from './obsidian/template.js';
import { readwiseCsv } from './readwise-csv.js';
import { selectArticles, type Selection, type SelectionSources } from './selection.js';
import type { ExportDoc } from './types.js';
import { KhoError } from '../../shared/errors.js';

export type ExportInput = ParsedInput<'export.run'>;
export type ExportResult = OperationOutput<'export.run'>;
export type TemplateState = OperationOutput<'export.getTemplate'>;

export interface ExportSources extends SelectionSources {
  annotations: AnnotationsRepo;
  assets: AssetsRepo;
  settings: SettingsRepo;
}

/** The saved Obsidian template (or the default), checked: a bad saved one fails with the setting's name. */
export function templateState(settings: SettingsRepo): TemplateState {
  const saved = settings.get<unknown>(TEMPLATE_SETTING);
  if (saved === undefined)
    return { template: DEFAULT_TEMPLATE, default_template: DEFAULT_TEMPLATE, custom: false };
  if (typeof saved !== 'string') {
    throw new KhoError(
      'INVALID_INPUT',
      `The saved Obsidian template (setting "${TEMPLATE_SETTING}") is not text; save a new one or restore the default.`,
    );
  }
  return { template: saved, default_template: DEFAULT_TEMPLATE, custom: true };
}

/** The selected articles with their highlights (and their text, which only JSON-LD's positions need). */
export async function gatherDocs(
  src: ExportSources,
  sel: Selection,
  withText: boolean,
): Promise<ExportDoc[]> {
  const articles = await selectArticles(src, sel);
  return articles.map((article) => ({
    article,
    annotations: src.annotations.list(article.id),
    ...(withText ? { text: src.articles.source(article.id).content_text } : {}),
  }));
}

/** One export, whatever the format: select the articles, gather what the format needs, write it. */
export async function runExport(
  src: ExportSources,
  input: ExportInput,
  now = new Date(),
): Promise<ExportResult> {
  let template = DEFAULT_TEMPLATE;
  if (input.format === 'obsidian') {
    template = input.template ?? templateState(src.settings).template;
    validateTemplate(template);
  }
  const docs = await gatherDocs(src, input, input.format === 'jsonld');
  const counts = { articles: docs.length, highlights: docs.reduce((n, d) => n + d.annotations.length, 0) };
  const file = (() => {
    switch (input.format) {
      case 'md':
      case 'jsonld':
      case 'csv':
        return notesFile(input.format, docs, now);
      case 'readwise-csv':
        return readwiseCsv(docs, now);
      case 'html':
        return htmlDigest(docs, now);
      case 'epub':
        return buildEpub(
          docs.map((d) => ({ ...d, html: src.articles.detail(d.article.id).content_html })),
          { asset: (sha) => src.assets.get(sha) },
          now,
        );
      case 'obsidian':
        return input.folder === undefined ? obsidianZip(docs, template, now) : null;
    }
  })();
  if (file) return { kind: 'file', ...file, ...counts };
  return { kind: 'folder', ...writeObsidianFolder(input.folder!, docs, template), ...counts };
}
