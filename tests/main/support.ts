import type { KhoEvent } from '../../src/shared/events.js';
import { ArchiveHost } from '../../src/core/host/client.js';
import type { HostOpenOptions } from '../../src/core/host/protocol.js';
import { hostEntryPath, spawnArchiveProcess } from '../../src/main/archive-process.js';

/**
 * The real archive host as the app starts it: src/main/archive-process.ts spawns src/host/entry.ts
 * through the mocked `utilityProcess` (a real Node child process). Events are collected for assertions.
 */
export function startedHost(
  dataDir: string,
  options: Partial<HostOpenOptions> & { maxRestartsPerMinute?: number } = {},
): { host: ArchiveHost; events: KhoEvent[]; logs: string[] } {
  const events: KhoEvent[] = [];
  const logs: string[] = [];
  const { maxRestartsPerMinute, ...open } = options;
  const host = new ArchiveHost({
    spawn: () => spawnArchiveProcess(hostEntryPath(), (stream, text) => logs.push(`${stream}: ${text}`)),
    open: { dataDir, searchInWorker: true, watchExternalChanges: true, ...open },
    onEvent: (event) => events.push(event),
    log: (level, message) => logs.push(`${level}: ${message}`),
    ...(maxRestartsPerMinute !== undefined ? { maxRestartsPerMinute } : {}),
  });
  return { host, events, logs };
}

export { named, until } from '../helpers/events.js';
