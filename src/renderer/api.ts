import type { KhoApi } from '../shared/contract.js';
import { OPERATION_NAMES, type OperationName } from '../shared/operations.js';
import { KhoError, type SerializedError } from '../shared/errors.js';

/**
 * The renderer's only way to reach the archive: one typed client over two transports.
 * In Electron the preload exposes `window.kho.invoke`; in a browser (under `kho serve`) calls go to
 * `POST /api/<operation>` on the same origin, authenticated by the server's HttpOnly cookie.
 */

export type Envelope = { ok: true; value: unknown } | { ok: false; error: SerializedError };

export interface KhoBridge {
  invoke(name: string, input: unknown): Promise<Envelope>;
  platform: 'electron';
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

export function bridgeTransport(bridge: KhoBridge): Transport {
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
        headers: { 'Content-Type': 'application/json' },
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

export function createApi(): KhoApi {
  const bridge = typeof window !== 'undefined' ? window.kho : undefined;
  return createApiWith(bridge ? bridgeTransport(bridge) : httpTransport());
}

/** True inside the Electron window (images use the kho-asset: protocol there). */
export function isElectron(): boolean {
  return typeof window !== 'undefined' && window.kho?.platform === 'electron';
}
