import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KhoError } from '../shared/errors.js';
import { generateToken, tokenWeakness } from '../server/security.js';

/**
 * Where `kho serve` gets its access token. Never from the command line: every user of the computer can read
 * another's arguments in the process list. In order:
 * - `--token-file F`: the first line of a file only its owner can read;
 * - the `KHO_SERVE_TOKEN` environment variable (readable only by the same user and root);
 * - the archive's own `serve-token` file (owner-only), made on first use, so browsers stay signed in across
 *   restarts of `kho serve`; `--new-token` replaces it, which signs every browser out.
 */

export const TOKEN_ENV = 'KHO_SERVE_TOKEN';
export const STORED_TOKEN_FILE = 'serve-token';

export interface ServeToken {
  token: string;
  /** Where it came from, for the start-up message. */
  source: 'file' | 'env' | 'stored' | 'new' | 'this run';
  /** A note for stderr, if the user should know something about it. */
  note?: string;
}

export interface TokenSources {
  tokenFile?: string | undefined;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  renew: boolean;
}

export function resolveServeToken({ tokenFile, env, dataDir, renew }: TokenSources): ServeToken {
  const fromEnv = env[TOKEN_ENV]?.trim();
  if (renew && (tokenFile || fromEnv))
    throw new KhoError(
      'INVALID_INPUT',
      `--new-token replaces the archive's stored token; it does not go with --token-file or ${TOKEN_ENV}.`,
    );
  if (tokenFile) return { token: readTokenFile(tokenFile), source: 'file' };
  if (fromEnv) return { token: fromEnv, source: 'env' };
  return storedToken(path.join(dataDir, STORED_TOKEN_FILE), renew);
}

function readTokenFile(file: string): string {
  let text: string;
  try {
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0)
      throw new KhoError(
        'INVALID_INPUT',
        `${file} can be read by other users of this computer; make it private first: chmod 600 "${file}"`,
      );
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof KhoError) throw err;
    throw new KhoError('NOT_FOUND', `Cannot read the token file ${file}: ${(err as Error).message}`);
  }
  const token = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (!token) throw new KhoError('INVALID_INPUT', `The token file ${file} is empty.`);
  return token;
}

function storedToken(file: string, renew: boolean): ServeToken {
  if (!renew && existsSync(file)) {
    try {
      const token = readFileSync(file, 'utf8').trim();
      if (tokenWeakness(token) === null) return { token, source: 'stored' };
    } catch {
      // Unreadable: replaced below.
    }
  }
  const token = generateToken();
  try {
    // Written whole and owner-only, then moved into place, so no reader sees half a token.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, token + '\n', { mode: 0o600 });
    renameSync(temp, file);
  } catch (err) {
    return {
      token,
      source: 'this run',
      note: `Could not store the access token in ${file} (${(err as Error).message}); browsers must sign in again after kho serve restarts.`,
    };
  }
  return {
    token,
    source: 'new',
    ...(renew
      ? { note: 'Made a new access token: browsers signed in before must open the new address.' }
      : {}),
  };
}
