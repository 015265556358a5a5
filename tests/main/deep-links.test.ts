import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { app, mock } from './mocks/electron.js';
import { registerLinkHandOff } from '../../src/main/deep-links.js';
import type { DeepLink } from '../../src/main/app-url.js';

vi.mock('electron', () => import('./mocks/electron.js'));

/** One Kho at a time, and kho:// links reach it from the OS, a second start, or the first command line. */

const argv = process.argv;
let links: DeepLink[];
let forward: number;
const options = {
  onLink: (link: DeepLink) => links.push(link),
  onSecondInstance: () => forward++,
};

beforeEach(() => {
  mock.reset();
  links = [];
  forward = 0;
});
afterEach(() => {
  process.argv = argv;
});

describe('single instance', () => {
  it('a second Kho hands over and quits without registering anything', () => {
    app.singleInstanceLock = false;
    expect(registerLinkHandOff(options)).toBe(false);
    expect(app.quit).toHaveBeenCalledTimes(1);
    expect(app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('the first Kho registers kho:// with the OS and comes forward when started again', () => {
    expect(registerLinkHandOff(options)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    expect(app.setAsDefaultProtocolClient).toHaveBeenCalledWith('kho');
    app.emit('second-instance', {}, ['/opt/Kho/kho'], '/home/user');
    expect(forward).toBe(1);
    expect(links).toEqual([]);
  });
});

describe('kho:// hand-off', () => {
  it('opens the link a second start carries (Windows, Linux)', () => {
    registerLinkHandOff(options);
    app.emit('second-instance', {}, ['/opt/Kho/kho', '--flag', 'kho://highlight/5'], '/home/user');
    expect(links).toEqual([{ target: 'highlight', id: 5 }]);
    expect(forward).toBe(1);
  });

  it('opens links the OS sends (macOS open-url) and keeps the OS from handling them again', () => {
    registerLinkHandOff(options);
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    app.emit('open-url', event, 'kho://article/12');
    expect(event.prevented).toBe(true);
    expect(links).toEqual([{ target: 'article', id: 12 }]);
  });

  it('opens the link Kho was started with', () => {
    process.argv = ['/opt/Kho/kho', 'kho://article/3'];
    registerLinkHandOff(options);
    expect(links).toEqual([{ target: 'article', id: 3 }]);
  });

  it('ignores links that name nothing openable', () => {
    registerLinkHandOff(options);
    const event = { preventDefault: () => undefined };
    app.emit('open-url', event, 'kho://app/index.html');
    app.emit('open-url', event, 'kho://article/abc');
    app.emit('second-instance', {}, ['/opt/Kho/kho', 'kho://tag/1'], '/');
    expect(links).toEqual([]);
  });
});
