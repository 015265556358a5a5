import type { QueueItem, QueueStatus } from '../../shared/schemas.js';
import { KhoError } from '../../shared/errors.js';
import { needId } from '../args.js';
import { JSON_OPT, type Command, type Ctx } from '../command.js';
import { printJson, withProgress } from '../output.js';
import { inlineText } from '../terminal-text.js';

/**
 * `kho jobs`: the background fetch queue of imported pages — how far it got and what failed and why;
 * `retry` queues failures again, `run` fetches now (in this process), `pause` and `resume` hold it.
 */
export const jobs: Command = {
  usage: 'kho jobs [run | retry [ID]... | pause | resume] [--json]',
  summary:
    'The background fetch queue of imported pages: progress and failures with their reasons; retry, run now, pause, resume.',
  options: { ...JSON_OPT },
  async run(ctx, [sub, ...ids], _v) {
    switch (sub) {
      case undefined:
      case 'list':
        return show(ctx);
      case 'retry': {
        const input = ids.length > 0 ? { ids: ids.map((id) => needId(id, 'queue id')) } : {};
        const r = await ctx.call('queue.retry', input);
        if (ctx.json) return printJson(ctx, r);
        ctx.out(`Queued ${r.count} ${r.count === 1 ? 'fetch' : 'fetches'} again.\n`);
        return;
      }
      case 'run': {
        const status = await runQueue(ctx);
        if (ctx.json) return printJson(ctx, status);
        ctx.out(describeQueue(status) + '\n');
        return;
      }
      case 'pause':
      case 'resume': {
        const status = await ctx.call(sub === 'pause' ? 'queue.pause' : 'queue.resume', {});
        if (ctx.json) return printJson(ctx, status);
        ctx.out(describeQueue(status) + '\n');
        return;
      }
      default:
        throw new KhoError('INVALID_INPUT', `"${sub}" is not a jobs command. Usage: ${jobs.usage}`);
    }
  },
};

async function show(ctx: Ctx): Promise<void> {
  const status = await ctx.call('queue.status', {});
  const failures = await ctx.call('queue.list', { limit: 1000 });
  if (ctx.json) return printJson(ctx, { status, failures: failures.items, failures_total: failures.total });
  ctx.out(describeQueue(status) + '\n');
  if (failures.total === 0) return;
  ctx.out(`\nFailed or no longer available (${failures.total}):\n`);
  for (const item of failures.items) ctx.out(describeFailure(ctx, item));
  if (failures.total > failures.items.length)
    ctx.out(`  … and ${failures.total - failures.items.length} more\n`);
  ctx.out(ctx.s.dim('\nTry them again with "kho jobs retry" (all) or "kho jobs retry ID...".') + '\n');
}

function describeFailure(ctx: Ctx, q: QueueItem): string {
  const what = q.kind === 'images' ? 'images of ' : '';
  return (
    `  ${ctx.s.bold(String(q.id))}  ${q.state === 'unavailable' ? ctx.s.red('unavailable') : ctx.s.red('failed')}  ` +
    `${what}${inlineText(q.title)} — ${inlineText(q.url)}\n      ${inlineText(q.last_error ?? '')} (${q.attempts} ${q.attempts === 1 ? 'attempt' : 'attempts'})\n`
  );
}

/** One line: the queue's counts, paused or not, and when the next queued page is due. */
export function describeQueue(s: QueueStatus): string {
  const counts = `${s.queued} queued, ${s.running} running, ${s.done} done, ${s.failed} failed, ${s.unavailable} unavailable`;
  const next = s.queued > 0 && s.next_attempt_at ? `; next at ${s.next_attempt_at}` : '';
  return `Fetch queue: ${counts}${s.paused ? ' (paused: "kho jobs resume" to go on)' : ''}${next}.`;
}

/** Fetches queued pages in this process until none is left (Ctrl+C stops; the rest stays queued). */
export async function runQueue(ctx: Ctx): Promise<QueueStatus> {
  const jobId = ctx.jobId('fetch');
  return withProgress(ctx, jobId, 'Fetching pages', () => ctx.call('queue.run', { job_id: jobId }));
}
