import type { KhoEvent } from '../../src/shared/events.js';
import { ArchiveHost } from '../../src/core/host/client.js';
import type { HostOpenOptions } from '../../src/core/host/protocol.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { spawnArchiveProcess } from '../../src/main/archive-process.js';
import { REPO_ROOT } from '../helpers/paths.js';

/** The built host, as the app ships it; it starts in ~0.3 s, where src/host/entry.ts through tsx took ~3 s. */
const BUILT_HOST = path.join(REPO_ROOT, 'out', 'main', 'archive-host.js');

/**
 * The real archive host as the app starts it: src/main/archive-process.ts spawns the built archive-host.js
 * through the mocked `utilityProcess` (a real Node child process). Events are collected for assertions.
 * These tests are in the process tier, which runs after the build (`npm run test:all`).
 */
export function startedHost(
  dataDir: string,
  options: Partial<HostOpenOptions> & { maxRestartsPerMinute?: number } = {},
): { host: ArchiveHost; events: KhoEvent[]; logs: string[] } {
  if (!existsSync(BUILT_HOST)) throw new Error(`${BUILT_HOST} is missing: run "npm run build" first.`);
  const events: KhoEvent[] = [];
  const logs: string[] = [];
  const { maxRestartsPerMinute, ...open } = options;
  const host = new ArchiveHost({
    spawn: () => spawnArchiveProcess(BUILT_HOST, (stream, text) => logs.push(`${stream}: ${text}`)),
    open: { dataDir, searchInWorker: true, watchExternalChanges: true, ...open },
    onEvent: (event) => events.push(event),
    log: (level, message) => logs.push(`${level}: ${message}`),
    ...(maxRestartsPerMinute !== undefined ? { maxRestartsPerMinute } : {}),
  });
  return { host, events, logs };
}

export { named, until } from '../helpers/events.js';
