import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../../src/server/security.js';
import { runKho } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';

/**
 * `kho serve` as a user starts it (in-process through runCli; each run serves, prints its address and stops):
 * where the token comes from (never the command line, which every user sees in the process list), weak
 * tokens, the stored token that keeps browsers signed in across restarts, and the plain-HTTP warning.
 */

let tmp: ReturnType<typeof makeTempDir>;
let data: string;
beforeAll(() => {
  tmp = makeTempDir('kho-serve-cli-');
  data = path.join(tmp.dir, 'archive');
});
afterAll(() => tmp.cleanup());

/** Serves on a free port and stops at once; what it printed. */
const serveOnce = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runKho(['serve', '--port', '0', '--data', data, ...args], { env, until: Promise.resolve() });

const tokenIn = (stdout: string) => new URL(stdout.split('\n')[0]!).searchParams.get('token');

describe('the access token', () => {
  it('is refused on the command line, with where to put it instead', async () => {
    const r = await serveOnce(['--token', generateToken()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/process list.*KHO_SERVE_TOKEN.*--token-file/);
  });

  it('comes from KHO_SERVE_TOKEN, and must be strong', async () => {
    const token = generateToken();
    const r = await serveOnce([], { KHO_SERVE_TOKEN: token });
    expect(r.code, r.stderr).toBe(0);
    expect(tokenIn(r.stdout)).toBe(token);
    // Which tokens are weak is tested on the server (tests/server/hardening.test.ts).
    const refused = await serveOnce([], { KHO_SERVE_TOKEN: 'aaaaaaaaaaaaaaaa' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^kho: The access token is too weak: /);
  });

  it('comes from a file only its owner can read', async () => {
    const token = generateToken();
    const file = path.join(tmp.dir, 'token');
    writeFileSync(file, `${token}\n`, { mode: 0o644 });
    chmodSync(file, 0o644);
    const open = await serveOnce(['--token-file', file]);
    if (process.platform !== 'win32') {
      expect(open.code).toBe(2);
      expect(open.stderr).toContain('can be read by other users of this computer');
      expect(open.stderr).toContain(`chmod 600 "${file}"`);
    }
    chmodSync(file, 0o600);
    const r = await serveOnce(['--token-file', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(tokenIn(r.stdout)).toBe(token);
    const missing = await serveOnce(['--token-file', path.join(tmp.dir, 'nope')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/Cannot read the token file/);
  });

  it('is otherwise made once and kept in the archive, owner-only, so browsers stay signed in', async () => {
    const first = await serveOnce([]);
    expect(first.code, first.stderr).toBe(0);
    const stored = path.join(data, 'serve-token');
    const token = readFileSync(stored, 'utf8').trim();
    expect(tokenIn(first.stdout)).toBe(token);
    // Served on loopback: no network warning.
    expect(first.stderr).not.toContain('Warning');
    if (process.platform !== 'win32') expect(statSync(stored).mode & 0o777).toBe(0o600);
    const again = await serveOnce([]);
    expect(tokenIn(again.stdout)).toBe(token);
  });

  it('--new-token replaces the stored one, which signs every browser out', async () => {
    const before = readFileSync(path.join(data, 'serve-token'), 'utf8').trim();
    const r = await serveOnce(['--new-token']);
    expect(r.code, r.stderr).toBe(0);
    const after = readFileSync(path.join(data, 'serve-token'), 'utf8').trim();
    expect(after).not.toBe(before);
    expect(tokenIn(r.stdout)).toBe(after);
    expect(r.stderr).toContain('must open the new address');
    const both = await serveOnce(['--new-token'], { KHO_SERVE_TOKEN: generateToken() });
    expect(both.code).toBe(2);
  });
});

describe('serving beyond this computer', () => {
  it('says so, on every interface, in plain HTTP', async () => {
    const r = await serveOnce(['--host', '0.0.0.0']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /Warning: your archive is served to the network at http:\/\/\S+ over plain HTTP/,
    );
    expect(r.stderr).toContain('network you trust');
  });
});
