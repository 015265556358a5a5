import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contextBridge, ipcRenderer } from './mocks/electron.js';
import { EVENT_CHANNEL } from '../../src/shared/event-names.js';

vi.mock('electron', () => import('./mocks/electron.js'));

/** The preload exposes `platform`, `invoke` and `subscribe`, and nothing else. */

interface Bridge {
  platform: string;
  invoke(name: string, input: unknown): Promise<unknown>;
  subscribe(listener: (event: { name: string; payload: unknown }) => void): () => void;
}
let kho: Bridge;
const early = { name: 'app.open', payload: { target: 'article', id: 12 } };

beforeAll(async () => {
  await import('../../src/preload/index.js');
  kho = contextBridge.exposed.get('kho') as Bridge;
  // Arrives before the page subscribes, as a link that started Kho does.
  ipcRenderer.deliver(EVENT_CHANNEL, early);
});

describe('the preload bridge', () => {
  it('exposes exactly platform, invoke and subscribe under window.kho', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['kho']);
    expect(Object.keys(kho).sort()).toEqual(['invoke', 'platform', 'subscribe']);
    expect(kho.platform).toBe('electron');
  });

  it('invokes contract operations on their own channels, and nothing else', async () => {
    ipcRenderer.invoke.mockImplementation(async () => ({ ok: true, value: { items: [], total: 0 } }));
    expect(await kho.invoke('articles.list', { view: 'unread' })).toEqual({
      ok: true,
      value: { items: [], total: 0 },
    });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('kho:articles.list', { view: 'unread' });
    ipcRenderer.invoke.mockClear();
    for (const name of ['fs.readFile', 'kho:app.info', '__proto__', 'app.open']) {
      expect(await kho.invoke(name, {})).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: `Unknown operation "${name}".` },
      });
    }
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('delivers events to subscribers, early ones first, until they unsubscribe', () => {
    const got: unknown[] = [];
    const stop = kho.subscribe((e) => got.push(e));
    const change = {
      name: 'archive.changed',
      payload: { areas: ['articles'], article_ids: [3], origin: 'here' },
    };
    ipcRenderer.deliver(EVENT_CHANNEL, change);
    ipcRenderer.deliver(EVENT_CHANNEL, { name: 'not.an.event', payload: {} });
    ipcRenderer.deliver(EVENT_CHANNEL, null);
    ipcRenderer.deliver('kho:articles.list', { name: 'archive.changed', payload: {} });
    expect(got).toEqual([early, change]);
    stop();
    ipcRenderer.deliver(EVENT_CHANNEL, change);
    expect(got).toHaveLength(2);
    expect(() => kho.subscribe('nope' as never)).toThrow(/needs a function/);
  });
});
