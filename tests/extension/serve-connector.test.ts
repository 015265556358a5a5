import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { OperationOutput } from '../../src/shared/contract.js';
import { runKho } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';
import { request } from './support/http.js';
import { serveInProcess } from './support/serve.js';

/**
 * `kho serve` answers the browser extension too (so saving works with the app closed): it starts the
 * connector, says on its terminal which browser asks to pair and with which code, takes "y" there when a
 * person types into it, and approval through the web app's API always works. Run in-process (runCli).
 */

const tmp = makeTempDir('kho-serve-connector-');
afterAll(() => tmp.cleanup());

const EXT = `chrome-extension://${'e'.repeat(32)}`;
const PAGE = `<!doctype html><html><head><title>Phở Hà Nội</title></head><body><article><h1>Phở Hà Nội</h1>
<p>Phở là món ăn của Hà Nội, và mỗi hàng phở có cách nấu nước dùng riêng từ xương bò hầm lâu.</p>
<p>Người Hà Nội ăn phở vào buổi sáng, có khi cả buổi tối, ở những quán nhỏ trên vỉa hè.</p></article></body></html>`;

type Pairings = OperationOutput<'connector.pairings'>;

async function ask(port: number, name: string): Promise<{ pairing_id: string; code: string }> {
  const r = await request(port, { path: '/connector/pair', origin: EXT, body: JSON.stringify({ name }) });
  return r.json?.value as { pairing_id: string; code: string };
}

async function collect(port: number, id: string): Promise<{ status: string; token?: string }> {
  const r = await request(port, {
    path: '/connector/pair-status',
    origin: EXT,
    body: JSON.stringify({ pairing_id: id }),
  });
  return r.json?.value as { status: string; token?: string };
}

describe('kho serve and the browser extension', () => {
  it('starts the connector, prints the pairing code, pairs after approval in the web app, then saves and opens', async () => {
    const kho = await serveInProcess(path.join(tmp.dir, 'web'), ['--connector-port', '0']);
    try {
      const port = kho.connectorPort!;
      expect(port).toBeGreaterThan(0);
      expect((await kho.api<Pairings>('connector.pairings', {})).receiver).toEqual({
        state: 'running',
        port,
        message: null,
      });
      const asked = await ask(port, 'Chromium on Linux');
      const line = await kho.waitForLine(/asks to save into Kho/);
      expect(line).toBe(
        `Browser "Chromium on Linux" asks to save into Kho. Code ${asked.code}. If the browser shows the same code, approve it in the web app (Settings > Browser extension).`,
      );
      expect(await collect(port, asked.pairing_id)).toEqual({ status: 'pending' });
      const refused = await request(port, {
        path: '/connector/save',
        origin: EXT,
        body: JSON.stringify({ kind: 'page', url: 'https://example.com/pho', html: PAGE }),
      });
      expect(refused.status).toBe(401);

      await kho.api('connector.approve', { id: asked.pairing_id });
      const { status, token } = await collect(port, asked.pairing_id);
      expect(status).toBe('approved');
      await kho.waitForLine(/"Chromium on Linux" is paired/);
      const saved = await request(port, {
        path: '/connector/save',
        origin: EXT,
        token: token!,
        body: JSON.stringify({ kind: 'page', url: 'https://example.com/pho', html: PAGE }),
      });
      expect(saved.status).toBe(200);
      const id = (saved.json?.value as { article: { id: number } }).article.id;
      expect((await kho.api<OperationOutput<'articles.get'>>('articles.get', { id })).title).toBe(
        'Phở Hà Nội',
      );

      // "Open in Kho": the web app's address of the article, which a browser without the cookie can open.
      const open = await request(port, {
        path: '/connector/open',
        origin: EXT,
        token: token!,
        body: JSON.stringify({ article_id: id }),
      });
      const url = (open.json?.value as { url: string }).url;
      expect(url).toBe(`${kho.origin}/article/${id}?token=${encodeURIComponent(kho.token)}`);
      const first = await fetch(url, { redirect: 'manual' });
      expect(first.status).toBe(303);
      // The article's address, with the page's sign-in keys in the fragment.
      expect(first.headers.get('location')).toMatch(new RegExp(`^/article/${id}(?:#|$)`));
      const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(`${kho.origin}/article/${id}`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app"');
    } finally {
      expect(await kho.stop()).toBe(0);
    }
  });

  it('on a terminal, "y" approves the request it printed; a taken port is said and serving goes on', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const terminal = Object.assign(new PassThrough(), { isTTY: true });
    const first = await serveInProcess(path.join(tmp.dir, 'tty'), ['--connector-port', '0'], terminal);
    const second = await serveInProcess(path.join(tmp.dir, 'taken'), ['--connector-port', String(taken)]);
    try {
      const asked = await ask(first.connectorPort!, 'Firefox on Linux');
      expect(await first.waitForLine(/asks to save into Kho/)).toMatch(
        /or type y \(approve\) or n \(deny\) and Enter here\.$/,
      );
      terminal.write('y\n');
      await first.waitForLine(/Pairing with "Firefox on Linux" approved/);
      expect((await collect(first.connectorPort!, asked.pairing_id)).token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      terminal.write('y\n');
      await first.waitForLine(/No browser is waiting to pair/);

      expect(second.connectorPort).toBeNull();
      expect(second.stderr()).toContain(
        `The browser extension cannot save into this Kho: port ${taken} on 127.0.0.1 is taken`,
      );
      const { receiver } = await second.api<Pairings>('connector.pairings', {});
      expect([receiver.state, receiver.port]).toEqual(['failed', taken]);
      expect((await second.api<OperationOutput<'app.info'>>('app.info', {})).article_count).toBe(0);
    } finally {
      expect(await first.stop()).toBe(0);
      expect(await second.stop()).toBe(0);
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('--no-connector leaves the extension unanswered; a bad port is refused with the usage', async () => {
    const off = await serveInProcess(path.join(tmp.dir, 'off'), ['--no-connector']);
    try {
      expect(off.stderr()).not.toContain('browser extension');
      expect((await off.api<Pairings>('connector.pairings', {})).receiver.state).toBe('off');
    } finally {
      await off.stop();
    }
    const bad = await runKho(['serve', '--data', path.join(tmp.dir, 'off'), '--connector-port', 'seven']);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'kho: --connector-port takes a whole number from 0 to 65535, not "seven".\n',
    ]);
    const both = await runKho([
      'serve',
      '--data',
      path.join(tmp.dir, 'off'),
      '--no-connector',
      '--connector-port',
      '1',
    ]);
    expect(both.stderr).toMatch(/either --connector-port or --no-connector/);
  });
});
