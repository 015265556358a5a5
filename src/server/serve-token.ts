import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateToken } from './security.js';

/**
 * The access token of `kho serve`, kept beside the archive (`serve-token`, owner-only) so a browser's
 * login outlives restarts of both the browser (a persistent cookie) and the server. Replacing it
 * (`kho serve --new-token`) signs every browser out: their cookie holds the old token.
 */

export const SERVE_TOKEN_FILE = 'serve-token';
const MIN_LENGTH = 16;

export interface ServeToken {
  token: string;
  /** False when the folder cannot be written (a read-only archive): this token lasts one run. */
  kept: boolean;
}

function readToken(file: string): string | null {
  try {
    const t = readFileSync(file, 'utf8').trim();
    return t.length >= MIN_LENGTH && /^[A-Za-z0-9_-]+$/.test(t) ? t : null;
  } catch {
    return null;
  }
}

/** The kept token of the archive in `dataDir`, or a new one (kept when possible) when asked or there is none. */
export function serveToken(dataDir: string, opts: { renew?: boolean } = {}): ServeToken {
  const file = path.join(dataDir, SERVE_TOKEN_FILE);
  const existing = opts.renew ? null : readToken(file);
  if (existing) return { token: existing, kept: true };
  const token = generateToken();
  const temp = `${file}.${process.pid}.tmp`;
  try {
    // Written whole under another name, then moved: a crash never leaves half a token.
    writeFileSync(temp, `${token}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, file);
    return { token, kept: true };
  } catch {
    return { token, kept: false };
  }
}
