import { open } from 'node:fs/promises';
import type { OperationOutput } from '../../shared/contract.js';
import { KhoError } from '../../shared/errors.js';
import { captureBytes, captureFile, type CaptureResult } from '../capture/index.js';
import { listImportableFiles } from '../importers/folder.js';
import { parseImport, parseImportFile } from '../importers/index.js';
import { runImport } from '../import-store/run-import.js';
import { importKhoBackup, importKhoBackupBytes, looksLikeSqlite } from '../import-store/kho-backup.js';
import { Uploads } from '../import-store/uploads.js';
import type { JobHandle } from '../jobs.js';
import type { FetchQueue } from '../queue/runner.js';
import type { ArchiveContext, AreaHandlers } from './context.js';
import {
  changedBySaving,
  prepareSave,
  saveCaptureInTransaction,
  type PreparedSave,
} from './store-capture.js';

/**
 * A commit holds the archive's write lock: a few articles or a few megabytes at a time, so other
 * processes (the app, a second `kho`) wait milliseconds, not the length of a large import.
 */
const COMMIT_ARTICLES = 10;
const COMMIT_BYTES = 8 * 1024 * 1024;

/**
 * Saving many things at once: a folder of pages on this machine or sent by the client (each captured), and
 * the export files of other read-it-later apps (entries stored as the export has them, pages without
 * content fetched later by the queue).
 */
export function importHandlers(ctx: ArchiveContext, queue: FetchQueue): AreaHandlers<'import'> {
  const { jobs } = ctx;
  const uploads = new Uploads();
  return {
    'import.file': ({ path, format, tags, job_id }) =>
      jobs.run(job_id, 'import', async (job) => {
        job.progress('reading', 0, 0, path);
        if (format === 'kho' || (format === 'auto' && looksLikeSqlite(await fileStart(path)))) {
          return importKhoBackup(ctx, path, { tags, job });
        }
        const parsed = await parseImportFile(path, { format });
        return runImport(ctx, queue, parsed, { tags, job });
      }),

    'import.bytes': async ({ upload_id, name, offset, data, last, format, tags, job_id }) => {
      const { received, file } = uploads.add(upload_id, name, offset, data, last);
      if (!file) return { received, report: null };
      const report = await jobs.run(job_id, 'import', async (job) => {
        job.progress('reading', 0, 0, name);
        if (format === 'kho' || (format === 'auto' && looksLikeSqlite(file))) {
          return importKhoBackupBytes(ctx, name, file, { tags, job });
        }
        const parsed = await parseImport(name, file, { format });
        return runImport(ctx, queue, parsed, { tags, job });
      });
      return { received, report };
    },

    'import.folder': ({ path: root, tags: tagNames, job_id }) =>
      jobs.run(job_id, 'import', async (job) => {
        ctx.health.assertWritable();
        const files = listImportableFiles(root);
        return importBatches(
          ctx,
          files,
          (file) => file,
          (file) => captureFile(file, { signal: job.signal }),
          tagNames,
          job,
        );
      }),

    'import.files': ({ files, tags: tagNames, job_id }) =>
      jobs.run(job_id, 'import', async (job) => {
        ctx.health.assertWritable();
        return importBatches(
          ctx,
          files,
          (f) => f.name,
          (f) =>
            captureBytes(Buffer.from(f.text, f.encoding), {
              fileName: f.name,
              url: null,
              signal: job.signal,
            }),
          tagNames,
          job,
        );
      }),
  };
}

/** The first bytes of a file (for the SQLite signature of a Kho backup); none when it cannot be read. */
async function fileStart(file: string): Promise<Buffer> {
  try {
    const handle = await open(file, 'r');
    try {
      const start = Buffer.alloc(16);
      const { bytesRead } = await handle.read(start, 0, 16, 0);
      return start.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return Buffer.alloc(0); // the parser says what is wrong with the path
  }
}

function sizeOf(r: CaptureResult): number {
  return r.contentHtml.length + r.contentText.length + r.assets.reduce((n, a) => n + a.bytes.length, 0);
}

/**
 * Captures `items` one by one (outside any transaction) and stores them in small commits; search indexes
 * each commit as a batch. A file that fails is reported, not fatal; cancelling keeps what was committed.
 */
async function importBatches<T>(
  ctx: ArchiveContext,
  items: T[],
  nameOf: (item: T) => string,
  captureOne: (item: T) => Promise<CaptureResult>,
  tagNames: string[],
  job: JobHandle,
): Promise<OperationOutput<'import.files'>> {
  const failed: Array<{ file: string; error: string }> = [];
  let imported = 0;
  let updated = 0;
  let offered = 0;
  let pending: PreparedSave[] = [];
  let pendingBytes = 0;
  const commit = (): void => {
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    if (batch.length === 0) return;
    const outcomes = ctx.write(
      (saved) => ({ areas: changedBySaving(tagNames), ids: saved.map((o) => o.id) }),
      () => batch.map((p) => saveCaptureInTransaction(ctx, p, tagNames, 'import')),
    );
    for (const o of outcomes) {
      if (o.created) imported++;
      else if (o.offered) offered++;
      else updated++;
    }
  };
  for (let j = 0; j < items.length && !job.signal.aborted; j++) {
    const item = items[j]!;
    try {
      const result = await captureOne(item);
      pending.push(prepareSave(ctx, result));
      pendingBytes += sizeOf(result);
    } catch (err) {
      if (!(KhoError.is(err) && err.code === 'CANCELLED' && job.signal.aborted)) {
        failed.push({ file: nameOf(item), error: err instanceof Error ? err.message : String(err) });
      }
    }
    job.progress('importing', j + 1, items.length, nameOf(item));
    if (pending.length >= COMMIT_ARTICLES || pendingBytes >= COMMIT_BYTES) commit();
  }
  commit();
  if (job.signal.aborted)
    throw new KhoError(
      'CANCELLED',
      `Import cancelled after ${imported + updated + offered} articles; those stay saved.`,
    );
  return { imported, updated, offered, failed };
}
