import { describe, expect, it } from 'vitest';
import { appCsp, parseCsp } from '../../src/shared/csp.js';
import { HTML_CSP } from '../../src/server/security.js';

/** The one app policy, in its three carriers (the built page and `kho serve` are compared in tests/e2e/csp.test.ts). */

describe('the app CSP', () => {
  const electronHeader = parseCsp(appCsp({ assets: 'kho-asset', delivery: 'header' }));
  const meta = parseCsp(appCsp({ assets: 'kho-asset', delivery: 'meta' }));
  const serve = parseCsp(HTML_CSP);

  it('allows only this app to run scripts, load content and embed nothing', () => {
    for (const policy of [electronHeader, meta, serve]) {
      expect(policy.get('default-src')).toEqual(["'self'"]);
      expect(policy.get('script-src')).toEqual(["'self'"]);
      expect(policy.get('connect-src')).toEqual(["'self'"]);
      expect(policy.get('font-src')).toEqual(["'self'"]);
      expect(policy.get('object-src')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'none'"]);
      expect(policy.get('form-action')).toEqual(["'none'"]);
    }
  });

  it('loads archived images from kho-asset: in Electron and from the same origin under kho serve', () => {
    expect(electronHeader.get('img-src')).toContain('kho-asset:');
    expect(meta.get('img-src')).toContain('kho-asset:');
    expect(serve.get('img-src')).not.toContain('kho-asset:');
    expect(serve.get('img-src')).toContain("'self'");
  });

  it('carries frame-ancestors in headers only (a meta tag cannot)', () => {
    expect(electronHeader.get('frame-ancestors')).toEqual(["'none'"]);
    expect(serve.get('frame-ancestors')).toEqual(["'none'"]);
    expect(meta.has('frame-ancestors')).toBe(false);
  });

  it('differs between carriers in nothing else', () => {
    const without = (p: Map<string, string[]>) => {
      const copy = new Map(p);
      copy.delete('frame-ancestors');
      copy.set(
        'img-src',
        (copy.get('img-src') ?? []).filter((s) => s !== 'kho-asset:'),
      );
      return copy;
    };
    expect(without(electronHeader)).toEqual(without(serve));
    expect(without(meta)).toEqual(without(serve));
  });
});
