import type { KhoHandlers } from '../../shared/contract.js';
import { CONNECTOR_PORT, type ReceiverState } from '../../shared/connector-protocol.js';
import { KhoError } from '../../shared/errors.js';
import { startConnector, type ConnectorOptions, type RunningConnector } from './index.js';

/** What the connector needs from an open archive (structurally the `Archive` of src/core/archive.ts). */
export interface ConnectorArchive {
  handlers: KhoHandlers;
  setConnectorReceiver(state: ReceiverState): void;
}

export interface RunConnectorOptions extends Pick<ConnectorOptions, 'onOpenArticle'> {
  port?: number;
  /** One line per request. */
  log?: (line: string) => void;
  /** What a person should read: started, or why not. */
  notice?: (line: string) => void;
}

/**
 * Starts the connector for an archive and tells the archive how it went (Settings shows it). It never
 * throws: a taken port (another Kho already answers the extension) or any other failure to listen is said
 * in one clear line and reported as the receiver's state, and the app or `kho serve` goes on without it.
 */
export async function runConnector(
  archive: ConnectorArchive,
  opts: RunConnectorOptions = {},
): Promise<RunningConnector | null> {
  const wanted = opts.port ?? CONNECTOR_PORT;
  try {
    const running = await startConnector({
      handlers: archive.handlers,
      port: wanted,
      ...(opts.onOpenArticle ? { onOpenArticle: opts.onOpenArticle } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
    archive.setConnectorReceiver({ state: 'running', port: running.port, message: null });
    opts.notice?.(`The browser extension saves into Kho through http://127.0.0.1:${running.port}.`);
    return {
      ...running,
      async close() {
        await running.close();
        archive.setConnectorReceiver({ state: 'off', port: null, message: null });
      },
    };
  } catch (err) {
    const e = KhoError.from(err);
    const message =
      e.code === 'CONFLICT'
        ? `The browser extension cannot save into this Kho: port ${wanted} on 127.0.0.1 is taken (another Kho, the app or "kho serve", may already be answering it; saves go there).`
        : `The browser extension cannot save into this Kho: listening on 127.0.0.1:${wanted} failed (${e.message}).`;
    archive.setConnectorReceiver({ state: 'failed', port: wanted, message });
    opts.notice?.(message);
    return null;
  }
}
