import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ipcChannel, OPERATION_NAMES } from '../shared/operations.js';
import { callOperation } from '../shared/dispatch.js';
import { KhoError } from '../shared/errors.js';
import type { Archive } from '../core/archive.js';

/** Operations that name files on this computer are fine from our own window, but never from another frame. */
export function registerIpc(archive: Archive, isAppUrl: (url: string) => boolean): void {
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(ipcChannel(name), async (event: IpcMainInvokeEvent, input: unknown) => {
      try {
        const sender = event.senderFrame?.url ?? '';
        if (!isAppUrl(sender)) throw new KhoError('UNAUTHORIZED', 'Kho only answers its own window.');
        // Errors lose their class across IPC, so results travel as an envelope the preload unwraps.
        return { ok: true, value: await callOperation(archive.handlers, name, input) };
      } catch (err) {
        return { ok: false, error: KhoError.from(err).toJSON() };
      }
    });
  }
}
