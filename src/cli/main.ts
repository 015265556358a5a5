import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { callOperation, invalidInput } from '../shared/dispatch.js';
import type { OperationName, OperationOutput } from '../shared/contract.js';
import { KhoError } from '../shared/errors.js';
import { openArchive, type Archive } from '../core/archive.js';
import { resolveDataDir } from '../core/paths.js';
import { KHO_VERSION } from '../core/version.js';
import { colourEnabled, makeStyle, type Style } from './style.js';
import {
  annotationLine,
  articleDetail,
  articleLine,
  progressBar,
  searchHitLines,
  tagLines,
} from './format.js';
import { readStdin } from './read-input.js';
import { startServer } from '../server/server.js';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

interface Ctx {
  archive: Archive;
  json: boolean;
  s: Style;
  out(text: string): void;
  err(text: string): void;
  call<N extends OperationName>(name: N, input: unknown): Promise<OperationOutput<N>>;
  progress(jobId: string, label: string): () => void;
  io: CliIo;
}

type Values = Record<string, string | boolean | string[] | undefined>;
interface Command {
  usage: string;
  summary: string;
  options?: ParseArgsConfig['options'];
  /** Commands that never touch the archive (help) leave this false. */
  run(ctx: Ctx, positionals: string[], values: Values): Promise<void>;
}

const JSON_OPT = { json: { type: 'boolean' as const } };

function needId(raw: string | undefined, what = 'article id'): number {
  if (raw === undefined) throw new KhoError('INVALID_INPUT', `Give an ${what}.`);
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new KhoError('INVALID_INPUT', `"${raw}" is not a valid ${what}.`);
  return n;
}

function printJson(ctx: Ctx, value: unknown): void {
  ctx.out(JSON.stringify(value, null, 2) + '\n');
}

