import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/core/archive.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import type { KhoEvent } from '../../src/shared/events.js';
import { makeTempDir } from '../helpers/paths.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { until } from '../helpers/events.js';
import { signIn } from '../helpers/serve-sign-in.js';

/**
 * `kho serve` pushes the archive's events as Server-Sent Events on GET /api/events, behind the same token,
 * Host and Origin checks as the API. Real server on 127.0.0.1, real archive.
 */

const TOKEN = 'Ev7Lq2Zt9RmX4pKc8WbN3yHd6JfGs5Ta';
let archive: Archive;
let server: RunningServer;
let cleanup: () => void;
let dataDir: string;

beforeAll(async () => {
  const tmp = makeTempDir('kho-sse-');
  cleanup = tmp.cleanup;
  const renderer = path.join(tmp.dir, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Kho</title>');
  dataDir = path.join(tmp.dir, 'data');
  archive = await openArchive(dataDir);
  server = await startServer({ archive, rendererDir: renderer, token: TOKEN });
});

afterAll(async () => {
  await server?.close();
  await archive?.close();
  cleanup?.();
});

interface Stream {
  res: IncomingMessage;
  events: KhoEvent[];
  raw: string[];
  close(): void;
}

function openStream(headers: Record<string, string>, path = '/api/events'): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        headers: { Host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        const stream: Stream = { res, events: [], raw: [], close: () => req.destroy() };
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          stream.raw.push(chunk);
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n');
            if (data) stream.events.push(JSON.parse(data) as KhoEvent);
          }
        });
        resolve(stream);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const bearer = { Authorization: `Bearer ${TOKEN}` };

async function post(op: string, body: unknown): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: `/api/${op}`,
        headers: { ...bearer, 'Content-Type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('GET /api/events', () => {
  it('streams job progress and changes as they happen', async () => {
    const stream = await openStream(bearer);
    expect(stream.res.statusCode).toBe(200);
    expect(stream.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.res.headers['cache-control']).toBe('no-store');
    await post('articles.add', {
      source: 'text',
      text: 'Dân vận\n\nNội dung bài viết về dân vận ở Hà Nội.\n',
      name: 'a.txt',
      job_id: 'sse-job-1',
    });
    await until('the change event', () => stream.events.some((e) => e.name === 'archive.changed'));
    const names = stream.events.map((e) => e.name);
    expect(names).toContain('job.progress');
    expect(stream.events.find((e) => e.name === 'archive.changed')).toEqual({
      name: 'archive.changed',
      payload: { areas: ['articles'], article_ids: [1], origin: 'here' },
    });
    const jobs = stream.events.filter((e) => e.name === 'job.progress');
    expect(jobs.at(-1)).toMatchObject({ payload: { job_id: 'sse-job-1', state: 'done' } });
    expect(stream.raw.join('')).toMatch(/^retry: 2000\n\n/);
    stream.close();
  });

  it('tells browsers about changes another process (the CLI) commits to the archive', async () => {
    const stream = await openStream(bearer);
    const cli = await openArchive(dataDir);
    await callOperation(cli.handlers, 'tags.attach', { ids: [1], tags: ['từ dòng lệnh'] });
    await cli.flushSearch();
    await cli.close();
    await until(
      'the outside change',
      () => stream.events.some((e) => e.name === 'archive.changed' && e.payload.origin === 'elsewhere'),
      6000,
    );
    stream.close();
  });

  it('needs the token like every other request', async () => {
    const stream = await openStream({});
    expect(stream.res.statusCode).toBe(401);
    stream.close();
  });

  it('accepts a signed-in page: its cookie and its address key (EventSource sends no Origin)', async () => {
    const browser = await signIn(server.port, TOKEN);
    const stream = await openStream(
      { Cookie: browser.cookie, 'Sec-Fetch-Site': 'same-origin' },
      `/api/events?k=${browser.addressKey}`,
    );
    expect(stream.res.statusCode).toBe(200);
    stream.close();
    // The cookie alone (what another port on this host receives) opens no stream.
    const cookieOnly = await openStream({ Cookie: browser.cookie, 'Sec-Fetch-Site': 'same-origin' });
    expect(cookieOnly.res.statusCode).toBe(401);
    cookieOnly.close();
  });

  it('refuses other origins and cross-site requests, even signed in', async () => {
    const browser = await signIn(server.port, TOKEN);
    const cookie = { Cookie: browser.cookie };
    for (const headers of [
      { ...cookie, Origin: 'http://evil.example' },
      { ...cookie, 'Sec-Fetch-Site': 'cross-site' },
    ]) {
      const stream = await openStream(headers, `/api/events?k=${browser.addressKey}`);
      expect(stream.res.statusCode).toBe(403);
      stream.close();
    }
  });

  it('refuses a foreign Host (DNS rebinding)', async () => {
    const stream = await openStream({ ...bearer, Host: `evil.example:${server.port}` });
    expect(stream.res.statusCode).toBe(403);
    stream.close();
  });

  it('is read with GET only', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/api/events',
          headers: { ...bearer, 'Content-Type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(405);
  });
});
