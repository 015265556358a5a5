import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, pickCanonicalUrl } from '../../src/core/capture/canonical-url.js';

describe('canonical URLs', () => {
  it.each([
    [
      'https://VnExpress.net/Bai-Viet.html?utm_source=fb&utm_medium=social#comments',
      'https://vnexpress.net/Bai-Viet.html',
    ],
    ['HTTP://Example.COM:80/a?b=2&a=1', 'http://example.com/a?a=1&b=2'],
    ['https://example.com:443/', 'https://example.com/'],
    ['https://example.com:8443/x', 'https://example.com:8443/x'],
    ['https://example.com/p?fbclid=abc&id=7&gclid=x&dclid=y&msclkid=z', 'https://example.com/p?id=7'],
    [
      'https://example.com/p?mc_cid=1&mc_eid=2&igshid=3&_ga=4&ref_src=twsrc&UTM_Campaign=5',
      'https://example.com/p',
    ],
    ['https://example.com/p?b=1&a=2&b=0', 'https://example.com/p?a=2&b=1&b=0'],
    [
      'https://example.com/search?q=d%C3%A2n+v%E1%BA%ADn',
      'https://example.com/search?q=d%C3%A2n+v%E1%BA%ADn',
    ],
    ['https://example.com', 'https://example.com/'],
    ['file:///home/u/a.txt#x', 'file:///home/u/a.txt'],
    ['not a url', null],
  ])('%s -> %s', (input, want) => {
    expect(canonicalizeUrl(input)).toBe(want);
  });

  it('uses a same-site canonical link, ignores a cross-site one', () => {
    expect(pickCanonicalUrl('https://m.example.com/a?utm_source=x', 'https://www.example.com/a')).toBe(
      'https://www.example.com/a',
    );
    expect(pickCanonicalUrl('https://example.com/a?id=1', '/a?id=1&utm_medium=rss')).toBe(
      'https://example.com/a?id=1',
    );
    expect(pickCanonicalUrl('https://example.com/a', 'https://evil.example/a')).toBe('https://example.com/a');
    expect(pickCanonicalUrl('https://example.com/a', 'javascript:alert(1)')).toBe('https://example.com/a');
    expect(pickCanonicalUrl(null, 'https://example.com/a')).toBeNull();
  });
});
