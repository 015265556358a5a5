import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/core/archive.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { appCsp, parseCsp } from '../../src/shared/csp.js';
import { makeTempDir, REPO_ROOT } from '../helpers/paths.js';
import { signIn } from '../helpers/serve-sign-in.js';

/**
 * The build output (`npm run build`) against `kho serve`: the page's CSP meta tag and the server's header
 * come from the one builder, and the preload and renderer bundles carry no zod.
 */

const OUT = path.join(REPO_ROOT, 'out');
const TOKEN = 'Pz4Hw8Qn2Lx6Rv9Kc3Tb7Ym5Jd1Gf8Sa';

let archive: Archive;
let server: RunningServer;
let cleanup: () => void;

beforeAll(async () => {
  const tmp = makeTempDir('kho-csp-');
  cleanup = tmp.cleanup;
  archive = await openArchive(tmp.dir);
  server = await startServer({ archive, rendererDir: path.join(OUT, 'renderer'), token: TOKEN });
});
afterAll(async () => {
  await server?.close();
  await archive?.close();
  cleanup?.();
});

async function getPage(): Promise<{ status: number; csp: string; body: string }> {
  const { cookie } = await signIn(server.port, TOKEN);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/',
        headers: { Cookie: cookie },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            csp: String(res.headers['content-security-policy']),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function metaCsp(html: string): string | null {
  const { document } = parseHTML(html);
  const metas = [...document.querySelectorAll('meta[http-equiv]')].filter(
    (m) => m.getAttribute('http-equiv')?.toLowerCase() === 'content-security-policy',
  );
  expect(metas).toHaveLength(1);
  return metas[0]?.getAttribute('content') ?? null;
}

describe('one CSP for the built page and kho serve', () => {
  it('the built index.html and the served page carry the builder policy', async () => {
    const page = await getPage();
    expect(page.status).toBe(200);
    const builtMeta = metaCsp(readFileSync(path.join(OUT, 'renderer', 'index.html'), 'utf8'));
    expect(metaCsp(page.body)).toBe(builtMeta);
    expect(builtMeta).toBe(appCsp({ assets: 'kho-asset', delivery: 'meta' }));
    expect(page.csp).toBe(appCsp({ assets: 'same-origin', delivery: 'header' }));
  });

  it('the meta tag and the header agree on every directive but the asset scheme and frame-ancestors', async () => {
    const page = await getPage();
    const meta = parseCsp(metaCsp(page.body) ?? '');
    const header = parseCsp(page.csp);
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
    header.delete('frame-ancestors');
    expect(meta.get('img-src')).toContain('kho-asset:');
    meta.set(
      'img-src',
      (meta.get('img-src') ?? []).filter((s) => s !== 'kho-asset:'),
    );
    expect(meta).toEqual(header);
  });

  it('the CSP meta tag follows the charset declaration, before any script', () => {
    const html = readFileSync(path.join(OUT, 'renderer', 'index.html'), 'utf8');
    const charset = html.indexOf('<meta charset');
    const csp = html.indexOf('http-equiv="Content-Security-Policy"');
    const script = html.indexOf('<script');
    expect(charset).toBeGreaterThanOrEqual(0);
    expect(csp).toBeGreaterThan(charset);
    expect(script).toBeGreaterThan(csp);
  });
});

describe('zod-free preload and renderer', () => {
  const ZOD = /ZodError|\$ZodType/;

  it('the preload bundle requires only electron and carries no zod', () => {
    const preload = readFileSync(path.join(OUT, 'preload', 'index.cjs'), 'utf8');
    expect(preload).not.toMatch(ZOD);
    expect([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).toContain('"articles.add"');
  });

  it('the renderer bundle carries no zod', () => {
    const dir = path.join(OUT, 'renderer', 'assets');
    const scripts = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const f of scripts) expect(readFileSync(path.join(dir, f), 'utf8'), f).not.toMatch(ZOD);
  });
});
