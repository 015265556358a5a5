import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';

/** What `npm run build` writes and packaging takes; the process tier runs after the build (`npm run test:all`). */
export function requireBuilt(): void {
  for (const f of [
    'out/main/index.js',
    'out/main/archive-host.js',
    'out/main/search-worker.js',
    'out/preload/index.cjs',
    'out/renderer/index.html',
    'out/cli/kho.js',
  ]) {
    if (!existsSync(path.join(REPO_ROOT, f)))
      throw new Error(`${f} is missing: run "npm run build" before the packaging tests.`);
  }
}

export function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Runs a command to completion, collecting its output; never through a shell. */
export function run(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd ?? REPO_ROOT,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // npm is a .cmd script on Windows, which only a shell can start.
      shell: process.platform === 'win32' && /\.cmd$/i.test(command),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The process environment without npm's per-run settings (npm test sets dozens of npm_config_*). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

/**
 * Finds an installed package the way Node does (node_modules folders from `from` upwards) and returns its
 * folder, or null when it is not installed.
 */
export function packageDir(name: string, from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

export interface InstalledPackage {
  name: string;
  version: string;
  dir: string;
}

/**
 * The packages an install of `roots` brings, resolved in this checkout's node_modules: the runtime
 * dependencies (and installed optional ones) of each, transitively.
 */
export function productionClosure(roots: string[], from = REPO_ROOT): InstalledPackage[] {
  const seen = new Map<string, InstalledPackage>();
  const visit = (name: string, fromDir: string, optional: boolean) => {
    const dir = packageDir(name, fromDir);
    if (!dir) {
      if (optional) return;
      throw new Error(`${name} (needed from ${fromDir}) is not installed`);
    }
    if (seen.has(dir)) return;
    const pkg = readJson<{
      version: string;
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    }>(path.join(dir, 'package.json'));
    seen.set(dir, { name, version: pkg.version, dir });
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const r of roots) visit(r, from, false);
  return [...seen.values()];
}

/** A file (creating its folder) with the given content and mode. */
export function writeFile(file: string, content: string | Buffer, mode?: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content, mode === undefined ? undefined : { mode });
}
