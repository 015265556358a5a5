import { describe, expect, it } from 'vitest';
import {
  APP_INDEX_URL,
  deepLinkFromArgv,
  deepLinkUrl,
  isAppUrl,
  parseDeepLink,
} from '../../src/main/app-url.js';

/** The rule that tells the app's own pages (kho://app/…) from archive links (kho://article/12) and the rest. */

describe('isAppUrl', () => {
  it('accepts exactly the app origin', () => {
    expect(isAppUrl(APP_INDEX_URL)).toBe(true);
    expect(isAppUrl('kho://app/')).toBe(true);
    expect(isAppUrl('kho://app/assets/index-abc.js')).toBe(true);
  });

  it.each([
    'file:///opt/Kho/resources/app/out/renderer/index.html',
    'file:///opt/Kho/resources/app/out/renderer-evil/x.html',
    'kho://app.evil/index.html',
    'kho://appx/index.html',
    'kho://app@evil/index.html',
    'kho://evil@app/',
    'kho://app:1234/',
    'kho://article/12',
    'kho:app/index.html',
    'kho-asset:' + 'a'.repeat(64),
    'https://app/',
    'http://localhost:5173/',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });

  it('accepts the dev server only by exact origin, and only when one is running', () => {
    const dev = 'http://localhost:5173/';
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx?t=1', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/index.html', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/index.html', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173.evil.com/', dev)).toBe(false);
    expect(isAppUrl('ws://localhost:5173/', dev)).toBe(false);
    expect(isAppUrl(undefined, dev)).toBe(false);
  });
});

describe('archive links', () => {
  it('name an article or a highlight by id', () => {
    expect(parseDeepLink('kho://article/12')).toEqual({ target: 'article', id: 12 });
    expect(parseDeepLink('kho://highlight/5/')).toEqual({ target: 'highlight', id: 5 });
    expect(parseDeepLink('KHO://ARTICLE/7')).toEqual({ target: 'article', id: 7 });
    expect(parseDeepLink('kho://article/12?from=obsidian#x')).toEqual({ target: 'article', id: 12 });
  });

  it.each([
    'kho://app/index.html',
    'kho://article/',
    'kho://article/0',
    'kho://article/-3',
    'kho://article/12/extra',
    'kho://article/1e3',
    'kho://article/99999999999999999999',
    'kho://tag/12',
    'https://article/12',
    'kho-asset:article/12',
  ])('ignore %s', (url) => {
    expect(parseDeepLink(url)).toBeNull();
  });

  it('are found among command-line arguments (Windows and Linux hand them over this way)', () => {
    expect(deepLinkFromArgv(['/opt/Kho/kho', '--no-sandbox', 'kho://highlight/9'])).toEqual({
      target: 'highlight',
      id: 9,
    });
    expect(deepLinkFromArgv(['/opt/Kho/kho', 'kho://app/index.html', 'kho://article/3'])).toEqual({
      target: 'article',
      id: 3,
    });
    expect(deepLinkFromArgv(['/opt/Kho/kho', '.', '--inspect'])).toBeNull();
  });

  it('round-trip through deepLinkUrl', () => {
    for (const link of [
      { target: 'article', id: 1 },
      { target: 'highlight', id: 77 },
    ] as const) {
      expect(parseDeepLink(deepLinkUrl(link))).toEqual(link);
    }
  });
});
