import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, dialog, mock, screen } from './mocks/electron.js';
import { makeTempDir } from '../helpers/paths.js';
import { loadWindowState, trackWindowState } from '../../src/main/window-state.js';
import { MainWindow } from '../../src/main/window.js';
import { APP_INDEX_URL, isAppUrl } from '../../src/main/app-url.js';
import { EVENT_CHANNEL } from '../../src/shared/event-names.js';
import { makeEvent } from '../../src/shared/events.js';

vi.mock('electron', () => import('./mocks/electron.js'));

/** Window state (restored only onto a connected display) and the app window's page life cycle. */

const tmp = makeTempDir('kho-window-');
afterAll(() => tmp.cleanup());
beforeEach(() => mock.reset());

const stateFile = (dir: string) => path.join(dir, 'window-state.json');

describe('window state', () => {
  it('restores a saved place that is on a connected display', () => {
    writeFileSync(
      stateFile(tmp.dir),
      JSON.stringify({ bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true }),
    );
    expect(loadWindowState(tmp.dir)).toEqual({
      bounds: { x: 100, y: 80, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('keeps the size but not the place when that display is gone', () => {
    writeFileSync(
      stateFile(tmp.dir),
      JSON.stringify({ bounds: { x: 3000, y: 100, width: 900, height: 650 }, maximized: false }),
    );
    const state = loadWindowState(tmp.dir);
    expect(state.bounds).toEqual({ x: 0, y: 0, width: 900, height: 650 });
    screen.displays.push({ workArea: { x: 1920, y: 0, width: 1920, height: 1080 } });
    expect(loadWindowState(tmp.dir).bounds).toEqual({ x: 3000, y: 100, width: 900, height: 650 });
  });

  it('starts from the default for a missing or broken file', () => {
    const empty = makeTempDir('kho-window-empty-');
    expect(loadWindowState(empty.dir).bounds).toEqual({ x: 0, y: 0, width: 1280, height: 820 });
    writeFileSync(stateFile(empty.dir), '{ not json');
    expect(loadWindowState(empty.dir).maximized).toBe(false);
    empty.cleanup();
  });

  it('saves the place when the window closes', () => {
    const dir = makeTempDir('kho-window-save-');
    const win = new BrowserWindow({ x: 10, y: 20, width: 1111, height: 777 });
    trackWindowState(win as never, dir.dir);
    win.maximize();
    win.emit('close');
    expect(JSON.parse(readFileSync(stateFile(dir.dir), 'utf8'))).toEqual({
      bounds: { x: 10, y: 20, width: 1111, height: 777 },
      maximized: true,
    });
    dir.cleanup();
  });
});

describe('the app window', () => {
  const logs: string[] = [];
  const open = () =>
    new MainWindow({
      url: APP_INDEX_URL,
      preload: '/app/out/preload/index.cjs',
      userData: tmp.dir,
      isAppUrl: (url) => isAppUrl(url),
      log: (level, message) => logs.push(`${level}: ${message}`),
      crashMessage: { reloaded: 'Reloaded.', gaveUp: 'Gave up.' },
    });
  const last = () => BrowserWindow.windows.at(-1)!;

  it('loads the app from kho://app/ with a sandboxed, isolated page', () => {
    open();
    const win = last();
    expect(win.loaded).toEqual([APP_INDEX_URL]);
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('holds events until the page has loaded, then delivers them in order', () => {
    const main = open();
    const contents = last().webContents;
    const first = makeEvent('app.open', { target: 'article', id: 12 });
    const second = makeEvent('app.command', { command: 'add' });
    main.send(first);
    main.send(second);
    expect(contents.sent).toEqual([]);
    contents.finishLoad(APP_INDEX_URL);
    expect(contents.sent).toEqual([
      { channel: EVENT_CHANNEL, args: [first] },
      { channel: EVENT_CHANNEL, args: [second] },
    ]);
    const third = makeEvent('app.command', { command: 'theme', theme: 'dark' });
    main.send(third);
    expect(contents.sent.at(-1)).toEqual({ channel: EVENT_CHANNEL, args: [third] });
  });

  it('reloads a crashed page with a message, and stops after repeated crashes', () => {
    open();
    const win = last();
    win.webContents.finishLoad(APP_INDEX_URL);
    logs.length = 0;
    for (let i = 0; i < 4; i++) {
      win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    }
    expect(win.webContents.reload).toHaveBeenCalledTimes(3);
    const messages = dialog.showMessageBox.mock.calls.map((c) => (c[1] as { message: string }).message);
    expect(messages).toEqual(['Reloaded.', 'Reloaded.', 'Reloaded.', 'Gave up.']);
    expect(
      logs.filter((l) => l.startsWith("error: The window's page stopped (crashed, exit code 139)")),
    ).toHaveLength(4);
  });

  it('does not reload a page that exited cleanly', () => {
    open();
    const win = last();
    win.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(win.webContents.reload).not.toHaveBeenCalled();
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it("logs the page's errors, not its other console output", () => {
    open();
    const contents = last().webContents;
    logs.length = 0;
    contents.emit('console-message', {
      level: 'info',
      message: 'hello',
      sourceId: 'kho://app/a.js',
      lineNumber: 1,
    });
    contents.emit('console-message', {
      level: 'error',
      message: 'TypeError: x is undefined',
      sourceId: 'kho://app/assets/index.js',
      lineNumber: 42,
    });
    expect(logs).toEqual(['error: renderer: TypeError: x is undefined (kho://app/assets/index.js:42)']);
  });

  it('comes forward when asked (a second start of Kho, a link)', () => {
    const main = open();
    const win = last();
    win.minimized = true;
    main.focus();
    expect([win.minimized, win.visible, win.focused]).toEqual([false, true, true]);
  });
});
