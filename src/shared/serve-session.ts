/**
 * What a browser signed in to `kho serve` holds and how it presents it; the server (src/server/auth.ts) and
 * the renderer (src/renderer/serve-keys.ts) read these names from here.
 */

/** The fragment of the sign-in redirect that hands the page its keys: `#kho-keys=<api key>.<address key>`. */
export const KEYS_FRAGMENT = 'kho-keys';

/** The request header that carries the API key (the page adds it to every API call). */
export const API_KEY_HEADER = 'X-Kho-Key';

/** The query parameter that carries the address key on images and the event stream. */
export const ADDRESS_KEY_PARAM = 'k';
