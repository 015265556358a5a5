import { describe, expect, it } from 'vitest';
import { HOME, parseRoute, routeHref, type Route } from '../../src/renderer/src/lib/routes.js';

/** The app's addresses (ARCHITECTURE.md has the table): each state a path, and back again. */

const at = (href: string): Route => {
  const [path = '/', search = ''] = href.split('?');
  return parseRoute(path, search ? `?${search}` : '');
};

describe('routes', () => {
  it('reads the address of every place', () => {
    expect(at('/')).toEqual(HOME);
    expect(at('/view/unread').source).toEqual({ kind: 'view', view: 'unread' });
    expect(at('/tag/ch%C3%ADnh%20tr%E1%BB%8B/d%C3%A2n%20v%E1%BA%ADn').source).toEqual({
      kind: 'tag',
      tag: 'chính trị/dân vận',
    });
    expect(at('/search?q=d%C3%A2n+v%E1%BA%ADn')).toMatchObject({ q: 'dân vận', source: { view: 'all' } });
    expect(at('/article/12')).toMatchObject({ article: 12, highlight: null, source: { view: 'all' } });
    expect(at('/article/12/highlight/5')).toMatchObject({ article: 12, highlight: 5 });
    expect(at('/tag/x/article/12')).toMatchObject({ article: 12, source: { kind: 'tag', tag: 'x' } });
    expect(at('/search/article/3?q=abc')).toMatchObject({ article: 3, q: 'abc' });
    expect(at('/notebook?q=ghi+ch%C3%BA&color=blue&tag=a%2Fb&article=4&sort=article').notebook).toEqual({
      q: 'ghi chú',
      color: 'blue',
      tag: 'a/b',
      article: 4,
      sort: 'article',
    });
  });

  it('writes addresses that read back to the same place', () => {
    const routes: Route[] = [
      HOME,
      { ...HOME, source: { kind: 'view', view: 'trash' } },
      { ...HOME, source: { kind: 'tag', tag: 'chính trị/dân vận' }, article: 7 },
      { ...HOME, q: 'dân vận "chính quyền" -covid', article: 3, highlight: 9 },
      { ...HOME, source: { kind: 'tag', tag: 'a b/c?d#e%f' }, q: 'x' },
      { ...HOME, notebook: { q: 'ghi', color: 'pink', tag: 'việt nam', article: null, sort: 'newest' } },
    ];
    for (const r of routes) expect(at(routeHref(r)), routeHref(r)).toEqual(r);
    expect(routeHref(HOME)).toBe('/');
    expect(routeHref({ ...HOME, q: 'a' })).toBe('/search?q=a');
    expect(routeHref({ ...HOME, article: 12 })).toBe('/article/12');
    expect(routeHref({ ...HOME, source: { kind: 'tag', tag: 'a/b' }, article: 2 })).toBe(
      '/tag/a/b/article/2',
    );
  });

  it('reads anything unknown or broken as home', () => {
    for (const href of [
      '/nope',
      '/view/bogus',
      '/tag',
      '/article/abc',
      '/article/0',
      '/%E0%A4%A',
      '/view/unread/x',
    ])
      expect(at(href), href).toMatchObject({
        article: null,
        notebook: null,
        source: { kind: 'view', view: 'all' },
      });
  });
});
