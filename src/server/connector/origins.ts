/**
 * Who may talk to the connector. Pure checks, tested directly.
 *
 * Browsers set `Origin` themselves and pages cannot forge it, so it tells an extension (chrome-extension://,
 * moz-extension://) from a web page. The extension has no host permission for 127.0.0.1, so its requests
 * are ordinary CORS requests: they always carry its Origin (GET included), and Firefox sends the real
 * moz-extension:// origin rather than the "null" it uses for privileged requests.
 */

/** Chromium extension ids are 32 letters a-p; Firefox gives each install a random UUID. */
const EXTENSION_ORIGIN = /^(?:chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/;

export function isExtensionOrigin(origin: string | undefined): origin is string {
  return typeof origin === 'string' && EXTENSION_ORIGIN.test(origin);
}

/** The connector's own pages (the bookmarklet window) run at these origins. */
export function ownOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/** `Host` values the connector answers to: only loopback names with its port (DNS rebinding). */
export function allowedConnectorHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export type Caller = { kind: 'extension'; origin: string } | { kind: 'own-page'; origin: string };

/**
 * The caller of a request, or null when it must get no answer at all: a web page (any other Origin),
 * a request without Origin (every extension and connector-page request has one), or a foreign Host.
 */
export function identifyCaller(
  headers: { host?: string | undefined; origin?: string | undefined },
  port: number,
): Caller | null {
  const host = (headers.host ?? '').toLowerCase();
  if (!allowedConnectorHosts(port).has(host)) return null;
  const origin = headers.origin;
  if (isExtensionOrigin(origin)) return { kind: 'extension', origin };
  if (origin !== undefined && ownOrigins(port).has(origin)) return { kind: 'own-page', origin };
  return null;
}
