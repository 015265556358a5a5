import { utilityProcess } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostChannel, HostReply, HostRequest } from '../core/host/protocol.js';

/**
 * Where the archive host's entry is: bundled, archive-host.js beside the main bundle (electron.vite.config.ts
 * builds it); from source (the main-process tests), src/host/entry.ts, which a Node parent runs with tsx.
 */
export function hostEntryPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  if (import.meta.url.endsWith('.ts')) return path.resolve(here, '..', 'host', 'entry.ts');
  return path.join(here, 'archive-host.js');
}

/**
 * Starts the archive host as an Electron utilityProcess (a Node process of Electron's own, with Electron's
 * ABI for better-sqlite3) and adapts it to the host channel. Its stdout and stderr go to `onOutput` (the log).
 */
export function spawnArchiveProcess(
  entry: string,
  onOutput: (stream: 'stdout' | 'stderr', text: string) => void,
): HostChannel {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Kho archive', stdio: 'pipe' });
  child.stdout?.on('data', (chunk: Buffer) => onOutput('stdout', chunk.toString('utf8').trimEnd()));
  child.stderr?.on('data', (chunk: Buffer) => onOutput('stderr', chunk.toString('utf8').trimEnd()));
  return {
    post: (message: HostRequest) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as HostReply)),
    onExit: (listener) => child.once('exit', (code: number) => listener(code)),
    kill: () => void child.kill(),
  };
}
