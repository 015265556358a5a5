import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVE_TOKEN_FILE, serveToken } from '../../src/server/serve-token.js';
import { runKho } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';

/**
 * The login to `kho serve` outlives restarts: the archive keeps the token its browsers' cookies hold,
 * and a new token (`--new-token`) signs them all out.
 */

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir('kho-serve-token-')));
afterEach(() => tmp.cleanup());

/** Starts `kho serve` on the archive, reads the token from the address it prints, and stops it. */
async function servedToken(data: string, ...extra: string[]): Promise<string> {
  const r = await runKho(['serve', '--data', data, '--port', '0', ...extra], { until: Promise.resolve() });
  expect(r.code, r.stderr).toBe(0);
  const url = new URL(r.stdout.split('\n')[0]!);
  return url.searchParams.get('token')!;
}

describe('the token of kho serve', () => {
  it('is kept beside the archive, owner-only, and the same at every start until renewed', async () => {
    const data = path.join(tmp.dir, 'archive');
    const first = await servedToken(data);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(data, SERVE_TOKEN_FILE), 'utf8').trim()).toBe(first);
    expect(statSync(path.join(data, SERVE_TOKEN_FILE)).mode & 0o777).toBe(0o600);
    expect(await servedToken(data)).toBe(first);
    const renewed = await servedToken(data, '--new-token');
    expect(renewed).not.toBe(first);
    expect(await servedToken(data)).toBe(renewed);
    // A token given on the command line is used as it is and leaves the kept one alone.
    expect(await servedToken(data, '--token', 'given-token-of-twenty-chars')).toBe(
      'given-token-of-twenty-chars',
    );
    expect(await servedToken(data)).toBe(renewed);
    const both = await runKho(
      ['serve', '--data', data, '--port', '0', '--token', 'x'.repeat(20), '--new-token'],
      {
        until: Promise.resolve(),
      },
    );
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain('Give either --token or --new-token, not both.');
  });

  it('replaces a damaged token file, and lasts one run when the folder cannot be written', () => {
    writeFileSync(path.join(tmp.dir, SERVE_TOKEN_FILE), 'short\n');
    const fresh = serveToken(tmp.dir);
    expect(fresh).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/), kept: true });
    expect(serveToken(tmp.dir).token).toBe(fresh.token);
    // A folder nothing can be written into (even by root): its path runs through a file.
    const once = serveToken(path.join(tmp.dir, SERVE_TOKEN_FILE, 'inside'));
    expect(once).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/), kept: false });
    expect(once.token).not.toBe(fresh.token);
    expect(serveToken(tmp.dir).token).toBe(fresh.token);
    expect(serveToken(tmp.dir, { renew: true }).token).not.toBe(fresh.token);
  });
});
