/**
 * The app page's Content-Security-Policy, built in one place for its three carriers: the meta tag of the
 * built index.html (injected by electron.vite.config.ts), the Electron session's response header
 * (src/main/index.ts) and `kho serve`'s header for HTML (src/server/security.ts).
 */

export interface AppCspOptions {
  /**
   * Where archived images come from: Electron's `kho-asset:` protocol, or the same origin (`kho serve`
   * rewrites them to `/asset/<sha256>`, which 'self' covers). The one built index.html serves both, so its
   * meta tag allows `kho-asset:`; under `kho serve` the stricter header applies as well.
   */
  assets: 'kho-asset' | 'same-origin';
  /** A meta tag cannot carry frame-ancestors (browsers ignore it there and warn), a header can. */
  delivery: 'header' | 'meta';
}

export function appCsp({ assets, delivery }: AppCspOptions): string {
  const directives: Array<[string, string]> = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self' 'unsafe-inline'"],
    ['img-src', `'self' data: blob:${assets === 'kho-asset' ? ' kho-asset:' : ''}`],
    ['font-src', "'self'"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  if (delivery === 'header') directives.push(['frame-ancestors', "'none'"]);
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

/** Parses a policy into directive -> sources, for comparing policies (tests, checks). */
export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}
