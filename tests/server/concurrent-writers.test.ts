import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation, ArticleSummary, Tag } from '../../src/shared/schemas.js';
import { KHO_BIN, khoAsync, runKho } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';

/**
 * Issue 15, concurrency: `kho serve` and several CLI processes write one archive at once. The real server
 * process takes saves, tags, highlights and settings over HTTP while four `kho` processes import folders and
 * add highlights; afterwards every write is there, and no one was told the database is locked.
 */

const WORKERS = 4;
const FILES_PER_WORKER = 6;
const HTTP_SAVES = 12;

let tmp: ReturnType<typeof makeTempDir>;
let data: string;
let serve: ChildProcess;
let origin: string;
let token: string;
let serveErr = '';

beforeAll(async () => {
  tmp = makeTempDir('kho-concurrent-serve-');
  data = path.join(tmp.dir, 'archive');
  // The archive exists before anyone writes, as it would for a user.
  expect((await runKho(['info', '--data', data])).code).toBe(0);
  serve = spawn(process.execPath, [KHO_BIN, 'serve', '--data', data, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  serve.stderr!.on('data', (d: Buffer) => (serveErr += d.toString()));
  const url = new URL(
    await new Promise<string>((resolve, reject) => {
      createInterface({ input: serve.stdout! }).once('line', resolve);
      serve.once('exit', (code) => reject(new Error(`kho serve exited with ${code}: ${serveErr}`)));
    }),
  );
  origin = url.origin;
  token = url.searchParams.get('token')!;
});

afterAll(async () => {
  if (serve && serve.exitCode === null) {
    const exited = new Promise((resolve) => serve.once('exit', resolve));
    serve.kill('SIGTERM');
    await exited;
  }
  tmp?.cleanup();
});

async function call<T>(op: string, input: unknown): Promise<T> {
  const res = await fetch(`${origin}/api/${op}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${op} (${res.status}): ${body.error?.message}`);
  return body.value as T;
}

/** One CLI writer: imports its folder, then highlights a passage in each article it saved. */
async function cliWorker(w: number): Promise<{ errors: string[]; highlights: number }> {
  const dir = path.join(tmp.dir, `cli-${w}`);
  mkdirSync(dir);
  for (let i = 0; i < FILES_PER_WORKER; i++) {
    writeFileSync(
      path.join(dir, `cli-${w}-${i}.txt`),
      `Bài dòng lệnh ${w} số ${i}\n\nĐoạn văn của tiến trình ${w}, bài ${i}: dân vận ở Hà Nội và bộ ngành.\n`,
    );
  }
  const errors: string[] = [];
  const imported = await khoAsync(['import', dir, '--tag', `cli/${w}`, '--json', '--data', data]);
  if (imported.code !== 0 || imported.stderr) errors.push(`import ${w}: ${imported.code} ${imported.stderr}`);
  const listed = await khoAsync(['list', '--tag', `cli/${w}`, '--json', '--data', data]);
  const ids = (JSON.parse(listed.stdout || '[]') as ArticleSummary[]).map((a) => a.id);
  let highlights = 0;
  for (const id of ids.slice(0, 2)) {
    const r = await khoAsync([
      'annotate',
      String(id),
      '--quote',
      'dân vận ở Hà Nội',
      '--note',
      `cli ${w}`,
      '--json',
      '--data',
      data,
    ]);
    if (r.code !== 0 || r.stderr) errors.push(`annotate ${id}: ${r.code} ${r.stderr}`);
    else highlights++;
  }
  return { errors, highlights };
}

/** The browser's side, through kho serve at the same time: saves, tags, highlights, settings. */
async function httpWriter(): Promise<{ errors: string[]; highlights: number }> {
  const errors: string[] = [];
  let highlights = 0;
  await Promise.all(
    Array.from({ length: HTTP_SAVES }, async (_, i) => {
      try {
        const { article } = await call<{ article: ArticleSummary }>('articles.add', {
          source: 'text',
          name: `web-${i}.txt`,
          text: `Bài trên mạng số ${i}\n\nĐoạn văn qua kho serve, bài ${i}: dân vận ở Hà Nội và bộ ngành.\n`,
          tags: ['web'],
        });
        await call('tags.attach', { ids: [article.id], tags: [`web/${i % 3}`] });
        await call<Annotation>('annotations.create', {
          article_id: article.id,
          quote: 'dân vận ở Hà Nội',
          note: `web ${i}`,
        });
        highlights++;
        await call('settings.set', { key: `test.concurrent.${i}`, value: i });
      } catch (err) {
        errors.push((err as Error).message);
      }
    }),
  );
  return { errors, highlights };
}

describe('kho serve and several CLI processes writing one archive', () => {
  it('lose nothing and never surface "database is locked"', async () => {
    const [http, ...cli] = await Promise.all([
      httpWriter(),
      ...Array.from({ length: WORKERS }, (_, w) => cliWorker(w)),
    ]);
    const errors = [...http.errors, ...cli.flatMap((c) => c.errors)];
    expect(errors).toEqual([]);
    expect(serveErr).not.toMatch(/locked|SQLITE_BUSY/i);

    // Everything is there, read back through kho serve.
    const all = await call<{ items: ArticleSummary[]; total: number }>('articles.list', { limit: 1000 });
    expect(all.total).toBe(WORKERS * FILES_PER_WORKER + HTTP_SAVES);
    for (let w = 0; w < WORKERS; w++) {
      expect(
        all.items.filter((a) => a.tags.includes(`cli/${w}`)),
        `cli ${w}`,
      ).toHaveLength(FILES_PER_WORKER);
    }
    const web = all.items.filter((a) => a.tags.includes('web'));
    expect(web).toHaveLength(HTTP_SAVES);
    for (const a of web) expect(a.tags.some((t) => t.startsWith('web/'))).toBe(true);
    const { items: notes } = await call<{ items: Annotation[] }>('annotations.list', {});
    expect(notes).toHaveLength(http.highlights + cli.reduce((n, c) => n + c.highlights, 0));
    expect(notes).toHaveLength(HTTP_SAVES + WORKERS * 2);
    const { values } = await call<{ values: Record<string, unknown> }>('settings.get', {});
    expect(Object.keys(values).filter((k) => k.startsWith('test.concurrent.'))).toHaveLength(HTTP_SAVES);
    const tags = await call<{ items: Tag[] }>('tags.list', {});
    expect(tags.items.map((t) => t.name)).toEqual(
      expect.arrayContaining(['web/0', 'web/1', 'web/2', 'cli/0']),
    );
    // And search, which catches up on every process's writes, finds both kinds.
    const hits = await call<{ total: number }>('search.query', { query: 'dan van ha noi', limit: 100 });
    expect(hits.total).toBe(WORKERS * FILES_PER_WORKER + HTTP_SAVES);
  }, 240_000);
});
