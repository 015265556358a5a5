import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../src/server/connector/index.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { tempArchive } from '../helpers/archive.js';
import { makeTempDir, REPO_ROOT } from '../helpers/paths.js';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium.js';
import {
  ARTICLE_TITLE,
  closedPort,
  IMAGE,
  PARAGRAPHS,
  PLAIN_TEXT,
  PLAIN_TITLE,
  REPEATED,
  startPageServer,
  type PageServer,
} from './support/pages.js';

/**
 * The extension in real Chromium against a real connector and archive: the toolbar button (clicked
 * through CDP's Extensions.triggerAction), the popup in each state, pairing, saving what the browser
 * rendered, selections as highlights, tags, "Open in Kho", the context-menu paths, and a hostile page.
 * The steps run in order on one browser: each builds on the archive the previous ones left.
 * It stays one file (over 400 lines) because the steps share that browser, pairing and archive: launching
 * Chromium with the extension and pairing again per file would double the suite's time on two cores.
 */

const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
const RENDERER = path.join(REPO_ROOT, 'out', 'renderer', 'index.html');

let ext: ExtensionBrowser | null = null;
let skipReason = '';
let kho: Awaited<ReturnType<typeof tempArchive>>;
let pages: PageServer;
let connector: RunningConnector | null = null;
let serve: RunningServer | null = null;
let port = 0;
let tab: Page;
let built = '';
const opened: number[] = [];
const connectorLog: string[] = [];
const tmp = makeTempDir('kho-ext-');

async function startKhoConnector(): Promise<RunningConnector> {
  return startConnector({
    handlers: kho.archive.handlers,
    port,
    log: (line) => connectorLog.push(line),
    onOpenArticle: (id) => {
      opened.push(id);
      return serve ? serve.url : null;
    },
  });
}

async function status(popup: Page): Promise<{ state: string; headline: string; detail: string }> {
  return popup.evaluate(() => ({
    state: document.body.dataset.state ?? '',
    headline: document.getElementById('headline')?.textContent ?? '',
    detail: document.getElementById('detail')?.textContent ?? '',
  }));
}

async function waitForState(popup: Page, states: string[], timeout = 20_000): Promise<string> {
  await popup.waitForFunction((s) => s.includes(document.body.dataset.state ?? ''), states, { timeout });
  return (await status(popup)).state;
}

async function shot(popup: Page, name: string): Promise<void> {
  await popup.screenshot({ path: path.join(SHOTS, `extension-${name}.png`) });
}

async function activeTabId(): Promise<number> {
  return ext!.inBackground(async () => {
    const [t] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return t?.id ?? -1;
  }, null);
}

async function badge(): Promise<string> {
  const tabId = await activeTabId();
  return ext!.inBackground((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

async function articleCount(): Promise<number> {
  return (await kho.call('articles.list', {})).total;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  built = path.join(tmp.dir, 'built');
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-extension.mjs'), '--out', built], {
    cwd: REPO_ROOT,
  });
  kho = await tempArchive();
  pages = await startPageServer();
  port = await closedPort();
  const launched = await launchWithExtension(path.join(built, 'chromium'), path.join(tmp.dir, 'profile'));
  if ('skip' in launched) {
    skipReason = launched.skip;
    console.warn(`[extension] skipped: ${skipReason}`);
    return;
  }
  ext = launched;
  await ext.inBackground((p) => chrome.storage.local.set({ port: p }), port);
  tab = ext.context.pages()[0] ?? (await ext.context.newPage());
}, 120_000);

afterAll(async () => {
  await ext?.close();
  await connector?.close();
  await serve?.close();
  await pages?.close();
  await kho?.close();
  tmp.cleanup();
});

