import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ipcChannel, OPERATION_NAMES } from '../shared/operations.js';
import { EVENT_CHANNEL } from '../shared/event-names.js';
import { KhoError } from '../shared/errors.js';
import type { KhoEvent } from '../shared/events.js';
import type { CallOptions } from '../core/host/client.js';

/** What IPC needs from the archive: the host's call (validation and handlers live in the host process). */
export interface ArchiveRouter {
  call(name: string, input: unknown, options?: CallOptions): Promise<unknown>;
}

/**
 * The window's words for refusing inputs that name local files: the window sends file contents (bytes)
 * instead, and files the user picks from a menu reach the archive through paths the main process got
 * from a native dialog itself.
 */
export const IPC_REFUSES_LOCAL_PATHS = 'over IPC from the window';

/**
 * One `ipcMain.handle('kho:<name>')` per contract operation. Each answers only frames of the app's exact
 * origin (see isAppUrl) and forwards the raw input to the archive host, which validates it with the same
 * `callOperation` and the same local-path guard as `kho serve`. The main thread does no archive work.
 * Results travel as `{ ok, value } | { ok: false, error }` because Electron drops error classes across IPC.
 */
export function registerIpc(router: ArchiveRouter, isAppUrl: (url: string | undefined) => boolean): void {
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(ipcChannel(name), async (event: IpcMainInvokeEvent, input: unknown) => {
      try {
        if (!isAppUrl(event.senderFrame?.url)) {
          throw new KhoError('UNAUTHORIZED', 'Kho only answers its own window.');
        }
        const value = await router.call(name, input, { refuseLocalPaths: IPC_REFUSES_LOCAL_PATHS });
        return { ok: true, value };
      } catch (err) {
        return { ok: false, error: KhoError.from(err).toJSON() };
      }
    });
  }
}

/** Sends one event to a window, if it shows the app (never to a page that navigated elsewhere). */
export function sendEvent(
  contents: WebContents,
  event: KhoEvent,
  isAppUrl: (url: string | undefined) => boolean,
): boolean {
  if (contents.isDestroyed() || !isAppUrl(contents.getURL())) return false;
  contents.send(EVENT_CHANNEL, event);
  return true;
}

/** Sends one event to every window of the app, on the one event channel. */
export function broadcastEvent(event: KhoEvent, isAppUrl: (url: string | undefined) => boolean): void {
  for (const win of BrowserWindow.getAllWindows()) sendEvent(win.webContents, event, isAppUrl);
}
