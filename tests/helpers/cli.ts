import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { REPO_ROOT } from './paths.js';

/**
 * Two ways to run `kho` in tests, with one result shape:
 * - runKho / runKhoJson run it in this process through runCli (what the bin entry calls): fast, for
 *   everything about what the commands do;
 * - kho / khoAsync / khoJson spawn the built bin/kho.js as a user would: for the few tests about the
 *   real process (start-up, stdin, exit codes, another user, concurrent writers).
 */

export const KHO_BIN = path.join(REPO_ROOT, 'bin', 'kho.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KhoOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
}

export interface InProcessOptions extends KhoOptions {
  /** The working folder relative paths resolve against (default: this process's). */
  cwd?: string;
  /** Only `kho serve` waits for this; a test that serves resolves it to stop the server. */
  until?: Promise<void>;
  /** Stderr claims to be a terminal, so progress bars are drawn. */
  ttyStderr?: boolean;
}

const baseEnv = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.KHO_DATA_DIR;
  delete env.FORCE_COLOR;
  return env;
};

/** Runs one `kho` command line in-process; stdout and stderr are collected as a pipe would (no TTY). */
export async function runKho(args: string[], opts: InProcessOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: opts.ttyStderr === true },
    stdin: opts.input ?? '',
    env: { ...baseEnv(), ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
    untilStopped: () => opts.until ?? new Promise<void>(() => undefined),
  });
  return { code, stdout, stderr };
}

/** runKho with --json; throws with stderr when the command fails. */
export async function runKhoJson<T = unknown>(args: string[], opts: InProcessOptions = {}): Promise<T> {
  const r = await runKho([...args, '--json'], opts);
  if (r.code !== 0) throw new Error(`kho ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Runs the built `kho` command synchronously, as a user would. */
export function kho(args: string[], opts: KhoOptions & { prefix?: string[] } = {}): CliResult {
  const [cmd, ...pre] = opts.prefix ?? [process.execPath];
  const r = spawnSync(cmd!, [...pre, KHO_BIN, ...args], {
    input: opts.input ?? '',
    env: { ...baseEnv(), ...opts.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Same, without blocking: for concurrent writers. */
export function khoAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KHO_BIN, ...args], { env: { ...baseEnv(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function khoJson<T = unknown>(args: string[], opts: Parameters<typeof kho>[1] = {}): T {
  const r = kho([...args, '--json'], opts);
  if (r.code !== 0) throw new Error(`kho ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