const commands: Record<string, Command> = {
  add: {
    usage: 'kho add <file|url|-> [--tag T]... [--json]',
    summary: 'Save an article from a .txt/.md/.html file, a web address, or standard input (-).',
    options: { tag: { type: 'string', multiple: true }, name: { type: 'string' }, ...JSON_OPT },
    async run(ctx, [target], v) {
      if (!target)
        throw new KhoError('INVALID_INPUT', 'Give a file, a web address, or - for standard input.');
      const tags = (v.tag as string[] | undefined) ?? [];
      const jobId = `cli-${process.pid}-add`;
      let input: unknown;
      if (target === '-') {
        const bytes = await readStdin(ctx.io.stdin);
        input = {
          source: 'text',
          text: bytes.toString('base64'),
          encoding: 'base64',
          name: (v.name as string | undefined) ?? 'stdin.txt',
          tags,
          job_id: jobId,
        };
      } else if (/^https?:\/\//i.test(target)) {
        input = { source: 'url', url: target, tags, job_id: jobId };
      } else {
        input = { source: 'file', path: path.resolve(target), tags, job_id: jobId };
      }
      const stop = ctx.progress(jobId, 'Saving');
      let result;
      try {
        result = await ctx.call('articles.add', input);
      } finally {
        stop();
      }
      if (ctx.json) return printJson(ctx, result.article);
      const verb = result.created ? ctx.s.green('Saved') : ctx.s.yellow('Updated (already in the archive)');
      ctx.out(`${verb}\n${articleLine(result.article, ctx.s)}\n`);
    },
  },
  list: {
    usage:
      'kho list [--tag T] [--status unread|archived] [--view all|unread|archived|favorites|annotated|trash] [--sort saved|published|title] [--limit N] [--json]',
    summary: 'List saved articles, newest first.',
    options: {
      tag: { type: 'string' },
      status: { type: 'string' },
      view: { type: 'string' },
      sort: { type: 'string' },
      limit: { type: 'string' },
      ...JSON_OPT,
    },
    async run(ctx, _p, v) {
      const input: Record<string, unknown> = {
        limit: v.limit !== undefined ? Number(v.limit) : ctx.json ? 50_000 : 100,
      };
      for (const k of ['tag', 'status', 'view', 'sort'] as const) if (v[k] !== undefined) input[k] = v[k];
      const { items, total } = await ctx.call('articles.list', input);
      if (ctx.json) return printJson(ctx, items);
      if (items.length === 0)
        return ctx.out(ctx.s.dim('No articles here. Save one with: kho add <file|url|->') + '\n');
      ctx.out(items.map((a) => articleLine(a, ctx.s)).join('\n') + '\n');
      if (total > items.length) ctx.out(ctx.s.dim(`… ${total - items.length} more (use --limit)`) + '\n');
    },
  },
  show: {
    usage: 'kho show <id> [--json|--text]',
    summary: 'Show one article (--text prints exactly its stored plain text).',
    options: { text: { type: 'boolean' }, ...JSON_OPT },
    async run(ctx, [id], v) {
      const article = await ctx.call('articles.get', { id: needId(id) });
      if (v.text) return ctx.out(article.content_text);
      if (ctx.json) return printJson(ctx, article);
      ctx.out(articleDetail(article, ctx.s));
    },
  },
  tag: {
    usage: 'kho tag <id> <tag>...',
    summary: 'Add tags to an article ("a/b" nests b under a).',
    options: JSON_OPT,
    async run(ctx, [id, ...tags]) {
      if (tags.length === 0) throw new KhoError('INVALID_INPUT', 'Give at least one tag.');
      const { items } = await ctx.call('tags.attach', { ids: [needId(id)], tags });
      if (ctx.json) return printJson(ctx, items[0]);
      ctx.out(articleLine(items[0]!, ctx.s) + '\n');
    },
  },
  untag: {
    usage: 'kho untag <id> <tag>...',
    summary: 'Remove tags from an article.',
    options: JSON_OPT,
    async run(ctx, [id, ...tags]) {
      if (tags.length === 0) throw new KhoError('INVALID_INPUT', 'Give at least one tag.');
      const { items } = await ctx.call('tags.detach', { ids: [needId(id)], tags });
      if (ctx.json) return printJson(ctx, items[0]);
      ctx.out(articleLine(items[0]!, ctx.s) + '\n');
    },
  },
  tags: {
    usage:
      'kho tags [--json] | kho tags rename <from> <to> | kho tags merge <from>... --into <tag> | kho tags delete <tag>',
    summary: 'List tags with counts, or rename, merge or delete them.',
    options: { into: { type: 'string' }, ...JSON_OPT },
    async run(ctx, [sub, ...rest], v) {
      if (sub === 'rename') {
        if (rest.length !== 2) throw new KhoError('INVALID_INPUT', 'Usage: kho tags rename <from> <to>');
        const r = await ctx.call('tags.rename', { from: rest[0], to: rest[1] });
        return ctx.json
          ? printJson(ctx, r)
          : ctx.out(`Renamed ${r.renamed} tag${r.renamed === 1 ? '' : 's'}.\n`);
      }
      if (sub === 'merge') {
        if (!v.into || rest.length === 0)
          throw new KhoError('INVALID_INPUT', 'Usage: kho tags merge <from>... --into <tag>');
        const r = await ctx.call('tags.merge', { from: rest, into: v.into });
        return ctx.json
          ? printJson(ctx, r.tag)
          : ctx.out(`Merged into ${ctx.s.cyan(r.tag.name)} (${r.tag.count} articles).\n`);
      }
      if (sub === 'delete') {
        if (rest.length !== 1) throw new KhoError('INVALID_INPUT', 'Usage: kho tags delete <tag>');
        const r = await ctx.call('tags.delete', { name: rest[0] });
        return ctx.json
          ? printJson(ctx, r)
          : ctx.out(`Deleted the tag from ${r.count} article${r.count === 1 ? '' : 's'}.\n`);
      }
      if (sub !== undefined)
        throw new KhoError('INVALID_INPUT', `Unknown tags action "${sub}" (rename, merge or delete).`);
      const { items } = await ctx.call('tags.list', {});
      if (ctx.json) return printJson(ctx, items);
      ctx.out(tagLines(items, ctx.s) + '\n');
    },
  },
  rm: {
    usage: 'kho rm <id>...',
    summary: 'Move articles to the trash (kho restore-trash <id> brings them back).',
    options: JSON_OPT,
    async run(ctx, ids) {
      if (ids.length === 0) throw new KhoError('INVALID_INPUT', 'Give an article id.');
      const r = await ctx.call('articles.trash', { ids: ids.map((i) => needId(i)) });
      if (ctx.json) return printJson(ctx, r);
      ctx.out(
        `Moved ${r.count} article${r.count === 1 ? '' : 's'} to the trash. Undo with: kho restore-trash ${ids.join(' ')}\n`,
      );
    },
  },
  'restore-trash': {
    usage: 'kho restore-trash <id>...',
    summary: 'Bring articles back from the trash.',
    options: JSON_OPT,
    async run(ctx, ids) {
      if (ids.length === 0) throw new KhoError('INVALID_INPUT', 'Give an article id.');
      const r = await ctx.call('articles.restore', { ids: ids.map((i) => needId(i)) });
      if (ctx.json) return printJson(ctx, r);
      ctx.out(`Restored ${r.count} article${r.count === 1 ? '' : 's'}.\n`);
    },
  },
  purge: {
    usage: 'kho purge <id>... | kho purge --all',
    summary: 'Delete trashed articles for good (--all empties the trash).',
    options: { all: { type: 'boolean' }, ...JSON_OPT },
    async run(ctx, ids, v) {
      if (v.all && ids.length > 0)
        throw new KhoError('INVALID_INPUT', 'Give article ids or --all, not both.');
      if (!v.all && ids.length === 0) throw new KhoError('INVALID_INPUT', 'Give an article id (or --all).');
      const r = v.all
        ? await ctx.call('articles.emptyTrash', {})
        : await ctx.call('articles.purge', { ids: ids.map((i) => needId(i)) });
      if (ctx.json) return printJson(ctx, r);
      ctx.out(`Deleted ${r.count} article${r.count === 1 ? '' : 's'} for good.\n`);
    },
  },
  archive: {
    usage: 'kho archive <id>... [--undo]',
    summary: 'Mark articles as read and archived (--undo marks them unread).',
    options: { undo: { type: 'boolean' }, ...JSON_OPT },
    async run(ctx, ids, v) {
      if (ids.length === 0) throw new KhoError('INVALID_INPUT', 'Give an article id.');
      const r = await ctx.call('articles.update', {
        ids: ids.map((i) => needId(i)),
        status: v.undo ? 'unread' : 'archived',
      });
      if (ctx.json) return printJson(ctx, r.items);
      ctx.out(r.items.map((a) => articleLine(a, ctx.s)).join('\n') + '\n');
    },
  },
  search: {
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
      const limit = v.limit !== undefined ? Number(v.limit) : 20;
      const slim = (h: OperationOutput<'search.query'>['hits'][number]) => ({
        id: h.id,
        title: h.title,
        url: h.url,
        site: h.site,
        score: h.score,
        snippet: h.snippet,
      });
      if (v.batch) {
        const rl = createInterface({ input: ctx.io.stdin, crlfDelay: Infinity });
        for await (const line of rl) {
          const query = line.trim();
          if (!query) continue;
          try {
            const r = await ctx.call('search.query', { query, limit });
            ctx.out(JSON.stringify({ query, total: r.total, results: r.hits.map(slim) }) + '\n');
          } catch (err) {
            ctx.out(JSON.stringify({ query, error: KhoError.from(err).toJSON(), results: [] }) + '\n');
          }
        }
        return;
      }
      const query = words.join(' ');
      if (!query.trim()) throw new KhoError('INVALID_INPUT', 'Give something to search for.');
      const r = await ctx.call('search.query', {
        query,
        limit,
        offset: v.offset !== undefined ? Number(v.offset) : 0,
      });
      if (ctx.json) return printJson(ctx, r.hits.map(slim));
      if (r.hits.length === 0) return ctx.out(ctx.s.dim(`No results for ${query}.`) + '\n');
      ctx.out(r.hits.map((h) => searchHitLines(h, ctx.s)).join('\n') + '\n');
      ctx.out(
        ctx.s.dim(`${r.total} result${r.total === 1 ? '' : 's'} in ${Math.round(r.took_ms)} ms`) + '\n',
      );
    },
  },
  annotate: {
    usage:
      'kho annotate <id> --quote Q [--prefix P] [--suffix S] [--note N] [--color C] [--tag T]... [--json]',
    summary: 'Highlight a passage of an article, with an optional note.',
    options: {
      quote: { type: 'string' },
      prefix: { type: 'string' },
      suffix: { type: 'string' },
      note: { type: 'string' },
      color: { type: 'string' },
      tag: { type: 'string', multiple: true },
      ...JSON_OPT,
    },
    async run(ctx, [id], v) {
      if (v.quote === undefined) throw new KhoError('INVALID_INPUT', 'Give the passage with --quote.');
      const input: Record<string, unknown> = { article_id: needId(id), quote: v.quote, tags: v.tag ?? [] };
      for (const k of ['prefix', 'suffix', 'note', 'color'] as const) if (v[k] !== undefined) input[k] = v[k];
      const a = await ctx.call('annotations.create', input);
      if (ctx.json) return printJson(ctx, a);
      ctx.out(annotationLine(a, ctx.s) + '\n');
    },
  },
  annotations: {
    usage: 'kho annotations [<id>] [--json]',
    summary: 'List highlights and notes (of one article, or all).',
    options: JSON_OPT,
    async run(ctx, [id]) {
      const { items } = await ctx.call(
        'annotations.list',
        id === undefined ? {} : { article_id: needId(id) },
      );
      if (ctx.json) return printJson(ctx, items);
      if (items.length === 0)
        return ctx.out(ctx.s.dim('No highlights yet. Add one with: kho annotate <id> --quote "..."') + '\n');
      ctx.out(items.map((a) => annotationLine(a, ctx.s)).join('\n') + '\n');
    },
  },
  note: {
    usage: 'kho note <annotation-id> <text>',
    summary: "Set a highlight's note (an empty text removes it).",
    options: JSON_OPT,
    async run(ctx, [id, ...words]) {
      const text = words.join(' ');
      const a = await ctx.call('annotations.update', {
        id: needId(id, 'annotation id'),
        note: text.trim() === '' ? null : text,
      });
      if (ctx.json) return printJson(ctx, a);
      ctx.out(annotationLine(a, ctx.s) + '\n');
    },
  },
  unannotate: {
    usage: 'kho unannotate <annotation-id>',
    summary: 'Delete a highlight and its note.',
    options: JSON_OPT,
    async run(ctx, [id]) {
      const r = await ctx.call('annotations.delete', { id: needId(id, 'annotation id') });
      if (ctx.json) return printJson(ctx, r);
      ctx.out('Deleted the highlight.\n');
    },
  },
  export: {
    usage: 'kho export --format jsonld|markdown|csv [--article ID] [--out FILE]',
    summary: 'Export highlights and notes (W3C Web Annotation JSON-LD, Markdown for Obsidian, CSV).',
    options: { format: { type: 'string' }, article: { type: 'string' }, out: { type: 'string' } },
    async run(ctx, _p, v) {
      const input: Record<string, unknown> = { format: v.format ?? 'markdown' };
      if (v.article !== undefined) input.article_id = needId(v.article as string);
      const file = await ctx.call('export.annotations', input);
      if (v.out) {
        writeFileSync(v.out as string, file.content);
        ctx.err(`Wrote ${v.out}\n`);
      } else ctx.out(file.content);
    },
  },
  update: {
    usage: 'kho update <id> --file F',
    summary: "Replace an article's content from a file; highlights are re-anchored (or kept as orphans).",
    options: { file: { type: 'string' }, ...JSON_OPT },
    async run(ctx, [id], v) {
      if (!v.file) throw new KhoError('INVALID_INPUT', 'Give the new content with --file F.');
      const r = await ctx.call('articles.replaceContent', {
        id: needId(id),
        path: path.resolve(v.file as string),
      });
      if (ctx.json) return printJson(ctx, r);
      ctx.out(
        `${articleLine(r.article, ctx.s)}\nHighlights: ${r.annotations.anchored} anchored, ${r.annotations.orphaned} orphaned.\n`,
      );
    },
  },
  refresh: {
    usage: 'kho refresh <id>',
    summary: 'Fetch a saved web article again; highlights are re-anchored.',
    options: JSON_OPT,
    async run(ctx, [id]) {
      const jobId = `cli-${process.pid}-refresh`;
      const stop = ctx.progress(jobId, 'Refreshing');
      try {
        const r = await ctx.call('articles.refresh', { id: needId(id), job_id: jobId });
        if (ctx.json) return printJson(ctx, r);
        ctx.out(
          `${articleLine(r.article, ctx.s)}\nHighlights: ${r.annotations.anchored} anchored, ${r.annotations.orphaned} orphaned.\n`,
        );
      } finally {
        stop();
      }
    },
  },
  import: {
    usage: 'kho import <folder> [--tag T]... [--json]',
    summary: 'Save every .txt, .md and .html file under a folder.',
    options: { tag: { type: 'string', multiple: true }, ...JSON_OPT },
    async run(ctx, [folder], v) {
      if (!folder) throw new KhoError('INVALID_INPUT', 'Give a folder to import.');
      const jobId = `cli-${process.pid}-import`;
      const stop = ctx.progress(jobId, 'Importing');
      let r;
      try {
        r = await ctx.call('import.folder', { path: path.resolve(folder), tags: v.tag ?? [], job_id: jobId });
      } finally {
        stop();
      }
      if (ctx.json) return printJson(ctx, r);
      ctx.out(`Imported ${r.imported}, updated ${r.updated}, failed ${r.failed.length}.\n`);
      for (const f of r.failed) ctx.out(ctx.s.red('  ✗ ') + `${f.file}: ${f.error}\n`);
    },
  },
  reindex: {
    usage: 'kho reindex',
    summary: 'Rebuild the search index from the archive.',
    options: JSON_OPT,
    async run(ctx) {
      const jobId = `cli-${process.pid}-reindex`;
      const stop = ctx.progress(jobId, 'Indexing');
      try {
        const r = await ctx.call('search.reindex', { job_id: jobId });
        if (ctx.json) return printJson(ctx, r);
        ctx.out(`Indexed ${r.docs} articles.\n`);
      } finally {
        stop();
      }
    },
  },
  serve: {
    usage: 'kho serve [--host H] [--port P] [--token T]',
    summary: 'Serve the reader app and the archive over HTTP (127.0.0.1 by default, token required).',
    options: { host: { type: 'string' }, port: { type: 'string' }, token: { type: 'string' } },
    async run(ctx, _p, v) {
      const rendererDir = findRendererDir();
      const server = await startServer({
        archive: ctx.archive,
        rendererDir,
        host: (v.host as string | undefined) ?? '127.0.0.1',
        port: v.port !== undefined ? Number(v.port) : 7717,
        ...(v.token ? { token: v.token as string } : {}),
        log: (line) => ctx.err(line + '\n'),
      });
      ctx.out(server.url + '\n');
      ctx.err(ctx.s.dim('Kho is serving your archive. Open the address above; press Ctrl+C to stop.') + '\n');
      await new Promise<void>((resolve) => {
        const stop = () => void server.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    },
  },
  info: {
    usage: 'kho info [--json]',
    summary: 'Where the archive is and what it holds.',
    options: JSON_OPT,
    async run(ctx) {
      const info = await ctx.call('app.info', {});
      if (ctx.json) return printJson(ctx, info);
      ctx.out(
        `Kho ${info.version}\narchive   ${info.data_dir}\narticles  ${info.article_count}\nschema    ${info.schema_version}\n`,
      );
    },
  },
};

/** The built renderer, next to the CLI bundle (out/cli -> out/renderer) or from the repo when run from source. */
function findRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    path.resolve(here, '..', 'renderer'),
    path.resolve(here, '..', '..', 'out', 'renderer'),
  ]) {
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  throw new KhoError('NOT_FOUND', 'The reader app is not built yet; run "npm run build" first.');
}

