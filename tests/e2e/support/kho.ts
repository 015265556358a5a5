import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from '../../helpers/paths.js';

/** A running `kho serve` for end-to-end tests. */
export interface KhoServe {
  /** The URL printed by `kho serve` (with the one-time token). */
  url: string;
  origin: string;
  stop(): Promise<void>;
  /** How it was started: the real CLI process, or the same server in the test's process. */
  mode: 'cli' | 'in-process';
  /** Calls a contract operation over HTTP with the token, as the renderer does; throws on an error. */
  call<T = unknown>(op: string, input: unknown): Promise<T>;
}

export const CLI_ENTRY = path.join(REPO_ROOT, 'out', 'cli', 'kho.js');
export const RENDERER_DIR = path.join(REPO_ROOT, 'out', 'renderer');
export const CHROMIUM = process.env.KHO_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Chromium as these specs run it: Debian's binary, root-safe flags, no downloads. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Starts `node bin/kho.js serve --data <dir> --port 0 --no-connector` (these specs leave the browser
 * extension's fixed port alone) and reads the URL from its first stdout line.
 * When the CLI has not been built (out/cli/kho.js missing) it starts the same server in-process with
 * the real archive, and says so, so renderer work is not blocked on the CLI build.
 */
export async function startKho(dataDir: string): Promise<KhoServe> {
  if (existsSync(CLI_ENTRY) && !process.env.KHO_E2E_IN_PROCESS) return startCli(dataDir);
  console.warn('[e2e] out/cli/kho.js is missing: starting the server in-process instead of through the CLI.');
  const [{ openArchive }, { startServer }] = await Promise.all([
    import('../../../src/core/archive.js'),
    import('../../../src/server/server.js'),
  ]);
  // Like `kho serve`, the archive fetches queued pages in the background.
  const archive = await openArchive(dataDir, { runFetchQueue: true });
  const server = await startServer({
    archive,
    rendererDir: RENDERER_DIR,
    port: 0,
    ...(process.env.KHO_E2E_DEBUG ? { log: (l: string) => console.error('[serve]', l) } : {}),
  });
  return {
    url: server.url,
    origin: server.origin,
    mode: 'in-process',
    call: apiCaller(server.url),
    stop: async () => {
      await server.close();
      await archive.close();
    },
  };
}

/**
 * Empties a served archive through the API, for specs that give each test a fresh state on one server:
 * every article (with its highlights, through the foreign keys), tag and setting. Checks that nothing is
 * left, so state a later feature adds cannot leak between tests unnoticed.
 */
export async function resetArchive(kho: KhoServe): Promise<void> {
  type Listed = { items: Array<{ id: number }> };
  const ids = new Set<number>();
  for (const view of ['all', 'trash']) {
    for (const a of (await kho.call<Listed>('articles.list', { view, limit: 50_000 })).items) ids.add(a.id);
  }
  if (ids.size > 0) await kho.call('articles.trash', { ids: [...ids] });
  await kho.call('articles.emptyTrash', {});
  const { items: tags } = await kho.call<{ items: Array<{ name: string }> }>('tags.list', {});
  // Deepest first, so deleting a parent never leaves a child to a later call.
  for (const { name } of tags.sort((x, y) => y.name.split('/').length - x.name.split('/').length)) {
    await kho.call('tags.delete', { name });
  }
  const { values } = await kho.call<{ values: Record<string, unknown> }>('settings.get', {});
  for (const key of Object.keys(values)) await kho.call('settings.set', { key, value: null });

  const left = {
    articles: (await kho.call<{ article_count: number }>('app.info', {})).article_count,
    trash: (await kho.call<Listed>('articles.list', { view: 'trash' })).items.length,
    tags: (await kho.call<{ items: unknown[] }>('tags.list', {})).items.length,
    annotations: (await kho.call<{ items: unknown[] }>('annotations.list', {})).items.length,
    settings: Object.keys((await kho.call<{ values: object }>('settings.get', {})).values).length,
  };
  if (Object.values(left).some((n) => n !== 0))
    throw new Error(`The archive is not empty after a reset: ${JSON.stringify(left)}`);
}

function startCli(dataDir: string): Promise<KhoServe> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'bin', 'kho.js'), 'serve', '--data', dataDir, '--port', '0', '--no-connector'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`kho serve printed no URL within 30 s. stderr:\n${stderr}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kho serve exited with ${code} before printing its URL. stderr:\n${stderr}`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const url = line.trim();
      if (!/^http:\/\/[^ ]+\?token=/.test(url)) {
        child.kill('SIGTERM');
        reject(new Error(`kho serve's first line is not its URL: ${url}`));
        return;
      }
      child.removeAllListeners('exit');
      resolve({
        url,
        origin: new URL(url).origin,
        mode: 'cli',
        call: apiCaller(url),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      });
    });
  });
}

function apiCaller(url: string): KhoServe['call'] {
  const { origin, searchParams } = new URL(url);
  const token = searchParams.get('token')!;
  return async <T>(op: string, input: unknown): Promise<T> => {
    const res = await fetch(`${origin}/api/${op}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
    const json = (await res.json()) as { ok: boolean; value?: T; error?: unknown };
    if (!json.ok) throw new Error(`${op}: ${JSON.stringify(json.error)}`);
    return json.value as T;
  };
}
