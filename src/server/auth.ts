import { createHmac } from 'node:crypto';
import { ADDRESS_KEY_PARAM, API_KEY_HEADER, KEYS_FRAGMENT } from '../shared/serve-session.js';
import { bearerToken, parseCookies, tokensEqual } from './security.js';

/**
 * Who may use `kho serve`, and with what. Everything a browser holds is derived from the access token by
 * HMAC and bound to the exact origin the browser used (scheme, host and port), so nothing is stored on
 * the server and a new token revokes every browser at once. ARCHITECTURE.md ("Signing in to kho serve")
 * walks through the attacker this is built against: another web server on the same host, which receives
 * every cookie of the host (browsers do not separate cookies by port) and replays them with curl.
 *
 * - The token itself: `Authorization: Bearer <token>` on any route (scripts), and once in `/?token=` to sign
 *   a browser in.
 * - The page cookie (`kho_session_<port>`, HttpOnly, SameSite=Strict, 30 days, renewed on every visit):
 *   opens only the app's own files (HTML, scripts, styles, fonts), which are the same for everyone. It is
 *   the one credential another port receives, and it shows nothing from the archive.
 * - The API key: kept by the page in its origin's localStorage (which no other port can read) and sent as
 *   the `X-Kho-Key` header on every API call. Never a cookie, so never sent anywhere by itself.
 * - The address key: the `k` parameter of the addresses a browser loads without script control (archived
 *   images, the event stream). Those routes also need the page cookie, so a copied image address is useless
 *   without the cookie and the cookie useless without the address.
 */

export type Credential = 'page' | 'api' | 'address';

/** How long a browser stays signed in without visiting (renewed on every visit). */
export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

export function sessionCookieName(port: number): string {
  return `kho_session_${port}`;
}

/** `origin` is `http://<Host header>`, already checked against the hosts this server answers to. */
export function deriveKey(token: string, credential: Credential, origin: string): string {
  return createHmac('sha256', token).update(`kho serve/${credential}/${origin}`).digest('base64url');
}

export interface RequestCredentials {
  /** `Authorization: Bearer …`, if sent (right or wrong). */
  bearer: string | null;
  cookie: string | undefined;
  apiKey: string | undefined;
  addressKey: string | null;
}

export function requestCredentials(
  headers: { authorization?: string | undefined; cookie?: string | undefined } & Record<string, unknown>,
  port: number,
  url: URL,
): RequestCredentials {
  const apiKey = headers[API_KEY_HEADER.toLowerCase()];
  return {
    bearer: bearerToken(headers.authorization),
    cookie: parseCookies(headers.cookie).get(sessionCookieName(port)),
    apiKey: typeof apiKey === 'string' ? apiKey : undefined,
    addressKey: url.searchParams.get(ADDRESS_KEY_PARAM),
  };
}

/** Checks one request's credentials against what `token` derives for `origin`. */
export class Keys {
  constructor(
    private readonly token: string,
    private readonly origin: string,
  ) {}

  key(credential: Credential): string {
    return deriveKey(this.token, credential, this.origin);
  }

  isToken(given: string | null | undefined): boolean {
    return tokensEqual(given, this.token);
  }

  matches(credential: Credential, given: string | null | undefined): boolean {
    return tokensEqual(given, this.key(credential));
  }

  /** `Set-Cookie` for the page cookie of this origin. */
  sessionCookie(port: number): string {
    return `${sessionCookieName(port)}=${this.key('page')}; Path=/; Max-Age=${SESSION_MAX_AGE_S}; HttpOnly; SameSite=Strict`;
  }

  /** The fragment that hands a freshly signed-in page its two keys. */
  keysFragment(): string {
    return `#${KEYS_FRAGMENT}=${this.key('api')}.${this.key('address')}`;
  }
}
