import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannel, isOperationName } from '../shared/operations.js';

/**
 * The renderer's only door to the system: invoke one contract operation by name. Nothing else is exposed —
 * no ipcRenderer, no send, no listeners. Results come back as { ok, value } | { ok: false, error }.
 */
contextBridge.exposeInMainWorld('kho', {
  platform: 'electron',
  invoke(name: string, input: unknown): Promise<unknown> {
    if (!isOperationName(name)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'NOT_FOUND', message: `Unknown operation "${name}".` },
      });
    }
    return ipcRenderer.invoke(ipcChannel(name), input);
  },
});
