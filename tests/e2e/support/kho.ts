import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../../helpers/paths.js';

/** A running `kho serve` for end-to-end tests. */
export interface KhoServe {
  /** The URL printed by `kho serve` (with the one-time token). */
  url: string;
  origin: string;
  stop(): Promise<void>;
  /** How it was started: the real CLI process, or in-process while the CLI is not built. */
  mode: 'cli' | 'in-process';
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

/**
 * Starts `node bin/kho.js serve --data <dir> --port 0` and reads the URL from its first stdout line.
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
    stop: async () => {
      await server.close();
      await archive.close();
    },
  };
}

function startCli(dataDir: string): Promise<KhoServe> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'bin', 'kho.js'), 'serve', '--data', dataDir, '--port', '0'],
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
