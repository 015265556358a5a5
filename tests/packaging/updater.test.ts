import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../helpers/paths.js';

// The electron module is the one mock the project accepts; the update source is a stand-in for
// electron-updater's autoUpdater that records what Kho asks of it.
const electron = vi.hoisted(() => ({
  isPackaged: true,
  answers: [] as number[],
  boxes: [] as { message: string; buttons: string[] }[],
}));
vi.mock('electron', () => ({
  app: {
    get isPackaged() {
      return electron.isPackaged;
    },
    getPath: () => '/nonexistent-user-data',
    getLocale: () => 'en-US',
    getVersion: () => '0.1.0',
  },
  dialog: {
    showMessageBox: vi.fn(async (...args: unknown[]) => {
      const box = args[args.length - 1] as { message: string; buttons: string[] };
      electron.boxes.push({ message: box.message, buttons: box.buttons });
      return { response: electron.answers.shift() ?? 0 };
    }),
  },
}));

const { createUpdates } = await import('../../src/main/updater.js');

function fakeSource(opts: { available?: string | null; active?: boolean; fail?: string } = {}) {
  const calls: string[] = [];
  const source = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    isUpdaterActive: () => opts.active ?? true,
    checkForUpdates: async () => {
      calls.push('check');
      if (opts.fail) throw new Error(opts.fail);
      const version = opts.available ?? null;
      return { isUpdateAvailable: version !== null, updateInfo: { version: version ?? '0.1.0' } };
    },
    downloadUpdate: async () => {
      calls.push('download');
      return ['/tmp/Kho-0.2.0.AppImage'];
    },
    quitAndInstall: () => calls.push('install'),
    on: () => source,
  };
  return { source, calls };
}

let tmp: ReturnType<typeof makeTempDir>;
let prefs: string;
beforeEach(() => {
  tmp = makeTempDir('kho-updates-');
  prefs = path.join(tmp.dir, 'updates.json');
  electron.isPackaged = true;
  electron.answers = [];
  electron.boxes = [];
  delete process.env.ELECTRON_RENDERER_URL;
});
afterEach(() => {
  vi.useRealTimers();
  tmp.cleanup();
});

function updates(source: ReturnType<typeof fakeSource>['source']) {
  return createUpdates({
    getWindow: () => null,
    loadSource: async () => source,
    preferencesFile: prefs,
    log: () => {},
  });
}

