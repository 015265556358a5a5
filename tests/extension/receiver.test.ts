import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PORT } from '../../extension/src/connector-client.js';
import { startConnector, type RunningConnector } from '../../src/server/connector/index.js';
import { runConnector } from '../../src/server/connector/run.js';
import { CONNECTOR_PORT, SAVE_BODY_LIMIT } from '../../src/shared/connector-protocol.js';
import type { KhoEvent } from '../../src/shared/events.js';
import { tempArchive } from '../helpers/archive.js';
import { named } from '../helpers/events.js';
import { failure } from '../helpers/failure.js';
import { request } from './support/http.js';

/**
 * The connector over real HTTP on 127.0.0.1 over a real archive: who gets an answer, pairing through the
 * archive's operations, limits, what a save stores, and how a taken port is reported.
 */

const EXT = `chrome-extension://${'c'.repeat(32)}`;
const FIREFOX = 'moz-extension://0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

let kho: Awaited<ReturnType<typeof tempArchive>>;
let connector: RunningConnector;
let events: KhoEvent[];

beforeEach(async () => {
  kho = await tempArchive();
  events = [];
  kho.archive.subscribe((e) => events.push(e));
  connector = await startConnector({ handlers: kho.archive.handlers, port: 0 });
});
afterEach(async () => {
  await connector.close();
  await kho.close();
});

async function pairedToken(origin = EXT): Promise<string> {
  const started = await request(connector.port, {
    path: '/connector/pair',
    origin,
    body: '{"name":"Test browser"}',
  });
  const { pairing_id: id } = started.json?.value as { pairing_id: string };
  await kho.call('connector.approve', { id });
  const status = await request(connector.port, {
    path: '/connector/pair-status',
    origin,
    body: JSON.stringify({ pairing_id: id }),
  });
  return (status.json?.value as { token: string }).token;
}

const page = (html: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ kind: 'page', url: 'http://127.0.0.1:9/story', html, ...extra });

const ARTICLE = `<!doctype html><html><head><meta charset="windows-1258"><title>Dân vận</title></head><body><article>
<h1>Dân vận</h1><p>Lấy sự hài lòng của người dân là trọng tâm của công tác dân vận ở Bến Tre, và đó là điều có ý nghĩa.</p>
<p>Đồng chí Trương Thị Mai phát biểu chỉ đạo tại buổi làm việc; kết quả đạt được rất đáng ghi nhận ở nhiều nơi.</p>
<p>Nhiều chỉ tiêu vượt kế hoạch đề ra, và người dân ở các xã vùng sâu đều có điện, có đường, có trường học.</p>
</article></body></html>`;

