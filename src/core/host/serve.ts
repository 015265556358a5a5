import { PERIODIC_INTEGRITY_CHECK_MS, openArchive, seedSampleArticle, type Archive } from '../archive.js';
import { callOperation, refuseLocalPaths } from '../../shared/dispatch.js';
import { KhoError } from '../../shared/errors.js';
import type { HostOpenOptions, HostPort, HostReply, HostRequest } from './protocol.js';

/**
 * What the process entry adds once the archive is open (src/host/entry.ts starts the connector there,
 * which lives in a layer above core). The function it returns runs before the archive closes.
 */
export type AfterOpen = (
  archive: Archive,
  options: HostOpenOptions,
) => Promise<(() => Promise<void>) | undefined>;

/**
 * The archive host's side: waits for `open`, opens the archive, then answers calls (through
 * `callOperation`, so validation and the local-path guard are the same as everywhere) and asset requests,
 * and streams the archive's events to the parent. `exit` ends the process once `close` has closed the
 * archive.
 */
export function serveArchive(port: HostPort, exit: (code: number) => void, afterOpen?: AfterOpen): void {
  let archive: Promise<Archive> | null = null;
  let beforeClose: (() => Promise<void>) | undefined;

  const reply = (id: number, work: () => Promise<unknown>): Promise<void> =>
    work().then(
      (value) => port.post({ type: 'result', id, ok: true, value }),
      (err: unknown) => port.post({ type: 'result', id, ok: false, error: KhoError.from(err).toJSON() }),
    );

  const opened = (): Promise<Archive> => {
    if (!archive) throw new KhoError('INTERNAL', 'The archive host was asked to work before it was opened.');
    return archive;
  };

  port.onMessage((message: HostRequest) => {
    switch (message.type) {
      case 'open': {
        const { options } = message;
        archive = (async () => {
          const a = await openArchive(options.dataDir, {
            searchInWorker: options.searchInWorker,
            watchExternalChanges: options.watchExternalChanges,
            ...(options.runFetchQueue ? { runFetchQueue: true } : {}),
            integrityCheckEveryMs: options.integrityCheckEveryMs ?? PERIODIC_INTEGRITY_CHECK_MS,
            ...(options.runBackupSchedule
              ? {
                  runBackupSchedule: true,
                  backups: { log: (level, message) => port.post({ type: 'log', level, message }) },
                }
              : {}),
            ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
          });
          a.subscribe((event) => port.post({ type: 'event', event } satisfies HostReply));
          if (options.sampleArticle) await seedSampleArticle(a, options.sampleArticle);
          beforeClose = await afterOpen?.(a, options);
          return a;
        })();
        archive.then(
          () => port.post({ type: 'opened', dataDir: options.dataDir }),
          (err: unknown) => port.post({ type: 'open-failed', error: KhoError.from(err).toJSON() }),
        );
        return;
      }
      case 'call': {
        const guard = message.refuseLocalPaths ? { guard: refuseLocalPaths(message.refuseLocalPaths) } : {};
        void reply(message.id, async () =>
          callOperation((await opened()).handlers, message.name, message.input, guard),
        );
        return;
      }
      case 'asset':
        void reply(message.id, async () => (await opened()).getAsset(message.sha256));
        return;
      case 'close':
        void reply(message.id, async () => {
          await beforeClose?.().catch(() => undefined);
          if (archive) await (await archive.catch(() => null))?.close();
          return null;
        }).then(() => exit(0));
        return;
    }
  });
}
