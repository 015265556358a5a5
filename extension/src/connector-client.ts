import type {
  ConnectorResponse,
  ConnectorRoute,
  ConnectorRoutes,
} from '../../src/shared/connector-protocol.js';

/**
 * The extension's client of Kho's connector (src/server/connector) on 127.0.0.1. Requests are plain
 * CORS requests from the extension's origin; the per-browser token from pairing goes in Authorization.
 */

/** Kept in step with CONNECTOR_PORT in src/shared/connector-protocol.ts (a test checks both). */
export const DEFAULT_PORT = 7718;

export type ConnectorFailure = 'not-running' | 'not-paired' | 'error';

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorFailure,
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export interface ConnectorSettings {
  port: number;
  token: string | null;
}

export async function loadSettings(): Promise<ConnectorSettings> {
  const got = await chrome.storage.local.get(['port', 'token']);
  const port = Number(got.port);
  return {
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_PORT,
    token: typeof got.token === 'string' ? got.token : null,
  };
}

export async function saveToken(token: string | null): Promise<void> {
  if (token) await chrome.storage.local.set({ token });
  else await chrome.storage.local.remove('token');
}

export const NOT_RUNNING = 'Open the Kho app, or run "kho serve" in a terminal, then try again.';

export async function callKho<R extends ConnectorRoute>(
  route: R,
  body: ConnectorRoutes[R]['request'],
  settings?: ConnectorSettings,
): Promise<ConnectorRoutes[R]['result']> {
  const { port, token } = settings ?? (await loadSettings());
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}/connector/${route}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ConnectorError('not-running', NOT_RUNNING);
  }
  let answer: ConnectorResponse<ConnectorRoutes[R]['result']>;
  try {
    answer = (await res.json()) as ConnectorResponse<ConnectorRoutes[R]['result']>;
  } catch {
    throw new ConnectorError(
      'error',
      `Something other than Kho answers on 127.0.0.1:${port} (HTTP ${res.status}). Check the port in the extension's options.`,
    );
  }
  if (answer.ok) return answer.value;
  const kind: ConnectorFailure = answer.error.code === 'UNAUTHORIZED' ? 'not-paired' : 'error';
  throw new ConnectorError(kind, answer.error.message, answer.error.code);
}

/** "Chromium on Linux": how Kho lists this browser among paired ones. */
export function browserName(): string {
  const ua = navigator.userAgent;
  // Chromium browsers name themselves in userAgentData; the user-agent string says "Chrome" for all of them.
  const brands = (
    navigator as Navigator & { userAgentData?: { brands: Array<{ brand: string }> } }
  ).userAgentData?.brands
    .map((b) => b.brand)
    .filter((b) => !/not.?a.?brand/i.test(b));
  const named = brands?.find((b) => b !== 'Chromium') ?? brands?.[0];
  const brand =
    /Firefox\//.test(ua) ? 'Firefox'
    : /Vivaldi\//.test(ua) ? 'Vivaldi'
    : named === 'Google Chrome' ? 'Chrome'
    : named === 'Microsoft Edge' ? 'Edge'
    : named ?? 'Browser'; // prettier-ignore
  const os =
    /Windows/.test(ua) ? 'Windows'
    : /Mac OS X|Macintosh/.test(ua) ? 'macOS'
    : /Android/.test(ua) ? 'Android'
    : /CrOS/.test(ua) ? 'ChromeOS'
    : /Linux/.test(ua) ? 'Linux'
    : 'this computer'; // prettier-ignore
  return `${brand} on ${os}`;
}