describe('the connector answers only paired extensions', () => {
  it('uses the documented port, which the extension looks for', () => {
    expect(CONNECTOR_PORT).toBe(7718);
    expect(DEFAULT_PORT).toBe(CONNECTOR_PORT);
  });

  it('gives a web page, a rebinding host or a request without Origin no answer at all', async () => {
    const port = connector.port;
    const refusals = [
      request(port, { path: '/connector/ping', origin: 'http://127.0.0.1:8080', body: '{}' }),
      request(port, { path: '/connector/ping', origin: 'https://evil.example', body: '{}' }),
      request(port, { path: '/connector/ping', origin: 'null', body: '{}' }),
      request(port, { path: '/connector/ping', body: '{}' }),
      request(port, { method: 'GET', path: '/connector/tags' }),
      request(port, { method: 'OPTIONS', path: '/connector/save', origin: 'https://evil.example' }),
      // DNS rebinding: evil.example resolved to 127.0.0.1, so the browser sends its name as Host.
      request(port, { path: '/connector/ping', origin: EXT, host: `evil.example:${port}`, body: '{}' }),
      request(port, { path: '/connector/ping', origin: EXT, host: `127.0.0.1:${port + 1}`, body: '{}' }),
      // A look-alike of an extension origin.
      request(port, { path: '/connector/ping', origin: 'chrome-extension://evil.example', body: '{}' }),
    ];
    for (const answer of await Promise.all(refusals)) expect(answer.status).toBeNull();
  });

  it('answers an extension with CORS for its own origin only, and preflights', async () => {
    const ping = await request(connector.port, { path: '/connector/ping', origin: FIREFOX, body: '{}' });
    expect(ping.status).toBe(200);
    expect(ping.headers['access-control-allow-origin']).toBe(FIREFOX);
    expect(ping.json?.value).toEqual({
      app: 'kho',
      version: expect.any(String),
      paired: false,
      can_open: false,
    });
    const pre = await request(connector.port, { method: 'OPTIONS', path: '/connector/save', origin: EXT });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(EXT);
    expect(pre.headers['access-control-allow-headers']).toMatch(/authorization/i);
  });

  it('pairs over HTTP: Kho is told the code, the asker polls, the token comes once', async () => {
    const started = await request(connector.port, {
      path: '/connector/pair',
      origin: EXT,
      body: '{"name":"Edge on Windows"}',
    });
    const { pairing_id: id, code } = started.json?.value as { pairing_id: string; code: string };
    expect(named(events, 'connector.pairing')).toEqual([
      { change: 'requested', id, code, name: 'Edge on Windows' },
    ]);
    expect((await kho.call('connector.pairings', {})).pending).toEqual([
      expect.objectContaining({ id, code, origin: EXT }),
    ]);
    const poll = () =>
      request(connector.port, {
        path: '/connector/pair-status',
        origin: EXT,
        body: JSON.stringify({ pairing_id: id }),
      });
    expect((await poll()).json?.value).toEqual({ status: 'pending' });
    await kho.call('connector.approve', { id });
    const approved = (await poll()).json?.value as { status: string; token: string };
    expect(approved.status).toBe('approved');
    expect((await poll()).json?.value).toEqual({ status: 'expired' });
    const ping = await request(connector.port, {
      path: '/connector/ping',
      origin: EXT,
      token: approved.token,
      body: '{}',
    });
    expect((ping.json?.value as { paired: boolean }).paired).toBe(true);
  });

  it('refuses every other route without a valid token for that origin, and after revocation', async () => {
    const none = await request(connector.port, { path: '/connector/save', origin: EXT, body: page(ARTICLE) });
    expect(none.status).toBe(401);
    expect(none.json?.error?.message).toBe('Pair this browser with Kho first.');
    const token = await pairedToken();
    const guessed = await request(connector.port, {
      path: '/connector/tags',
      origin: EXT,
      token: 'x'.repeat(43),
      body: '{}',
    });
    expect(guessed.status).toBe(401);
    const elsewhere = await request(connector.port, {
      path: '/connector/tags',
      origin: FIREFOX,
      token,
      body: '{}',
    });
    expect(elsewhere.status).toBe(401);
    expect(
      (await request(connector.port, { path: '/connector/tags', origin: EXT, token, body: '{}' })).status,
    ).toBe(200);
    const [browser] = (await kho.call('connector.pairings', {})).browsers;
    await kho.call('connector.revoke', { browser_id: browser!.id });
    const revoked = await request(connector.port, {
      path: '/connector/save',
      origin: EXT,
      token,
      body: page(ARTICLE),
    });
    expect(revoked.status).toBe(401);
    expect(revoked.json?.error?.message).toMatch(/no longer paired/);
    expect((await kho.call('articles.list', {})).total).toBe(0);
  });

  it('says clearly what is wrong with a request: size, type, JSON, fields, method, route', async () => {
    const token = await pairedToken();
    const port = connector.port;
    const big = page('<p>' + 'a'.repeat(SAVE_BODY_LIMIT) + '</p>');
    const tooBig = await request(port, { path: '/connector/save', origin: EXT, token, body: big });
    expect(tooBig.status).toBe(413);
    expect(tooBig.json?.error?.message).toMatch(/larger than 20 MB.*Save link to Kho/);
    const smallRoute = await request(port, {
      path: '/connector/tags',
      origin: EXT,
      token,
      body: JSON.stringify({ pad: 'x'.repeat(70_000) }),
    });
    expect(smallRoute.status).toBe(413);
    const text = await request(port, {
      path: '/connector/save',
      origin: EXT,
      token,
      body: 'hello',
      contentType: 'text/plain',
    });
    expect([text.status, text.json?.error?.code]).toEqual([415, 'UNSUPPORTED_TYPE']);
    const broken = await request(port, { path: '/connector/save', origin: EXT, token, body: '{"kind":' });
    expect([broken.status, broken.json?.error?.message]).toEqual([
      400,
      expect.stringMatching(/not valid JSON/),
    ]);
    const noUrl = await request(port, {
      path: '/connector/save',
      origin: EXT,
      token,
      body: JSON.stringify({ kind: 'page', html: '<p>x</p>' }),
    });
    expect([noUrl.status, noUrl.json?.error?.message]).toEqual([
      400,
      expect.stringMatching(/connector\/save \(url\)/),
    ]);
    const get = await request(port, { method: 'GET', path: '/connector/save', origin: EXT, token });
    expect([get.status, get.headers.allow]).toEqual([405, 'POST']);
    const unknown = await request(port, { path: '/connector/nothing', origin: EXT, token, body: '{}' });
    expect(unknown.status).toBe(404);
    const open = await request(port, {
      path: '/connector/open',
      origin: EXT,
      token,
      body: '{"article_id":1}',
    });
    expect([open.status, open.json?.error?.message]).toEqual([
      404,
      'This Kho cannot open articles from the browser.',
    ]);
    expect((await kho.call('articles.list', {})).total).toBe(0);
  });

  it('saves the page as sent, decoded as the UTF-8 it is whatever its old <meta charset> says; tags and notes follow', async () => {
    const token = await pairedToken();
    const selection = {
      exact: 'trọng tâm',
      prefix: 'Lấy sự hài lòng của người dân là ',
      suffix: ' của công tác dân vận ở Bến Tre',
    };
    const saved = await request(connector.port, {
      path: '/connector/save',
      origin: EXT,
      token,
      body: page(ARTICLE, { selection, note: 'Ý chính', tags: ['dân vận'] }),
    });
    expect(saved.status).toBe(200);
    const result = saved.json?.value as {
      article: { id: number; tags: string[]; annotation_count: number };
      created: boolean;
      highlight: { id: number; exact: string; note: string; start: number };
    };
    expect(result.created).toBe(true);
    expect(result.article.tags).toEqual(['dân vận']);
    expect(result.article.annotation_count).toBe(1);
    const article = await kho.call('articles.get', { id: result.article.id });
    expect(article.content_text).toContain('Lấy sự hài lòng của người dân là trọng tâm');
    expect(article.content_text.slice(result.highlight.start, result.highlight.start + 9)).toBe('trọng tâm');
    expect(result.highlight.note).toBe('Ý chính');

    const again = await request(connector.port, {
      path: '/connector/save',
      origin: EXT,
      token,
      body: page(ARTICLE),
    });
    expect((again.json?.value as { created: boolean }).created).toBe(false);
    expect((await kho.call('articles.list', {})).total).toBe(1);

    const tagged = await request(connector.port, {
      path: '/connector/tag',
      origin: EXT,
      token,
      body: JSON.stringify({ article_id: result.article.id, add: ['Bến Tre'], remove: ['dân vận'] }),
    });
    expect((tagged.json?.value as { article: { tags: string[] } }).article.tags).toEqual(['Bến Tre']);
    const noted = await request(connector.port, {
      path: '/connector/note',
      origin: EXT,
      token,
      body: JSON.stringify({ annotation_id: result.highlight.id, note: '  ' }),
    });
    expect((noted.json?.value as { highlight: { note: string | null } }).highlight.note).toBeNull();

    const missing = await request(connector.port, {
      path: '/connector/save',
      origin: EXT,
      token,
      body: page(ARTICLE, { selection: { exact: 'not in this article at all', prefix: '', suffix: '' } }),
    });
    const partial = missing.json?.value as { highlight: null; highlight_error: string };
    expect(partial.highlight).toBeNull();
    expect(partial.highlight_error).toMatch(/page is saved, but the selected text/);
  });

  it('serves the bookmarklet window as a top-level page only, with a strict policy', async () => {
    const win = await request(connector.port, {
      method: 'GET',
      path: '/connector/bookmarklet?url=x',
      headers: { 'Sec-Fetch-Dest': 'document' },
    });
    expect(win.status).toBe(200);
    expect(win.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(win.headers['content-security-policy']).toMatch(/script-src 'sha256-/);
    expect(win.body).toContain('Save to Kho');
    const framed = await request(connector.port, {
      method: 'GET',
      path: '/connector/bookmarklet',
      headers: { 'Sec-Fetch-Dest': 'iframe' },
    });
    expect(framed.status).toBeNull();
  });

  it('a second connector on a taken port fails with a clear error', async () => {
    const e = await failure(startConnector({ handlers: kho.archive.handlers, port: connector.port }));
    expect(e.message).toMatch(new RegExp(`Port ${connector.port} on 127.0.0.1 is taken`));
  });

  it('run for an archive, it reports running, a taken port (without throwing) and stopping to Settings', async () => {
    const notices: string[] = [];
    const second = await runConnector(kho.archive, { port: connector.port, notice: (l) => notices.push(l) });
    expect(second).toBeNull();
    expect(notices).toEqual([
      expect.stringMatching(new RegExp(`port ${connector.port} on 127.0.0.1 is taken \\(another Kho`)),
    ]);
    const failed = (await kho.call('connector.pairings', {})).receiver;
    expect(failed).toEqual({ state: 'failed', port: connector.port, message: notices[0] });
    expect(named(events, 'connector.receiver').at(-1)).toEqual(failed);

    const own = await runConnector(kho.archive, { port: 0, notice: (l) => notices.push(l) });
    expect(own).not.toBeNull();
    expect((await kho.call('connector.pairings', {})).receiver).toEqual({
      state: 'running',
      port: own!.port,
      message: null,
    });
    const ping = await request(own!.port, { path: '/connector/ping', origin: EXT, body: '{}' });
    expect(ping.status).toBe(200);
    await own!.close();
    expect((await kho.call('connector.pairings', {})).receiver.state).toBe('off');
    // Nothing listens there any more.
    const refused = await new Promise<string>((resolve) =>
      connect(own!.port, '127.0.0.1')
        .on('connect', () => resolve('connected'))
        .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error')),
    );
    expect(refused).toBe('ECONNREFUSED');
  });
});
