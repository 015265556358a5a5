import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mock, protocol } from './mocks/electron.js';
import { makeTempDir } from '../helpers/paths.js';
import { startedHost } from './support.js';
import { makePng } from '../capture/fixture-server.js';
import {
  APP_CSP_HEADER,
  registerAppProtocol,
  registerPrivilegedSchemes,
} from '../../src/main/app-protocol.js';
import { ASSET_SCHEME, registerAssetProtocol } from '../../src/main/asset-protocol.js';
import type { ArchiveHost } from '../../src/core/host/client.js';
import type { OperationOutput } from '../../src/shared/contract.js';

vi.mock('electron', () => import('./mocks/electron.js'));

/**
 * The two custom schemes: kho://app/ serves the built renderer (and nothing outside it), kho-asset: serves
 * archived images from the real archive host (and nothing but a known SHA-256).
 */

const tmp = makeTempDir('kho-protocols-');
const rendererDir = path.join(tmp.dir, 'out', 'renderer');
let host: ArchiveHost;
const assetLookups: string[] = [];
let imageSha = '';
let server: http.Server;

beforeAll(async () => {
  mock.reset();
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><title>Kho</title><div id="app"></div>',
  );
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc123.js'), 'console.log("kho")');
  writeFileSync(path.join(tmp.dir, 'out', 'secret.txt'), 'not part of the app');
  writeFileSync(path.join(tmp.dir, 'package.json'), '{"name":"secret"}');
  symlinkSync(path.join(tmp.dir, 'out', 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'));

  registerPrivilegedSchemes();
  registerAppProtocol(rendererDir);

  host = startedHost(path.join(tmp.dir, 'archive')).host;
  await host.start();
  registerAssetProtocol((sha) => {
    assetLookups.push(sha);
    return host.getAsset(sha);
  });

  // A real page with a real image on 127.0.0.1, captured into the archive so it holds one asset.
  const png = makePng(4, 3, [200, 30, 30]);
  server = http.createServer((req, res) => {
    if (req.url === '/red.png') {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(png);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html><head><title>Ảnh đỏ</title></head><body><article><h1>Ảnh đỏ</h1>` +
        `<p>${'Một bài có ảnh minh hoạ màu đỏ ở giữa trang. '.repeat(20)}</p><img src="/red.png" alt="đỏ">` +
        `<p>${'Đoạn sau ảnh nói thêm về dân vận. '.repeat(20)}</p></article></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const saved = (await host.call('articles.add', {
    source: 'url',
    url: `http://127.0.0.1:${port}/bai`,
  })) as OperationOutput<'articles.add'>;
  const detail = (await host.call('articles.get', {
    id: saved.article.id,
  })) as OperationOutput<'articles.get'>;
  imageSha = /kho-asset:([0-9a-f]{64})/.exec(detail.content_html)?.[1] ?? '';
});

afterAll(async () => {
  server?.close();
  await host?.close();
  mock.killChildren();
  tmp.cleanup();
});

describe('privileged schemes', () => {
  it('declares kho: standard and secure, and kho-asset: for fetch and streaming', () => {
    const byScheme = new Map(protocol.privileged.map((p) => [p.scheme, p.privileges]));
    expect(byScheme.get('kho')).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(byScheme.get(ASSET_SCHEME)).toMatchObject({ secure: true, standard: false, stream: true });
  });
});

describe('kho://app/ serves the renderer', () => {
  it('serves index.html with the app CSP and hashed assets as immutable', async () => {
    const index = await mock.fetch('kho://app/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(APP_CSP_HEADER);
    expect(APP_CSP_HEADER).toContain("frame-ancestors 'none'");
    expect(await index.text()).toContain('<div id="app">');
    const script = await mock.fetch('kho://app/assets/index-abc123.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(script.headers.get('content-security-policy')).toBeNull();
  });

  it('falls back to index.html for app routes without an extension', async () => {
    const route = await mock.fetch('kho://app/article/12');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="app">');
  });

  it.each([
    'kho://app/%2e%2e/secret.txt',
    'kho://app/..%2fsecret.txt',
    'kho://app/..%2f..%2fpackage.json',
    'kho://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'kho://app/assets/..%5c..%5csecret.txt',
    'kho://app/assets/link.txt',
    'kho://app/%00index.html',
    'kho://app/.hidden.txt',
    'kho://app/missing.js',
  ])('answers 404 to %s', async (url) => {
    const res = await mock.fetch(url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('secret');
  });

  it('does not serve pages for archive links or other hosts, nor other methods', async () => {
    for (const url of ['kho://article/12', 'kho://highlight/3', 'kho://evil/index.html']) {
      expect((await mock.fetch(url)).status, url).toBe(404);
    }
    expect((await mock.fetch('kho://app/index.html', { method: 'POST', body: 'x' })).status).toBe(404);
  });
});

describe('kho-asset: serves archived images', () => {
  it('serves a known image with nosniff and a sandbox CSP', async () => {
    expect(imageSha).toMatch(/^[0-9a-f]{64}$/);
    const res = await mock.fetch(`kho-asset:${imageSha}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes).toEqual(makePng(4, 3, [200, 30, 30]));
  });

  it('answers 404 to an unknown hash after asking the archive', async () => {
    const unknown = 'e'.repeat(64);
    const res = await mock.fetch(`kho-asset:${unknown}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('There is no such image in the archive.');
    expect(assetLookups).toContain(unknown);
  });

  it.each([
    'kho-asset:../../kho.sqlite',
    'kho-asset:%2e%2e%2fkho.sqlite',
    'kho-asset:abc',
    'kho-asset:' + 'g'.repeat(64),
    'kho-asset:' + 'a'.repeat(63),
    'kho-asset:' + 'a'.repeat(64) + '/x',
  ])('answers 404 to %s without asking the archive', async (url) => {
    const before = assetLookups.length;
    const res = await mock.fetch(url);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('That is not the name of an archived image.');
    expect(assetLookups.length).toBe(before);
  });
});
