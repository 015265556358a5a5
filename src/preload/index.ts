import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannel, isOperationName } from '../shared/operations.js';
import { EVENT_CHANNEL, isEventName } from '../shared/event-names.js';

/**
 * The renderer's only doors to the system: `invoke` one contract operation by name, and `subscribe` to the
 * contract's events (job progress, changes, indexing, menu commands, kho:// links). Nothing else is
 * exposed — no ipcRenderer, no send, no channel names. Results come back as { ok, value } | { ok: false, error }.
 */

type Event = { name: string; payload: unknown };
type Listener = (event: Event) => void;

const listeners = new Set<Listener>();
/** Events that arrive before the page subscribes (a link that started Kho) wait here, a few at most. */
const early: Event[] = [];
const EARLY_LIMIT = 50;

ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => {
  const event = message as Event;
  if (!event || !isEventName(event.name)) return;
  if (listeners.size === 0) {
    if (early.length < EARLY_LIMIT) early.push(event);
    return;
  }
  for (const listener of listeners) listener(event);
});

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
  /** Calls `listener` with every event; returns the function that stops it. */
  subscribe(listener: Listener): () => void {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function.');
    listeners.add(listener);
    for (const event of early.splice(0)) listener(event);
    return () => {
      listeners.delete(listener);
    };
  },
});
