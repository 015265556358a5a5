import { createInterface } from 'node:readline';
import type { OperationOutput } from '../../shared/contract.js';
import { KhoError } from '../../shared/errors.js';
import { wholeNumber } from '../args.js';
import { JSON_OPT, type Command, type Ctx } from '../command.js';
import { searchHitLines } from '../format.js';
import { stdinStream } from '../io.js';
import { plural, printJson, withProgress } from '../output.js';
import { inlineText, jsonText } from '../terminal-text.js';

/** Searching the archive and rebuilding its index. */

type Hit = OperationOutput<'search.query'>['hits'][number];

/** The fields --json and --batch print for a hit. */
function slim(h: Hit) {
  return { id: h.id, title: h.title, url: h.url, site: h.site, score: h.score, snippet: h.snippet };
}

/** One JSON line per query read from stdin; a bad query answers with its error instead of stopping. */
async function searchBatch(ctx: Ctx, limit: number): Promise<void> {
  const rl = createInterface({ input: stdinStream(ctx.io.stdin), crlfDelay: Infinity });
  for await (const line of rl) {
    const query = line.trim();
    if (!query) continue;
    try {
      const r = await ctx.call('search.query', { query, limit });
      ctx.out(jsonText({ query, total: r.total, results: r.hits.map(slim) }) + '\n');
    } catch (err) {
      ctx.out(jsonText({ query, error: KhoError.from(err).toJSON(), results: [] }) + '\n');
    }
  }
}

export const search: Command = {
  usage: 'kho search <query> [--limit N] [--json] | kho search --batch [--limit N]',
  summary:
    'Search the archive ("phrases", -not, title:, tag:, site:, lang:, is:unread, before:/after:, word*, word~1).',
  options: {
    limit: { type: 'string' },
    offset: { type: 'string' },
    batch: { type: 'boolean' },
    ...JSON_OPT,
  },
  async run(ctx, words, v) {
    const limit = wholeNumber(v.limit as string | undefined, 'limit', 1, Number.MAX_SAFE_INTEGER) ?? 20;
    if (v.batch) return searchBatch(ctx, limit);
    const query = words.join(' ');
    if (!query.trim()) throw new KhoError('INVALID_INPUT', 'Give something to search for.');
    const r = await ctx.call('search.query', {
      query,
      limit,
      offset: wholeNumber(v.offset as string | undefined, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0,
    });
    if (ctx.json) return printJson(ctx, r.hits.map(slim));
    if (r.hits.length === 0) return ctx.out(ctx.s.dim(`No results for ${inlineText(query)}.`) + '\n');
    ctx.out(r.hits.map((h) => searchHitLines(h, ctx.s)).join('\n') + '\n');
    ctx.out(ctx.s.dim(`${plural(r.total, 'result')} in ${Math.round(r.took_ms)} ms`) + '\n');
  },
};

export const reindex: Command = {
  usage: 'kho reindex',
  summary: 'Rebuild the search index from the archive.',
  options: JSON_OPT,
  async run(ctx) {
    const jobId = ctx.jobId('reindex');
    await withProgress(ctx, jobId, 'Indexing', async () => {
      const r = await ctx.call('search.reindex', { job_id: jobId });
      if (ctx.json) return printJson(ctx, r);
      ctx.out(`Indexed ${r.docs} articles.\n`);
    });
  },
};