function helpText(s: Style): string {
  const lines = Object.entries(commands).map(([, c]) => `  ${s.bold(c.usage)}\n      ${c.summary}`);
  return [
    `${s.bold('kho')} — your offline article archive (${KHO_VERSION})`,
    '',
    'Usage:',
    ...lines,
    '',
    'Options for every command:',
    "  --data DIR   the archive folder (else $KHO_DATA_DIR, else the desktop app's archive)",
    '  --json       machine-readable JSON only',
    '',
  ].join('\n');
}

const EXIT_CODES: Partial<Record<KhoError['code'], number>> = {
  INVALID_INPUT: 2,
  BAD_QUERY: 2,
  AMBIGUOUS: 2,
  NOT_FOUND: 3,
  ARCHIVE_LOCKED: 4,
  ARCHIVE_CORRUPT: 5,
  ARCHIVE_READ_ONLY: 6,
};

/** Runs one command line; returns the exit code. Errors are one specific line on stderr. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const s = makeStyle(colourEnabled(io.stdout, io.env));
  const es = makeStyle(colourEnabled(io.stderr, io.env));
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(helpText(s));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(KHO_VERSION + '\n');
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`kho: unknown command "${name}". Run "kho help" for the list.\n`);
    return 2;
  }
  let archive: Archive | undefined;
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: {
          data: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
          ...(command.options ?? {}),
        },
      });
    } catch (err) {
      throw new KhoError('INVALID_INPUT', `${(err as Error).message.split('\n')[0]} Usage: ${command.usage}`);
    }
    const values = parsed.values as Values;
    if (values.help) {
      io.stdout.write(`${command.usage}\n  ${command.summary}\n`);
      return 0;
    }
    const dataDir = resolveDataDir(values.data as string | undefined, io.env);
    // `kho serve` is long-lived like the app: it fetches queued pages in the background.
    archive = await openArchive(dataDir, {
      searchInWorker: name === 'serve',
      runFetchQueue: name === 'serve',
    });
    const opened = archive;
    const ctx: Ctx = {
      archive: opened,
      json: values.json === true,
      s,
      io,
      out: (text) => void io.stdout.write(text),
      err: (text) => void io.stderr.write(text),
      call: (op, input) => callOperation(opened.handlers, op, input),
      progress: (jobId, label) => showProgress(opened, jobId, label, io.stderr),
    };
    await command.run(ctx, parsed.positionals, values);
    await opened.flushSearch();
    return 0;
  } catch (err) {
    const e = err instanceof KhoError ? err : KhoError.from(err);
    io.stderr.write(`${es.red('kho:')} ${e.message}\n`);
    return EXIT_CODES[e.code] ?? 1;
  } finally {
    await archive?.close();
  }
}

/** Polls a job and redraws a progress bar on stderr when it is a terminal; returns the stop function. */
function showProgress(
  archive: Archive,
  jobId: string,
  label: string,
  stream: NodeJS.WriteStream,
): () => void {
  if (!stream.isTTY) return () => undefined;
  let drawn = false;
  const timer = setInterval(() => {
    archive.handlers['jobs.get']({ job_id: jobId }).then(
      (j) => {
        const bar = j.total > 0 ? progressBar(j.done, j.total) : j.phase;
        stream.write(`\r\x1b[2K${label}: ${bar}`);
        drawn = true;
      },
      () => undefined,
    );
  }, 200);
  return () => {
    clearInterval(timer);
    if (drawn) stream.write('\r\x1b[2K');
  };
}

export { invalidInput };
