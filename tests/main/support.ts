import { expect } from 'vitest';
import type { KhoEvent } from '../../src/shared/events.js';
import { ArchiveHost } from '../../src/core/host/client.js';
import type { HostOpenOptions } from '../../src/core/host/protocol.js';
import { hostEntryPath, spawnArchiveProcess } from '../../src/main/archive-process.js';

/**
 * The real archive host as the app starts it: src/main/archive-process.ts spawns src/core/host/entry.ts
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

/** Waits until `check` holds (polling every 20 ms), or fails with `what` after `ms`. */
export async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) expect.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The events of one name, with their payloads typed. */
export function named<N extends KhoEvent['name']>(
  events: KhoEvent[],
  name: N,
): Array<Extract<KhoEvent, { name: N }>['payload']> {
  return events.filter((e): e is Extract<KhoEvent, { name: N }> => e.name === name).map((e) => e.payload);
}
