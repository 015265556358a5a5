import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { mock } from './mocks/electron.js';
import { makeTempDir } from '../helpers/paths.js';
import { named, startedHost, until } from './support.js';
import { request } from '../extension/support/http.js';
import type { OperationOutput } from '../../src/shared/contract.js';

vi.mock('electron', () => import('./mocks/electron.js'));

/**
 * The browser extension's connector in the app: the archive host process (src/host/entry.ts, a real
 * child process) starts it once the archive is open, pairs and saves through the archive, turns "Open in
 * Kho" into an app.open event for the main process, and reports a taken port instead of failing.
 */

const tmp = makeTempDir('kho-host-connector-');
afterEach(() => mock.killChildren());
afterAll(() => tmp.cleanup());

const EXT = `chrome-extension://${'d'.repeat(32)}`;
const PAGE = `<!doctype html><html><head><title>Chợ nổi Cái Răng</title></head><body><article><h1>Chợ nổi Cái Răng</h1>
<p>Chợ nổi Cái Răng họp trên sông từ sáng sớm, và người mua đi thuyền đến tận nơi để chọn hàng.</p>
<p>Mỗi ghe treo thứ mình bán lên cây bẹo, nên từ xa đã biết ghe nào bán gì ở chợ.</p></article></body></html>`;

type Pairings = OperationOutput<'connector.pairings'>;

describe('the connector in the archive host', () => {
  it('starts with the archive, pairs through it, saves, and asks the window to open an article', async () => {
    const { host, events, logs } = startedHost(path.join(tmp.dir, 'runs'), { connector: { port: 0 } });
    await host.start();
    const { receiver } = (await host.call('connector.pairings', {})) as Pairings;
    expect(receiver).toEqual({ state: 'running', port: expect.any(Number), message: null });
    const port = receiver.port!;
    expect(port).toBeGreaterThan(0);

    const started = await request(port, { path: '/connector/pair', origin: EXT, body: '{"name":"Edge"}' });
    const { pairing_id: id, code } = started.json?.value as { pairing_id: string; code: string };
    await until('the pairing request event', () =>
      named(events, 'connector.pairing').some((e) => e.change === 'requested' && e.code === code),
    );
    await host.call('connector.approve', { id });
    const status = await request(port, {
      path: '/connector/pair-status',
      origin: EXT,
      body: JSON.stringify({ pairing_id: id }),
    });
    const token = (status.json?.value as { token: string }).token;
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const saved = await request(port, {
      path: '/connector/save',
      origin: EXT,
      token,
      body: JSON.stringify({ kind: 'page', url: 'https://example.com/cho-noi', html: PAGE }),
    });
    expect(saved.status).toBe(200);
    const article = (saved.json?.value as { article: { id: number; title: string } }).article;
    expect(article.title).toBe('Chợ nổi Cái Răng');
    const listed = (await host.call('articles.list', {})) as OperationOutput<'articles.list'>;
    expect(listed.items.map((a) => a.id)).toEqual([article.id]);

    const ping = await request(port, { path: '/connector/ping', origin: EXT, token, body: '{}' });
    expect(ping.json?.value).toMatchObject({ paired: true, can_open: true });
    const open = await request(port, {
      path: '/connector/open',
      origin: EXT,
      token,
      body: JSON.stringify({ article_id: article.id }),
    });
    expect(open.json?.value).toEqual({ url: null });
    await until('app.open', () => named(events, 'app.open').length > 0);
    expect(named(events, 'app.open')).toEqual([{ target: 'article', id: article.id }]);
    expect(logs.some((l) => l.includes(`through http://127.0.0.1:${port}`))).toBe(true);
    expect(logs.some((l) => /connector: POST \/connector\/save 200/.test(l))).toBe(true);

    await host.close();
    // Closed with the archive: nothing answers on the port any more.
    expect(
      (await request(port, { path: '/connector/ping', origin: EXT, body: '{}' }).catch(() => null))?.status ??
        null,
    ).toBeNull();
  });

  it('reports a taken port (another Kho answers the extension) and keeps the archive working', async () => {
    const other: Server = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const taken = (other.address() as { port: number }).port;
    try {
      const { host, events, logs } = startedHost(path.join(tmp.dir, 'taken'), { connector: { port: taken } });
      await host.start();
      const { receiver } = (await host.call('connector.pairings', {})) as Pairings;
      expect(receiver.state).toBe('failed');
      expect(receiver.port).toBe(taken);
      expect(receiver.message).toMatch(new RegExp(`port ${taken} on 127.0.0.1 is taken`));
      expect(logs).toContainEqual(`info: ${receiver.message}`);
      expect(named(events, 'connector.receiver')).toContainEqual(receiver);
      expect(((await host.call('app.info', {})) as OperationOutput<'app.info'>).article_count).toBe(0);
      await host.close();
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
