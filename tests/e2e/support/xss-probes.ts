/**
 * What tests/e2e/xss.test.ts runs inside Chromium: both functions are serialised into the page by
 * Playwright, so they use nothing from outside their own bodies.
 */

/**
 * Runs in every document and frame of the context before its own scripts: counts what the CSP refused (to
 * tell the two layers apart), and makes alert, confirm and prompt write the console marker first, so script
 * that runs is heard even in a frame that may not open dialogs.
 */
export function instrument(mark: string): void {
  const w = window as unknown as { cspViolations: string[] } & Record<string, unknown>;
  w.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    w.cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`),
  );
  for (const name of ['alert', 'confirm', 'prompt']) {
    const original = w[name] as (m?: unknown) => unknown;
    w[name] = (m?: unknown) => {
      console.log(mark + String(m));
      return original.call(window, m);
    };
  }
}

/**
 * What of the archive's markup must never reach the page: in the article body (`.reader-content`) any
 * active or loading element, any inline style or event handler; anywhere in the reader's head and the
 * highlights panel (where titles, tags and notes show) any element that runs or loads something, any
 * handler, any script URL. The app's own controls (forms, inline styles set by Preact) are left alone.
 * Runs in the page.
 */
export function dangerousMarkup(roots: Element[]): string[] {
  const bad: string[] = [];
  const active = [
    'script',
    'iframe',
    'object',
    'embed',
    'meta',
    'base',
    'link',
    'style',
    'frame',
    'portal',
    'applet',
  ];
  for (const root of roots) {
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      const inBody = el.closest('.reader-content') !== null;
      if (active.includes(tag) || (inBody && ['form', 'input', 'button', 'textarea', 'select'].includes(tag)))
        bad.push(`<${tag}>`);
      for (const a of el.attributes) {
        const name = a.name.toLowerCase();
        if (
          name.startsWith('on') ||
          name === 'srcdoc' ||
          name === 'formaction' ||
          (inBody && name === 'style')
        )
          bad.push(`${tag}[${name}]`);
        if (/^(href|src|action|data|xlink:href|poster|background|srcset)$/.test(name)) {
          if (/^\s*(javascript|vbscript|data:text)/i.test(a.value))
            bad.push(`${tag}[${name}=${a.value.slice(0, 30)}]`);
          // Only links may point off Kho (they open outside the app when clicked).
          if (tag !== 'a' && /^\s*(https?:)?\/\//i.test(a.value))
            bad.push(`${tag}[${name}=${a.value.slice(0, 40)}]`);
        }
      }
    }
  }
  return bad;
}
