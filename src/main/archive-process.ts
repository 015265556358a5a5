import { utilityProcess } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostChannel, HostReply, HostRequest } from '../core/host/protocol.js';

/**
 * Where the archive host's entry is: archive-host.js beside the main bundle (electron.vite.config.ts builds
 * it). The main process only ever runs bundled; its tests start the built host (tests/main/support.ts).
 */
export function hostEntryPath(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'archive-host.js');
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
