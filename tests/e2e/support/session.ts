import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeTempDir, REPO_ROOT } from '../../helpers/paths.js';
import { CHROMIUM, launchChromium, RENDERER_DIR, resetArchive, startKho, type KhoServe } from './kho.js';

/**
 * One `kho serve` and one Chromium page shared by the tests of a spec file; each test starts with `fresh()`
 * (the archive emptied, the app opened anew) and seeds what it needs through the API.
 */

export const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
export const READY = existsSync(CHROMIUM) && existsSync(path.join(RENDERER_DIR, 'index.html'));
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface Session {
  kho: KhoServe;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far (a spec ends by expecting none). */
  errors: string[];
  /** Calls a contract operation over HTTP with the access token, as a second client would. */
  call<T = unknown>(op: string, body: unknown): Promise<T>;
  /** Empties the archive (articles, tags, settings) and opens the app anew. */
  fresh(): Promise<void>;
  /** The app's address: origin + path. */
  at(pathAndQuery: string): string;
  /** A screenshot; `withAddress` prints the address bar's text along the bottom (a browser's bar is not in it). */
  shot(name: string, withAddress?: boolean): Promise<void>;
  close(): Promise<void>;
}

export async function openSession(opts: {
  prefix: string;
  viewport: { width: number; height: number };
  touch?: boolean;
  locale?: string;
}): Promise<Session> {
  mkdirSync(SHOTS, { recursive: true });
  const tmp = makeTempDir(opts.prefix);
  const [kho, browser] = await Promise.all([startKho(path.join(tmp.dir, 'archive')), launchChromium()]);
  const context = await browser.newContext({
    locale: opts.locale ?? 'en-US',
    viewport: opts.viewport,
    ...(opts.touch ? { hasTouch: true, isMobile: true } : {}),
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(kho.url);
  return {
    kho,
    browser,
    context,
    page,
    errors,
    call: (op, body) => kho.call(op, body),
    async fresh() {
      await page.goto('about:blank');
      await resetArchive(kho);
      await page.goto(kho.url);
    },
    at: (p) => `${kho.origin}${p}`,
    shot: async (name, withAddress = false) => {
      if (withAddress)
        await page.evaluate(() => {
          const bar = document.createElement('div');
          bar.id = 'e2e-address';
          bar.style.cssText =
            'position:fixed;left:0;right:0;bottom:0;z-index:9999;padding:4px 10px;background:#222;color:#7f7;font:13px monospace;pointer-events:none';
          bar.textContent = `address: ${decodeURIComponent(location.pathname + location.search)}`;
          document.body.append(bar);
        });
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
      if (withAddress) await page.evaluate(() => document.getElementById('e2e-address')?.remove());
    },
    async close() {
      await browser.close();
      await kho.stop();
      tmp.cleanup();
    },
  };
}

/** Saves a Markdown article (its first line is the title) and returns its id. */
export async function addArticle(
  s: Session,
  title: string,
  body: string,
  tags: string[] = [],
): Promise<number> {
  const r = await s.call<{ article: { id: number } }>('articles.add', {
    source: 'text',
    name: `${title.slice(0, 40)}.md`,
    text: `# ${title}\n\n${body}\n`,
    tags,
  });
  return r.article.id;
}

/** Highlights `quote` (its first occurrence) in an article. */
export async function addHighlight(
  s: Session,
  articleId: number,
  quote: string,
  color = 'yellow',
  note: string | null = null,
): Promise<number> {
  const r = await s.call<{ id: number }>('annotations.create', { article_id: articleId, quote, color, note });
  return r.id;
}

/** Selects the first occurrence of `passage` in the open article, as a reader's drag or long-press would. */
export async function selectInArticle(page: Page, passage: string): Promise<string | null> {
  return page.evaluate((text) => {
    const root = document.querySelector('.reader-content')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = (n.nodeValue ?? '').indexOf(text);
      if (i >= 0) {
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + text.length);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        return sel.toString();
      }
    }
    return null;
  }, passage);
}

/** The path and query of the page's address. */
export function address(page: Page): string {
  const u = new URL(page.url());
  return decodeURIComponent(`${u.pathname}${u.search}`).replace(/\+/g, ' ');
}
