import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, ipcMain, mock } from './mocks/electron.js';
import { makeTempDir } from '../helpers/paths.js';
import { startedHost } from './support.js';
import { broadcastEvent, IPC_REFUSES_LOCAL_PATHS, registerIpc } from '../../src/main/ipc.js';
import { APP_INDEX_URL, isAppUrl } from '../../src/main/app-url.js';
import { OPERATION_NAMES, ipcChannel } from '../../src/shared/operations.js';
import { contract, localPathOf, type OperationName } from '../../src/shared/contract.js';
import { EVENT_CHANNEL } from '../../src/shared/event-names.js';
import { makeEvent } from '../../src/shared/events.js';
import type { ArchiveHost } from '../../src/core/host/client.js';

vi.mock('electron', () => import('./mocks/electron.js'));

/**
 * IPC in the main process: one handler per contract operation, answering only the app's exact origin,
 * routing to the real archive host, which refuses inputs that read local files exactly as `kho serve`
 * does; events go to the app's windows on one channel.
 */

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

const tmp = makeTempDir('kho-ipc-');
const DEV_URL = 'http://localhost:5173/';
let host: ArchiveHost;
const calls: string[] = [];

beforeAll(async () => {
  mock.reset();
  host = startedHost(path.join(tmp.dir, 'archive')).host;
  await host.start();
  // Count what reaches the archive, to prove refused frames never get there.
  const counting = {
    call: (name: string, input: unknown, options?: Parameters<ArchiveHost['call']>[2]) => {
      calls.push(name);
      return host.call(name, input, options);
    },
  };
  registerIpc(counting, (url) => isAppUrl(url, DEV_URL));
});

afterAll(async () => {
  await host.close();
  mock.killChildren();
  tmp.cleanup();
});

const invoke = (name: OperationName, frameUrl: string | undefined, input: unknown = {}) =>
  mock.invoke(ipcChannel(name), frameUrl, input) as Promise<Reply>;

describe('IPC registration', () => {
  it('registers exactly one handler per contract operation', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(OPERATION_NAMES.map(ipcChannel).sort());
    expect(Object.keys(contract).sort()).toEqual([...OPERATION_NAMES].sort());
  });

  it('answers the app page and the dev server, through the archive host', async () => {
    for (const url of [APP_INDEX_URL, 'kho://app/', `${DEV_URL}index.html`]) {
      const reply = await invoke('app.info', url);
      expect(reply).toMatchObject({
        ok: true,
        value: { schema_version: expect.any(Number), article_count: 0 },
      });
    }
  });

  it('refuses every other origin, including look-alikes, before the archive is reached', async () => {
    const rendererDir = path.join(tmp.dir, 'out', 'renderer');
    const refused = [
      `file://${rendererDir}/index.html`,
      `file://${rendererDir}-evil/x.html`,
      'kho://app.evil/index.html',
      'kho://app@evil/index.html',
      'kho://evil@app/index.html',
      'kho://app:8080/index.html',
      'kho://article/12',
      'kho-asset:' + 'a'.repeat(64),
      'http://localhost:5174/index.html',
      'http://localhost.evil.com:5173/',
      'https://example.com/',
      'about:blank',
      '',
      undefined,
    ];
    calls.length = 0;
    for (const url of refused) {
      const reply = await invoke('articles.list', url);
      expect(reply, String(url)).toEqual({
        ok: false,
        error: { code: 'UNAUTHORIZED', message: 'Kho only answers its own window.' },
      });
    }
    expect(calls).toEqual([]);
  });

  it('carries archive errors as data (code and message), not as thrown classes', async () => {
    const reply = await invoke('articles.get', APP_INDEX_URL, { id: 424242 });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'There is no article with id 424242.' },
    });
    const bad = await invoke('articles.list', APP_INDEX_URL, { limit: -1 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
  });
});

describe('operations that read local files by path', () => {
  const folder = path.join(tmp.dir, 'notes');
  const file = path.join(folder, 'ghi-chu.md');
  beforeAll(() => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, '# Ghi chú bí mật\n\nMột tệp trên máy không được đọc qua IPC.\n');
  });

  // Every input the contract says names a local file, one per operation that has such inputs.
  const byPath: Array<[OperationName, Record<string, unknown>]> = [
    ['articles.add', { source: 'file', path: file }],
    ['articles.replaceContent', { id: 1, path: file }],
    ['import.folder', { path: folder }],
    ['import.file', { path: file }],
    ['export.run', { format: 'obsidian', folder }],
  ];

  it('covers every operation with a localPath fact', () => {
    const withFact = OPERATION_NAMES.filter((n) => 'localPath' in contract[n]);
    expect(byPath.map(([n]) => n).sort()).toEqual([...withFact].sort());
    for (const [name, input] of byPath) {
      const parsed = contract[name].input.parse(input) as never;
      expect(localPathOf(name, parsed), name).toBeDefined();
    }
  });

  it('refuses them over IPC exactly as over HTTP, and saves nothing', async () => {
    await invoke('articles.add', APP_INDEX_URL, {
      source: 'text',
      text: 'Một bài\n\nNội dung.\n',
      name: 'a.txt',
    });
    for (const [name, input] of byPath) {
      const reply = await invoke(name, APP_INDEX_URL, input);
      expect(reply.ok, name).toBe(false);
      expect(!reply.ok && reply.error.code).toBe('INVALID_INPUT');
      expect(!reply.ok && reply.error.message).toContain(
        `reading files on the computer running Kho by their path is not allowed ${IPC_REFUSES_LOCAL_PATHS}`,
      );
    }
    const list = (await invoke('articles.list', APP_INDEX_URL)) as { ok: true; value: { total: number } };
    expect(list.value.total).toBe(1);
  });

  it('accepts the same content sent as bytes', async () => {
    const bytes = Buffer.from('# Ghi chú bí mật\n\nMột tệp gửi dưới dạng byte.\n', 'utf8').toString('base64');
    const reply = await invoke('articles.add', APP_INDEX_URL, {
      source: 'text',
      text: bytes,
      encoding: 'base64',
      name: 'ghi-chu.md',
    });
    expect(reply).toMatchObject({ ok: true, value: { created: true, article: { title: 'Ghi chú bí mật' } } });
  });
});

describe('events to windows', () => {
  it('go on the one event channel to windows showing the app, never to other pages', () => {
    const app = new BrowserWindow();
    app.webContents.finishLoad(APP_INDEX_URL);
    const stray = new BrowserWindow();
    stray.webContents.finishLoad('https://example.com/');
    const closed = new BrowserWindow();
    closed.webContents.finishLoad(APP_INDEX_URL);
    closed.destroy();
    const event = makeEvent('archive.changed', { areas: ['tags'], article_ids: [], origin: 'elsewhere' });
    broadcastEvent(event, (url) => isAppUrl(url));
    expect(app.webContents.sent).toEqual([{ channel: EVENT_CHANNEL, args: [event] }]);
    expect(stray.webContents.sent).toEqual([]);
    expect(closed.webContents.sent).toEqual([]);
  });
});
