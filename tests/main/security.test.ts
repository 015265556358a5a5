import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mock, shell } from './mocks/electron.js';
import { hardenWebContents } from '../../src/main/security.js';
import { APP_INDEX_URL, isAppUrl, type DeepLink } from '../../src/main/app-url.js';

vi.mock('electron', () => import('./mocks/electron.js'));

/** Navigation, new-window, webview and permission guards on every web contents the app creates. */

const opened: DeepLink[] = [];

beforeAll(() => {
  mock.reset();
  hardenWebContents({ isAppUrl: (url) => isAppUrl(url), openLink: (link) => opened.push(link) });
});

function navigate(url: string): { prevented: boolean } {
  const contents = mock.createWebContents();
  const event = { prevented: false, preventDefault: () => (event.prevented = true) };
  contents.emit('will-navigate', event, url);
  return event;
}

describe('navigation', () => {
  it('stays within the app', () => {
    expect(navigate(APP_INDEX_URL).prevented).toBe(false);
    expect(navigate('kho://app/article/3').prevented).toBe(false);
  });

  it('sends web links to the system browser instead of navigating', () => {
    shell.openExternal.mockClear();
    expect(navigate('https://nhandan.vn/bai-viet').prevented).toBe(true);
    expect(navigate('mailto:ban@example.com').prevented).toBe(true);
    expect(shell.openExternal.mock.calls.map((c) => c[0])).toEqual([
      'https://nhandan.vn/bai-viet',
      'mailto:ban@example.com',
    ]);
  });

  it('opens archive links in the app', () => {
    opened.length = 0;
    shell.openExternal.mockClear();
    expect(navigate('kho://highlight/5').prevented).toBe(true);
    expect(opened).toEqual([{ target: 'highlight', id: 5 }]);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('goes nowhere for anything else', () => {
    shell.openExternal.mockClear();
    opened.length = 0;
    for (const url of [
      'file:///etc/passwd',
      'file:///opt/Kho/out/renderer-evil/x.html',
      'javascript:alert(1)',
      'kho://app.evil/',
      'data:text/html,<script>1</script>',
      'ftp://example.com/',
    ]) {
      expect(navigate(url).prevented, url).toBe(true);
    }
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(opened).toEqual([]);
  });

  it('refuses redirects away from the app', () => {
    const contents = mock.createWebContents();
    const away = { prevented: false, preventDefault: () => (away.prevented = true) };
    contents.emit('will-redirect', away, 'https://evil.example/');
    const home = { prevented: false, preventDefault: () => (home.prevented = true) };
    contents.emit('will-redirect', home, APP_INDEX_URL);
    expect([away.prevented, home.prevented]).toEqual([true, false]);
  });
});

describe('new windows, webviews and permissions', () => {
  it('never opens a window; links go to the browser or into the app', () => {
    const contents = mock.createWebContents();
    shell.openExternal.mockClear();
    opened.length = 0;
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'kho://article/8' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: APP_INDEX_URL })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls.map((c) => c[0])).toEqual(['https://example.com/']);
    expect(opened).toEqual([{ target: 'article', id: 8 }]);
  });

  it('refuses to attach webviews', () => {
    const contents = mock.createWebContents();
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.prevented).toBe(true);
  });

  it('denies every permission request and check', () => {
    const contents = mock.createWebContents();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const answer = vi.fn();
      contents.session.permissionRequestHandler!(contents, permission, answer);
      expect(answer).toHaveBeenCalledWith(false);
      expect(contents.session.permissionCheckHandler!(contents, permission)).toBe(false);
    }
  });
});
