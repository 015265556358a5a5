import type { Archive } from '../core/archive.js';
import { progressBar } from './format.js';
import type { BaseCtx, Ctx } from './command.js';
import type { CliWriter } from './io.js';
import { blockText, jsonText } from './terminal-text.js';

/** --json output: the contract's objects as they are, pretty-printed (control characters escaped). */
export function printJson(ctx: BaseCtx, value: unknown): void {
  ctx.out(jsonText(value, 2) + '\n');
}

/**
 * Archive text printed as it is (`show --text`, an export without --out): exactly its bytes into a pipe or
 * a file, control characters made visible on a terminal, where they would act.
 */
export function printStored(ctx: Ctx, text: string): void {
  ctx.out(ctx.io.stdout.isTTY ? blockText(text) : text);
}

/** "1 article" / "2 articles". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Redraws a progress bar on stderr (when it is a terminal) from the archive's job.progress events for this
 * job; returns the stop function.
 */
export function showProgress(archive: Archive, jobId: string, label: string, stream: CliWriter): () => void {
  if (!stream.isTTY) return () => undefined;
  let drawn = false;
  const unsubscribe = archive.subscribe((event) => {
    if (event.name !== 'job.progress' || event.payload.job_id !== jobId) return;
    const j = event.payload;
    if (j.state !== 'running') return;
    const bar = j.total > 0 ? progressBar(j.done, j.total) : j.phase;
    stream.write(`\r\x1b[2K${label}: ${bar}`);
    drawn = true;
  });
  return () => {
    unsubscribe();
    if (drawn) stream.write('\r\x1b[2K');
  };
}

/** Runs a long operation under a progress bar that is cleared however it ends. */
export async function withProgress<T>(
  ctx: Ctx,
  jobId: string,
  label: string,
  run: () => Promise<T>,
): Promise<T> {
  const stop = ctx.progress(jobId, label);
  try {
    return await run();
  } finally {
    stop();
  }
}
