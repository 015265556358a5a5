import { statSync } from 'node:fs';
import type { OperationOutput } from '../../shared/contract.js';
import { IMPORT_FORMATS } from '../../shared/enums.js';
import { KhoError } from '../../shared/errors.js';
import { JSON_OPT, type Command, type Ctx } from '../command.js';
import { plural, printJson, withProgress } from '../output.js';
import { inlineText } from '../terminal-text.js';
import { describeQueue, runQueue } from './jobs.js';

const FORMATS = ['auto', ...IMPORT_FORMATS] as const;
type Format = (typeof FORMATS)[number];

/**
 * `kho import`: an export file of another read-it-later app (entries stored as the export has them,
 * pages without content queued for fetching), or a folder of pages (each file captured, as before).
 */
export const importCommand: Command = {
  usage: `kho import <file|folder> [--format ${FORMATS.join('|')}] [--tag T]... [--fetch] [--json]`,
  summary:
    'Import an export of Pocket, Instapaper, Omnivore, wallabag, Readwise or browser bookmarks (--fetch: fetch ' +
    'its pages now), or save every .html, .mhtml, .md and .txt file under a folder.',
  options: {
    format: { type: 'string' },
    tag: { type: 'string', multiple: true },
    fetch: { type: 'boolean' },
    ...JSON_OPT,
  },
  async run(ctx, [target], v) {
    if (!target) throw new KhoError('INVALID_INPUT', 'Give an export file or a folder to import.');
    const format = (v.format ?? 'auto') as Format;
    if (!FORMATS.includes(format)) {
      throw new KhoError(
        'INVALID_INPUT',
        `"${String(v.format)}" is not a format Kho imports; use one of ${FORMATS.join(', ')}.`,
      );
    }
    const path = ctx.resolvePath(target);
    const tags = (v.tag as string[] | undefined) ?? [];
    if (isFolder(path)) {
      if (format !== 'auto') {
        throw new KhoError('INVALID_INPUT', `${target} is a folder; --format is for export files.`);
      }
      return importFolder(ctx, path, tags);
    }
    const jobId = ctx.jobId('import');
    const report = await withProgress(ctx, jobId, 'Importing', () =>
      ctx.call('import.file', { path, format, tags, job_id: jobId }),
    );
    const fetched = v.fetch && report.queued + report.images_queued > 0 ? await runQueue(ctx) : null;
    if (ctx.json) return printJson(ctx, fetched ? { ...report, queue: fetched } : report);
    printReport(ctx, report);
    if (fetched) ctx.out(describeQueue(fetched) + '\n');
    else if (report.queued + report.images_queued > 0) {
      ctx.out(
        ctx.s.dim(
          'Pages are fetched while the app or "kho serve" runs; "kho jobs run" fetches them now and "kho jobs" shows how far it got.',
        ) + '\n',
      );
    }
  },
};

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // import.file says what is wrong with the path
  }
}

async function importFolder(ctx: Ctx, path: string, tags: string[]): Promise<void> {
  const jobId = ctx.jobId('import');
  const r = await withProgress(ctx, jobId, 'Importing', () =>
    ctx.call('import.folder', { path, tags, job_id: jobId }),
  );
  if (ctx.json) return printJson(ctx, r);
  ctx.out(`Imported ${r.imported}, updated ${r.updated}, failed ${r.failed.length}.\n`);
  for (const f of r.failed) ctx.out(ctx.s.red('  ✗ ') + `${inlineText(f.file)}: ${inlineText(f.error)}\n`);
}

function printReport(ctx: Ctx, r: OperationOutput<'import.file'>): void {
  ctx.out(
    `${inlineText(r.variant)}: ${r.entries} ${r.entries === 1 ? 'entry' : 'entries'} — imported ${r.imported}, ` +
      `already in the archive ${r.skipped_existing}.\n`,
  );
  if (r.queued + r.images_queued > 0) {
    ctx.out(
      `Queued ${plural(r.queued, 'page')} to fetch` +
        (r.images_queued > 0 ? ` and the images of ${plural(r.images_queued, 'article')}` : '') +
        '.\n',
    );
  }
  if (r.highlights_added > 0) {
    ctx.out(
      `Added ${plural(r.highlights_added, 'highlight')}` +
        (r.highlights_orphaned > 0 ? ` (${r.highlights_orphaned} not yet placed in their text)` : '') +
        '.\n',
    );
  }
  if (r.problems.length > 0) {
    ctx.out(`${plural(r.problems.length, 'problem')}:\n`);
    for (const p of r.problems)
      ctx.out(ctx.s.red('  ✗ ') + `${inlineText(p.where)}: ${inlineText(p.message)}\n`);
  }
}
