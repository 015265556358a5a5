import type { OperationOutput } from '../../shared/contract.js';
import { KhoError } from '../../shared/errors.js';
import type { ArchiveContext } from '../handlers/context.js';
import type { ImportProblem, ImportResult } from '../importers/index.js';
import type { JobHandle } from '../jobs.js';
import type { FetchQueue } from '../queue/runner.js';
import { prepareEntry, type PreparedEntry } from './prepare.js';
import { emptyTally, EntryStore } from './store.js';

export type ImportReport = OperationOutput<'import.file'>;

/** Entries per transaction: big enough that search indexes whole batches, small enough to keep locks short. */
const BATCH = 200;
/** Problems listed in a report (the parsers cap theirs at 1000 too); the rest are counted. */
const MAX_PROBLEMS = 1000;

/**
 * Stores a parsed export: entries are prepared one by one outside any transaction (content capture), then
 * written in batches, each batch one transaction. Cancelling keeps the batches already written; running
 * the import again adds only what is missing. Pages to fetch go to the background queue, which is woken
 * after each batch.
 */
export async function runImport(
  ctx: ArchiveContext,
  queue: FetchQueue,
  parsed: ImportResult,
  opts: { tags: readonly string[]; job: JobHandle },
): Promise<ImportReport> {
  const { job } = opts;
  const problems: ImportProblem[] = [...parsed.problems];
  const tally = emptyTally();
  const total = parsed.entries.length;
  const store = new EntryStore(ctx, queue.repo, opts.tags);
  for (let start = 0; start < total; start += BATCH) {
    const batch: PreparedEntry[] = [];
    const end = Math.min(total, start + BATCH);
    for (let i = start; i < end && !job.signal.aborted; i++) {
      const entry = parsed.entries[i]!;
      batch.push(await prepareEntry(ctx, entry, i + 1, job.signal, problems));
      job.progress('importing', i + 1, total, entry.title);
    }
    // Counted only once the batch is committed: a failed transaction saved none of it.
    const batchTally = emptyTally();
    ctx.write({ areas: ['articles', 'tags', 'annotations'] }, () => {
      for (const p of batch) store.store(p, batchTally);
    });
    for (const k of Object.keys(tally) as Array<keyof typeof tally>) tally[k] += batchTally[k];
    queue.wake();
    // Let the process answer other calls (and a cancel) between batches.
    await new Promise((resolve) => setImmediate(resolve));
    if (job.signal.aborted) {
      throw new KhoError(
        'CANCELLED',
        `Import cancelled after ${tally.imported + tally.skipped_existing} of ${total} entries; those stay saved, and importing the file again adds the rest.`,
      );
    }
  }
  return {
    format: parsed.format,
    variant: parsed.variant,
    entries: total,
    ...tally,
    problems: capProblems(problems),
  };
}

function capProblems(problems: ImportProblem[]): ImportProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { where: 'file', message: `${problems.length - MAX_PROBLEMS} more problems are not listed.` },
  ];
}
