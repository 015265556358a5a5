import { serveArchive } from './serve.js';
import type { HostPort, HostReply, HostRequest } from './protocol.js';

/**
 * The archive host process's entry (bundled as out/main/archive-host.js). Electron starts it as a
 * utilityProcess, which talks over `process.parentPort`; a plain Node parent forks it and talks over the
 * child-process channel (with `serialization: 'advanced'`, so bytes stay bytes). Both carry the same
 * messages (./protocol.ts).
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
  serveArchive(port, (code) => process.exit(code));
}
