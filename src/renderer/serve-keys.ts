import { ADDRESS_KEY_PARAM, KEYS_FRAGMENT } from '../shared/serve-session.js';

/**
 * The keys a browser holds for `kho serve` (see src/server/auth.ts): the sign-in redirect hands them to the
 * page in the address fragment (never sent to any server), and the page keeps them in its origin's
 * localStorage, which no other port or site can read. The API key goes in a header on every API call; the
 * address key goes into the addresses of archived images and the event stream.
 */

const STORAGE_KEY = 'kho.serve.keys';

interface ServeKeys {
  api: string;
  address: string;
}

/** Kept in memory too, for browsers that refuse storage (the page then stays signed in until closed). */
let current: ServeKeys | null = null;

function stored(): ServeKeys | null {
  if (current) return current;
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as Partial<ServeKeys>) : null;
    if (parsed && typeof parsed.api === 'string' && typeof parsed.address === 'string')
      current = { api: parsed.api, address: parsed.address };
  } catch {
    // Storage refused or damaged: the next sign-in replaces it.
  }
  return current;
}

/**
 * Takes the keys out of `#kho-keys=…` after signing in, stores them and removes the fragment from the
 * address (and from history), before the app reads its location.
 */
export function adoptServeKeys(): void {
  if (typeof window === 'undefined') return;
  const m = new RegExp(`^#${KEYS_FRAGMENT}=([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)$`).exec(window.location.hash);
  if (!m) return;
  current = { api: m[1]!, address: m[2]! };
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(current));
  } catch {
    // Kept in memory only.
  }
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}

/** The API key for the `X-Kho-Key` header, if this browser has signed in. */
export function serveApiKey(): string | null {
  return stored()?.api ?? null;
}

/** `path` (same origin) with the address key, for images and the event stream. */
export function withAddressKey(path: string): string {
  const key = stored()?.address;
  if (!key) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${ADDRESS_KEY_PARAM}=${encodeURIComponent(key)}`;
}