describe('updates', () => {
  it('are off from a checkout: nothing is loaded or fetched, and the menu command says why', async () => {
    electron.isPackaged = false;
    let loaded = false;
    const u = createUpdates({
      getWindow: () => null,
      loadSource: async () => {
        loaded = true;
        return fakeSource().source;
      },
      preferencesFile: prefs,
    });
    expect(u.enabled).toBe(false);
    await u.checkNow();
    expect(loaded).toBe(false);
    expect(electron.boxes.map((b) => b.message)).toEqual([expect.stringContaining('runs from a checkout')]);
  });

  it('are off under the development server even in a packaged-looking run', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://127.0.0.1:5173';
    const { source, calls } = fakeSource({ available: '0.2.0' });
    const u = updates(source);
    expect(u.enabled).toBe(false);
    await u.checkNow();
    expect(calls).toEqual([]);
  });

  it('turn off electron-updater’s own automatic download and install', async () => {
    const { source } = fakeSource();
    await updates(source).checkNow();
    expect(source.autoDownload).toBe(false);
    expect(source.autoInstallOnAppQuit).toBe(false);
  });

  it('ask before downloading, and "Not now" downloads and installs nothing', async () => {
    const { source, calls } = fakeSource({ available: '0.2.0' });
    electron.answers = [1]; // Not now
    await updates(source).checkNow();
    expect(calls).toEqual(['check']);
    expect(electron.boxes).toHaveLength(1);
    expect(electron.boxes[0]!.message).toBe('Kho 0.2.0 is available (you have 0.1.0).');
    expect(electron.boxes[0]!.buttons).toEqual(['Download', 'Not now']);
    expect(source.autoInstallOnAppQuit).toBe(false);
  });

  it('ask again before installing a downloaded update, and "Not now" installs nothing', async () => {
    const { source, calls } = fakeSource({ available: '0.2.0' });
    electron.answers = [0, 2]; // Download, then Not now
    await updates(source).checkNow();
    expect(calls).toEqual(['check', 'download']);
    expect(electron.boxes[1]!.message).toBe('Kho 0.2.0 is downloaded.');
    expect(electron.boxes[1]!.buttons).toEqual(['Restart and install', 'Install when I quit', 'Not now']);
    expect(source.autoInstallOnAppQuit).toBe(false);
  });

  it('install only on "Restart and install", or on quit when the user picks that', async () => {
    const restart = fakeSource({ available: '0.2.0' });
    electron.answers = [0, 0];
    await updates(restart.source).checkNow();
    expect(restart.calls).toEqual(['check', 'download', 'install']);

    const onQuit = fakeSource({ available: '0.2.0' });
    electron.answers = [0, 1];
    await updates(onQuit.source).checkNow();
    expect(onQuit.calls).toEqual(['check', 'download']);
    expect(onQuit.source.autoInstallOnAppQuit).toBe(true);
  });

  it('say so when up to date, or why a check failed', async () => {
    await updates(fakeSource({ available: null }).source).checkNow();
    await updates(fakeSource({ fail: 'getaddrinfo ENOTFOUND github.com' }).source).checkNow();
    await updates(fakeSource({ active: false }).source).checkNow();
    expect(electron.boxes.map((b) => b.message)).toEqual([
      'Kho 0.1.0 is the newest version.',
      'Kho could not check for updates: getaddrinfo ENOTFOUND github.com',
      expect.stringContaining('cannot update itself'),
    ]);
  });

  it('check daily in the background until the user turns it off from the prompt', async () => {
    vi.useFakeTimers();
    const { source, calls } = fakeSource({ available: '0.2.0' });
    const u = updates(source);
    expect(u.automaticChecks()).toBe(true);
    u.start();
    await vi.advanceTimersByTimeAsync(59_000);
    expect(calls).toEqual([]);
    electron.answers = [2]; // Don't check automatically
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toEqual(['check']);
    expect(electron.boxes[0]!.buttons).toEqual(['Download', 'Not now', 'Don’t check automatically']);
    expect(u.automaticChecks()).toBe(false);
    expect(JSON.parse(readFileSync(prefs, 'utf8'))).toMatchObject({ automatic: false });

    await vi.advanceTimersByTimeAsync(3 * 24 * 3600_000);
    expect(calls).toEqual(['check']);
    // A new start (the next launch) respects the saved choice.
    updates(source).start();
    await vi.advanceTimersByTimeAsync(2 * 24 * 3600_000);
    expect(calls).toEqual(['check']);
  });

  it('do not offer a version again in the background after "Not now", but do when asked', async () => {
    vi.useFakeTimers();
    const { source } = fakeSource({ available: '0.2.0' });
    const u = updates(source);
    u.start();
    electron.answers = [1];
    await vi.advanceTimersByTimeAsync(61_000);
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(electron.boxes).toHaveLength(1);
    u.stop();
    electron.answers = [1];
    await u.checkNow();
    expect(electron.boxes).toHaveLength(2);
  });

  it('keep the automatic-check choice from the menu', () => {
    const u = updates(fakeSource().source);
    u.setAutomaticChecks(false);
    expect(existsSync(prefs)).toBe(true);
    expect(updates(fakeSource().source).automaticChecks()).toBe(false);
    u.setAutomaticChecks(true);
    u.stop();
    expect(updates(fakeSource().source).automaticChecks()).toBe(true);
  });

  it('speak Vietnamese to a Vietnamese locale', async () => {
    const u = createUpdates({
      getWindow: () => null,
      loadSource: async () => fakeSource({ available: '0.2.0' }).source,
      preferencesFile: prefs,
      locale: () => 'vi-VN',
      log: () => {},
    });
    electron.answers = [1];
    await u.checkNow();
    expect(electron.boxes[0]).toEqual({
      message: 'Đã có Kho 0.2.0 (bạn đang dùng 0.1.0).'.normalize('NFC'),
      buttons: ['Tải về', 'Để sau'],
    });
  });
});