describe('the Kho extension in Chromium', { timeout: 90_000 }, () => {
  it('loads (new headless or Xvfb), with its menus and keyboard shortcut', async (ctx) => {
    if (!ext) return ctx.skip(skipReason);
    const commands = await ext.inBackground(() => chrome.commands.getAll(), null);
    const action = commands.find((c) => c.name === '_execute_action');
    expect(action?.shortcut).toBe('Alt+Shift+K');
    // update() rejects for a menu item that does not exist.
    for (const id of ['kho-save-page', 'kho-save-link', 'kho-save-selection']) {
      await ext.inBackground((menuId) => chrome.contextMenus.update(menuId, {}), id);
    }
  });

  it('says so when Kho is not running', async (ctx) => {
    if (!ext) return ctx.skip(skipReason);
    await tab.goto(`${pages.origin}/article`);
    await tab.waitForLoadState('load');
    const popup = await ext.clickToolbarButton(tab);
    expect(await waitForState(popup, ['not-running'])).toBe('not-running');
    const s = await status(popup);
    expect(s.headline).toBe('Kho is not running');
    expect(s.detail).toContain('kho serve');
    expect(await badge()).toBe('off');
    await shot(popup, 'popup-not-running');
    await popup.close();
  });

  it('pairs once (the popup shows the code Kho shows), then saves the page as rendered, with its images', async (ctx) => {
    if (!ext) return ctx.skip(skipReason);
    connector = await startKhoConnector();
    const popup = await ext.clickToolbarButton(tab);
    expect(await waitForState(popup, ['not-paired'])).toBe('not-paired');
    await shot(popup, 'popup-not-paired');
    expect(await articleCount()).toBe(0);

    await popup.click('#pair');
    await waitForState(popup, ['pairing']);
    const code = (await popup.textContent('#code'))?.trim();
    const [pending] = (await kho.call('connector.pairings', {})).pending;
    expect(pending?.code).toBe(code);
    expect(pending?.name).toMatch(/^Chromium on Linux$/);
    expect(pending?.origin).toBe(`chrome-extension://${ext.extensionId}`);
    await shot(popup, 'popup-pairing');

    // Approving means switching to Kho, which closes the popup; opened again, it shows the same code.
    await popup.close();
    const reopened = await ext.clickToolbarButton(tab);
    await waitForState(reopened, ['pairing']);
    expect((await reopened.textContent('#code'))?.trim()).toBe(code);
    expect((await kho.call('connector.pairings', {})).pending).toHaveLength(1);

    await kho.call('connector.approve', { id: pending!.id });
    await waitForState(reopened, ['saving']);
    await shot(reopened, 'popup-saving');
    expect(await badge()).toBe('…');
    expect(await waitForState(reopened, ['saved', 'error'], 30_000)).toBe('saved');
    await shot(reopened, 'popup-saved');
    expect(await badge()).toBe('✓');
    expect((await kho.call('connector.pairings', {})).browsers).toHaveLength(1);

    // The archive holds the text the script rendered; the HTML Kho could have fetched has none of it.
    const source = await (await fetch(`${pages.origin}/article`)).text();
    const script = await (await fetch(`${pages.origin}/app.js`)).text();
    const { items } = await kho.call('articles.list', {});
    expect(items).toHaveLength(1);
    const article = await kho.call('articles.get', { id: items[0]!.id });
    expect(article.title).toBe(ARTICLE_TITLE);
    for (const p of PARAGRAPHS) {
      expect(article.content_text).toContain(p);
      expect(source).not.toContain(p.slice(0, 40));
      expect(script).not.toContain(p.slice(0, 40));
    }
    expect(article.content_text).not.toContain('Loading…');
    const sha = /kho-asset:([0-9a-f]{64})/.exec(article.content_html)?.[1];
    expect(sha).toBeDefined();
    expect(kho.archive.getAsset(sha!)?.bytes.equals(IMAGE)).toBe(true);
    expect(article.url).toBe(`${pages.origin}/article`);
    await reopened.close();
  });

  it('saving the same page again keeps one article, refreshed in place', async (ctx) => {
    if (!ext) return ctx.skip(skipReason);
    await tab.reload();
    await tab.waitForLoadState('load');
    const popup = await ext.clickToolbarButton(tab);
    expect(await waitForState(popup, ['already', 'saved', 'error'], 30_000)).toBe('already');
    expect((await status(popup)).detail).toContain('Updated in place');
    expect(await articleCount()).toBe(1);
    await shot(popup, 'popup-already-saved');
    await popup.close();
  });

  it('turns a selection into a highlight on the right passage, with a note and tags typed in the popup', async (ctx) => {
    if (!ext) return ctx.skip(skipReason);
    // A tag Kho already has, for completion.
    await kho.call('articles.add', {
      source: 'text',
      text: 'Lịch sử\n\nMột bài viết khác về lịch sử.',
      tags: ['lịch sử'],
    });
    const before = await articleCount();
    // Select the second "the harbour lights" (paragraph 4), not the first (paragraph 1).
    await tab.evaluate((needle) => {
      const p = Array.from(document.querySelectorAll('article p'))[3]!;
      const text = p.firstChild as Text;
      const at = text.data.indexOf(needle);
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + needle.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    }, REPEATED);
    const popup = await ext.clickToolbarButton(tab);
    expect(await waitForState(popup, ['already', 'saved', 'error'], 30_000)).toBe('already');
    expect(await popup.textContent('#quote')).toBe(REPEATED);
    expect(await articleCount()).toBe(before);

    const id = (await kho.call('articles.list', {})).items.find((a) => a.title === ARTICLE_TITLE)!.id;
    const text = (await kho.call('articles.get', { id })).content_text;
    const second = text.indexOf(REPEATED, text.indexOf(REPEATED) + 1);
    expect(second).toBeGreaterThan(text.indexOf(REPEATED));
    let [highlight] = (await kho.call('annotations.list', { article_id: id })).items;
    expect(highlight?.start).toBe(second);
    expect(highlight?.exact).toBe(REPEATED);

    await popup.fill('#note', 'Người gác đèn — the line to quote.');
    await popup.click('#save-note');
    await popup.waitForFunction(() => document.getElementById('note-status')?.textContent === 'Note saved.');
    [highlight] = (await kho.call('annotations.list', { article_id: id })).items;
    expect(highlight?.note).toBe('Người gác đèn — the line to quote.');

    // Completion offers Kho's tags; a tag typed and confirmed is attached.
    await popup.waitForFunction(() => document.querySelectorAll('#tag-list option').length > 0);
    const options = await popup.$$eval('#tag-list option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(options).toContain('lịch sử');
    await popup.fill('#tag-input', 'lịch sử');
    await popup.press('#tag-input', 'Enter');
    await popup.waitForFunction(() => document.querySelectorAll('#chips li').length === 1);
    expect((await kho.call('articles.get', { id })).tags).toEqual(['lịch sử']);
    await shot(popup, 'popup-highlight-and-tags');

    // Saving again with the same selection does not duplicate the highlight.
    await popup.close();
    const again = await ext.clickToolbarButton(tab);
    await waitForState(again, ['already', 'error'], 30_000);
    expect((await kho.call('annotations.list', { article_id: id })).items).toHaveLength(1);
    await again.close();
  });

  it('"Open in Kho" asks Kho to show the article; under kho serve the reader opens in a tab', async (ctx) => {
    if (!ext) return ctx.skip(skipReason);
    if (!existsSync(RENDERER)) throw new Error(`${RENDERER} is missing: run "npm run build" first.`);
    serve = await startServer({ archive: kho.archive, rendererDir: path.dirname(RENDERER), port: 0 });
    await tab.evaluate(() => getSelection()?.removeAllRanges());
    const popup = await ext.clickToolbarButton(tab);
    await waitForState(popup, ['already'], 30_000);
    const id = (await kho.call('articles.list', {})).items.find((a) => a.title === ARTICLE_TITLE)!.id;
    expect(await popup.isVisible('#open')).toBe(true);
    const newTab = ext.context.waitForEvent('page');
    await popup.click('#open');
    const reader = await newTab;
    expect(opened).toContain(id);
    await reader.waitForLoadState('load');
    expect(reader.url().startsWith(serve.origin)).toBe(true);
    await reader.getByText(ARTICLE_TITLE).first().click();
    await reader.getByText(PARAGRAPHS[3]!.slice(0, 40)).first().waitFor();
    await reader.screenshot({ path: path.join(SHOTS, 'extension-saved-article.png') });
    await reader.close();
  });

  it('shows an error for a page with nothing to save', async (ctx) => {
    if (!ext) return ctx.skip(skipReason);
    const before = await articleCount();
    await tab.goto(`${pages.origin}/empty`);
    const popup = await ext.clickToolbarButton(tab);
    expect(await waitForState(popup, ['error', 'saved', 'already'], 30_000)).toBe('error');
    expect((await status(popup)).detail).toMatch(/no readable (article )?text/i);
    expect(await badge()).toBe('!');
    expect(await articleCount()).toBe(before);
    await shot(popup, 'popup-error');
    await popup.close();
  });

  it('the context menu saves a link (Kho fetches it) and a page', async (ctx) => {
    if (!ext) return ctx.skip(skipReason);
    await tab.goto(`${pages.origin}/links`);
    const tabId = await activeTabId();
    const linkUrl = `${pages.origin}/plain`;
    // The same handler a click on "Save link to Kho" runs (menus cannot be clicked through CDP).
    const state = await ext.inBackground(
      ({ id, url }) =>
        (
          globalThis as unknown as {
            kho: { handleMenuClick: (i: unknown, t: unknown) => Promise<{ status: string }> };
          }
        ).kho.handleMenuClick(
          { menuItemId: 'kho-save-link', linkUrl: url, editable: false, pageUrl: '' },
          { id },
        ),
      { id: tabId, url: linkUrl },
    );
    expect(state.status).toBe('saved');
    expect(await badge()).toBe('✓');
    const saved = (await kho.call('articles.list', {})).items.find((a) => a.url === linkUrl);
    expect(saved?.title).toBe(PLAIN_TITLE);
    expect((await kho.call('articles.get', { id: saved!.id })).content_text).toContain(PLAIN_TEXT);
    expect(pages.hits.get('/plain')).toBe(1); // fetched by Kho, never opened in the browser
  });

  it('the bookmarklet pairs its own window once and saves the rendered page and selection after a click', async (ctx) => {
    if (!ext || !connector) return ctx.skip(skipReason);
    const install = await ext.context.newPage();
    await install.goto(`file://${path.join(built, 'bookmarklet', 'index.html')}?port=${port}`);
    const href = (await install.getAttribute('#bookmarklet', 'href'))!;
    expect(href.startsWith('javascript:')).toBe(true);
    await install.close();
    const code = decodeURIComponent(href.slice('javascript:'.length));

    const id = (await kho.call('articles.list', {})).items.find((a) => a.title === ARTICLE_TITLE)!.id;
    const highlightsBefore = (await kho.call('annotations.list', { article_id: id })).items.length;
    await tab.goto(`${pages.origin}/article`);
    await tab.waitForLoadState('load');
    const passage = 'ánh đèn ở cảng vẫn sáng suốt đêm bão';
    // A bookmark in the bar, clicked with the passage selected (a click: browsers let only clicks open windows).
    await tab.evaluate(
      ({ js, needle }) => {
        const p = Array.from(document.querySelectorAll('article p'))[2]!;
        const text = p.firstChild as Text;
        const range = document.createRange();
        range.setStart(text, text.data.indexOf(needle));
        range.setEnd(text, text.data.indexOf(needle) + needle.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        const bookmark = document.createElement('button');
        bookmark.id = 'bookmark';
        bookmark.textContent = 'Save to Kho';
        bookmark.onclick = new Function(js) as () => void;
        document.body.prepend(bookmark);
      },
      { js: code, needle: passage },
    );
    const opening = ext.context.waitForEvent('page');
    await tab.click('#bookmark');
    const win = await opening;
    await win.waitForLoadState('domcontentloaded');
    expect(win.url()).toContain(`127.0.0.1:${port}/connector/bookmarklet`);
    await win.waitForFunction(() => document.body.dataset.state === 'not-paired');
    await win.click('#pair');
    await win.waitForFunction(() => document.body.dataset.state === 'pairing');
    const code6 = (await win.textContent('#code'))?.trim();
    const pending = (await kho.call('connector.pairings', {})).pending.find((p) => p.code === code6);
    expect(pending?.origin).toBe(`http://127.0.0.1:${port}`);
    expect(pending?.name).toMatch(/^Bookmarklet in Chrome\//);
    await kho.call('connector.approve', { id: pending!.id });
    await win.waitForFunction(() => document.body.dataset.state === 'ready');
    expect(await win.textContent('#title')).toBe(ARTICLE_TITLE);
    // Nothing is saved before the click.
    expect((await kho.call('annotations.list', { article_id: id })).items).toHaveLength(highlightsBefore);
    await win.setViewportSize({ width: 440, height: 300 });
    await win.screenshot({ path: path.join(SHOTS, 'extension-bookmarklet-ready.png') });
    await win.click('#save');
    await win.waitForFunction(() =>
      ['saved', 'already', 'error'].includes(document.body.dataset.state ?? ''),
    );
    expect(await win.evaluate(() => document.body.dataset.state)).toBe('already');
    const highlights = (await kho.call('annotations.list', { article_id: id })).items;
    expect(highlights).toHaveLength(highlightsBefore + 1);
    const text = (await kho.call('articles.get', { id })).content_text;
    const made = highlights.find((h) => h.exact === passage);
    expect(made?.start).toBe(text.indexOf(passage));
    await win.close();
  });

  it('the bookmarklet window refuses a page posted by a site that is not that page, and saves nothing unclicked', async (ctx) => {
    if (!ext || !connector) return ctx.skip(skipReason);
    const before = await articleCount();
    const hostile = await ext.context.newPage();
    await hostile.goto(`${pages.origin}/links`);
    await hostile.evaluate((target) => {
      const b = document.createElement('button');
      b.id = 'go';
      b.onclick = () => {
        const w = window.open(
          `${target}/connector/bookmarklet?url=https%3A%2F%2Fbank.example%2F`,
          'kho-save',
          'popup',
        );
        window.addEventListener('message', (e) => {
          if (e.source === w && e.data === 'kho-ready') {
            w!.postMessage(
              {
                kind: 'kho-page',
                url: 'https://bank.example/statement',
                title: 'Statement',
                html: '<p>planted</p>',
              },
              target,
            );
          }
        });
      };
      document.body.append(b);
    }, `http://127.0.0.1:${port}`);
    const opening = ext.context.waitForEvent('page');
    await hostile.click('#go');
    const win = await opening;
    await win.waitForFunction(() => document.body.dataset.state === 'error');
    expect(await win.textContent('#message')).toContain(`Refused: a page from ${pages.origin}`);
    expect(await win.isVisible('#save')).toBe(false);
    expect(await articleCount()).toBe(before);
    await win.close();
    await hostile.close();
  });

  it('a web page cannot save into Kho, read from it or probe it, with a guessed or even the real token', async (ctx) => {
    if (!ext) return ctx.skip(skipReason);
    const before = await articleCount();
    const token = await ext.inBackground(
      async () => (await chrome.storage.local.get('token')).token as string,
      null,
    );
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const closed = await closedPort();
    for (const guess of ['guessed-token-1234567890', token]) {
      connectorLog.length = 0;
      const hostile = await ext.context.newPage();
      await hostile.goto(
        `${pages.origin}/hostile?port=${port}&closed=${closed}&token=${encodeURIComponent(guess)}`,
      );
      const results = await hostile.evaluate(
        () => (window as unknown as { attempts: Promise<Record<string, string>> }).attempts,
      );
      // Every attempt fails exactly like a closed port does: no answer to read, nothing to tell Kho is there.
      expect(results.probeClosed).toBe('failed: TypeError');
      for (const key of ['ping', 'saveWithToken', 'tagsWithToken', 'simplePost', 'probeKho', 'getTags']) {
        expect([key, results[key]]).toEqual([key, 'failed: TypeError']);
      }
      // The requests did reach the connector, and it refused them.
      expect(connectorLog.filter((l) => l.includes('refused')).length).toBeGreaterThanOrEqual(4);
      expect(connectorLog.some((l) => / 200 /.test(l))).toBe(false);
      await hostile.close();
    }
    expect(await articleCount()).toBe(before);
    const { items } = await kho.call('articles.list', {});
    for (const a of items)
      expect((await kho.call('articles.get', { id: a.id })).content_text).not.toContain('planted');
  });

  it('a browser whose pairing was revoked is refused and asked to pair again', async (ctx) => {
    if (!ext || !connector) return ctx.skip(skipReason);
    const browser = (await kho.call('connector.pairings', {})).browsers.find((b) =>
      b.origin.startsWith('chrome-extension://'),
    );
    await kho.call('connector.revoke', { browser_id: browser!.id });
    const before = await articleCount();
    await tab.goto(`${pages.origin}/article`);
    await tab.waitForLoadState('load');
    const popup = await ext.clickToolbarButton(tab);
    expect(await waitForState(popup, ['not-paired', 'saved', 'already'], 30_000)).toBe('not-paired');
    expect((await status(popup)).detail).toContain('no longer paired');
    expect(await badge()).toBe('?');
    expect(await articleCount()).toBe(before);
    await popup.close();
  });
});
