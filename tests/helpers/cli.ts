import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

export const KHO_BIN = path.join(REPO_ROOT, 'bin', 'kho.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const baseEnv = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.KHO_DATA_DIR;
  delete env.FORCE_COLOR;
  return env;
};

/** Runs the built `kho` command synchronously, as a user would. */
export function kho(
  args: string[],
  opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv; prefix?: string[] } = {},
): CliResult {
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
