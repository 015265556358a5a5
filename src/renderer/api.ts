import type { KhoApi } from '../shared/contract.js';
import { OPERATION_NAMES, type OperationName } from '../shared/operations.js';
import { KhoError, type SerializedError } from '../shared/errors.js';
import { CHANGE_AREAS, isEventName } from '../shared/event-names.js';
import type { KhoEvent } from '../shared/events.js';
import { API_KEY_HEADER } from '../shared/serve-session.js';
import { adoptServeKeys, serveApiKey, withAddressKey } from './serve-keys.js';

/**
 * The renderer's only way to reach the archive: one typed client over two transports, and one source of
 * pushed events. In Electron the preload exposes `window.kho.invoke` and `window.kho.subscribe`; in a
 * browser (under `kho serve`) calls go to `POST /api/<operation>` and events come from `GET /api/events`
 * (Server-Sent Events) on the same origin, with the keys this browser got when it signed in
 * (serve-keys.ts): the API key in a header, the address key in the event stream's address.
 */

export type Envelope = { ok: true; value: unknown } | { ok: false; error: SerializedError };

export interface KhoBridge {
  invoke(name: string, input: unknown): Promise<Envelope>;
  subscribe(listener: (event: { name: string; payload: unknown }) => void): () => void;
  platform: 'electron';
}

export type EventListener = (event: KhoEvent) => void;

/** Where the window hears about job progress, changes, indexing, menu commands and kho:// links. */
export interface KhoEvents {
  /** Calls `listener` with every event from now on; returns the function that stops it. */
  subscribe(listener: EventListener): () => void;
}

declare global {
  interface Window {
    kho?: KhoBridge;
  }
}

export type Transport = (name: OperationName, input: unknown) => Promise<unknown>;

function unwrap(envelope: Envelope): unknown {
  if (envelope && envelope.ok === true) return envelope.value;
  if (envelope && envelope.ok === false) throw KhoError.from(envelope.error);
  throw new KhoError('INTERNAL', 'Kho received a malformed reply.');
}

export function bridgeTransport(bridge: Pick<KhoBridge, 'invoke'>): Transport {
  return async (name, input) => unwrap(await bridge.invoke(name, input));
}

export function httpTransport(base = '', fetchImpl: typeof fetch = (...a) => fetch(...a)): Transport {
  return async (name, input) => {
    let res: Response;
    const body = JSON.stringify(input ?? {});
    try {
      res = await fetchImpl(`${base}/api/${name}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', ...apiKeyHeader() },
        body,
        // Small calls (reading progress on close) may outlive the page; browsers cap keepalive at 64 KB.
        keepalive: body.length < 32_000,
      });
    } catch (err) {
      throw new KhoError(
        'INTERNAL',
        `Kho's server cannot be reached (${(err as Error).message}). Is "kho serve" still running?`,
      );
    }
    let reply: unknown;
    try {
      reply = await res.json();
    } catch {
      throw new KhoError('INTERNAL', `Kho's server answered ${res.status} without a readable reply.`);
    }
    return unwrap(reply as Envelope);
  };
}

export function createApiWith(transport: Transport): KhoApi {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of OPERATION_NAMES) api[name] = (input: unknown) => transport(name, input);
  return api as unknown as KhoApi;
}

export function bridgeEvents(bridge: Pick<KhoBridge, 'subscribe'>): KhoEvents {
  return {
    subscribe: (listener) =>
      bridge.subscribe((event) => {
        if (isEventName(event.name)) listener(event as KhoEvent);
      }),
  };
}

/** Everything may have changed: what listeners hear after events could have been missed. */
const EVERYTHING_CHANGED: KhoEvent = {
  name: 'archive.changed',
  payload: { areas: [...CHANGE_AREAS], article_ids: [], origin: 'elsewhere' },
};

/**
 * Events under `kho serve`: one EventSource on `/api/events`, opened for the first listener and closed after
 * the last. The browser reconnects by itself after a drop; events sent meanwhile are lost, so listeners then
 * hear that everything changed and reload.
 */
export function serverEvents(url = '/api/events'): KhoEvents {
  const listeners = new Set<EventListener>();
  let stream: EventSource | null = null;
  let dropped = false;
  const deliver = (event: KhoEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };
  const connect = (): EventSource => {
    const s = new EventSource(withAddressKey(url), { withCredentials: true });
    s.onmessage = (message) => {
      let event: { name?: unknown } | null = null;
      try {
        event = JSON.parse(message.data) as { name?: unknown };
      } catch {
        return;
      }
      if (event && isEventName(event.name)) deliver(event as KhoEvent);
    };
    s.onerror = () => {
      dropped = true;
    };
    s.onopen = () => {
      if (!dropped) return;
      dropped = false;
      deliver(EVERYTHING_CHANGED);
    };
    return s;
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      stream ??= connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0 || !stream) return;
        stream.close();
        stream = null;
        dropped = false;
      };
    },
  };
}

export function createEvents(): KhoEvents {
  const bridge = typeof window !== 'undefined' ? window.kho : undefined;
  if (bridge) return bridgeEvents(bridge);
  adoptServeKeys();
  return serverEvents();
}

export function createApi(): KhoApi {
  const bridge = typeof window !== 'undefined' ? window.kho : undefined;
  if (bridge) return createApiWith(bridgeTransport(bridge));
  // Signed in a moment ago: keep the keys from the address before anything reads it.
  adoptServeKeys();
  return createApiWith(httpTransport());
}

function apiKeyHeader(): Record<string, string> {
  const key = serveApiKey();
  return key ? { [API_KEY_HEADER]: key } : {};
}

/** True inside the Electron window (images use the kho-asset: protocol there). */
export function isElectron(): boolean {
  return typeof window !== 'undefined' && window.kho?.platform === 'electron';
}
