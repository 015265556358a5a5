import { serveArchive, type AfterOpen } from '../core/host/serve.js';
import type { HostPort, HostReply, HostRequest } from '../core/host/protocol.js';
import { runConnector } from '../server/connector/run.js';
import { makeEvent } from '../shared/events.js';

/**
 * The archive host process's entry (bundled as out/main/archive-host.js). Electron starts it as a
 * utilityProcess, which talks over `process.parentPort`; a plain Node parent forks it and talks over the
 * child-process channel (with `serialization: 'advanced'`, so bytes stay bytes). Both carry the same
 * messages (src/core/host/protocol.ts).
 *
 * Besides the archive it runs the connector the browser extension saves into (when the parent asks, with
 * the `connector` open option): a page can be 20 MB of JSON, which must never be parsed on the Electron
 * main thread. "Open in Kho" becomes an `app.open` event for the main process, which shows the window.
 */

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function parentLink(): HostPort | null {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      post: (message) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (e) => listener(e.data as HostRequest)),
    };
  }
  const send = process.send?.bind(process);
  if (send) {
    // Without a parent there is nobody to serve: leave when the channel closes.
    process.on('disconnect', () => process.exit(0));
    return {
      post: (message) => void send(message),
      onMessage: (listener) => process.on('message', (m) => listener(m as HostRequest)),
    };
  }
  return null;
}

/** Starts the connector once the archive is open, if asked; its lines go to the app's log. */
function connectorFor(port: HostPort): AfterOpen {
  return async (archive, options) => {
    if (!options.connector) return undefined;
    const log = (message: string): void => port.post({ type: 'log', level: 'info', message });
    const running = await runConnector(archive, {
      port: options.connector.port,
      log: (line) => log(`connector: ${line}`),
      notice: log,
      onOpenArticle: (id) => {
        port.post({ type: 'event', event: makeEvent('app.open', { target: 'article', id }) });
        return null;
      },
    });
    return running ? () => running.close() : undefined;
  };
}

const port = parentLink();
if (!port) {
  console.error('The Kho archive host is started by Kho itself, not directly.');
  process.exit(2);
} else {
  const fatal = (err: unknown): void => {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    port.post({
      type: 'log',
      level: 'error',
      message: `Archive host crashed: ${message}`,
    } satisfies HostReply);
    // Let the log message go out before the process ends; the parent restarts the host.
    setTimeout(() => process.exit(1), 50);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  serveArchive(port, (code) => process.exit(code), connectorFor(port));
}
