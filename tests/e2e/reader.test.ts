import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REFERENCE_ARTICLE, REPO_ROOT } from '../helpers/paths.js';
import {
  CHROMIUM,
  launchChromium,
  RENDERER_DIR,
  resetArchive,
  startKho,
  type KhoServe,
} from './support/kho.js';
import type { Annotation, ArticleSummary } from '../../src/shared/schemas.js';

/**
 * The scenario, end to end: real Chromium, the built renderer, the real `kho serve`. Every test
 * starts from an empty archive, seeds what it needs through the API and opens the app afresh, so a failure
 * stays in its test instead of making the next ones wait for state that never came.
 * Screenshots of the main screens go to test-results/screenshots/.
 * It stays one file: the tests share one browser and one server, which take longest to start.
 */

const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PASSAGE = 'Năm dân vận chính quyền';
const NOTE = 'Chủ đề chính của năm 2019 — ghi chú thử.';
const TAG = 'chính trị/dân vận';

const ready = existsSync(CHROMIUM) && existsSync(path.join(RENDERER_DIR, 'index.html'));

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * axe-core on the current screen; serious and critical violations fail the test. Accepted
 * exceptions, with reasons, go in ACCEPTED (none so far).
 */
const ACCEPTED: Record<string, string> = {};

async function axe(page: Page, screen: string): Promise<void> {
  // Evaluated through DevTools, so the page's CSP (script-src 'self') needs no loosening for the test.
  await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const violations = (await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> };
    };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations;
  })) as AxeViolation[];
  const serious = violations.filter(
    (v) => (v.impact === 'serious' || v.impact === 'critical') && !(v.id in ACCEPTED),
  );
  const report = serious.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(report, `axe on ${screen}`).toEqual([]);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** The reference article saved through the API, as the Add dialog saves a chosen file. */
async function saveReference(kho: KhoServe, tags: string[] = []): Promise<ArticleSummary> {
  const r = await kho.call<{ article: ArticleSummary }>('articles.add', {
    source: 'text',
    name: path.basename(REFERENCE_ARTICLE),
    text: readFileSync(REFERENCE_ARTICLE, 'utf8'),
    tags,
  });
  return r.article;
}

/** A highlight on the first occurrence of `passage`, by offsets into content_text (as the reader sends). */
async function highlightFirst(
  kho: KhoServe,
  articleId: number,
  passage: string,
  extra: { note?: string; color?: string } = {},
): Promise<Annotation> {
  const { content_text } = await kho.call<{ content_text: string }>('articles.get', { id: articleId });
  const start = content_text.indexOf(passage);
  expect(start).toBeGreaterThanOrEqual(0);
  return kho.call<Annotation>('annotations.create', {
    article_id: articleId,
    start,
    end: start + passage.length,
    ...extra,
  });
}

async function openFirstArticle(page: Page): Promise<void> {
  await page.locator('.list-scroll [role=option]').first().click();
  await page.locator('.reader-content p').first().waitFor();
}

describe.skipIf(!ready)('Kho in Chromium against kho serve', () => {
  const tmp = makeTempDir('kho-e2e-');
  let kho: KhoServe;
  let browser: Browser;
  // One server, browser context and page for the file (a new page costs ~0.5 s of CPU); every test
  // empties the archive, seeds what it needs and opens the app afresh, so no state carries over.
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const cleanups: Array<() => void> = [];

  async function openPage(): Promise<void> {
    page = await context.newPage();
    if (process.env.KHO_E2E_DEBUG) {
      page.on('request', (r) => console.error('>>', r.method(), r.url(), r.postData()?.slice(0, 200)));
      page.on('response', async (r) =>
        console.error('<<', r.status(), r.url(), (await r.text().catch(() => '')).slice(0, 200)),
      );
    }
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [kho, browser] = await Promise.all([startKho(path.join(tmp.dir, 'archive')), launchChromium()]);
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    await openPage();
  });

  afterAll(async () => {
    await browser?.close();
    await kho?.stop();
    tmp.cleanup();
  });

  /** A fresh state for this test: the archive emptied, then `seed`ed through the API; the app opened. */
  async function start(seed?: (kho: KhoServe) => Promise<unknown>): Promise<void> {
    errors.length = 0;
    await resetArchive(kho);
    await seed?.(kho);
    await page.goto(kho.url);
  }

  /** A page listener that ends with the test. */
  function onRequest(fn: (r: Request) => void): void {
    page.on('request', fn);
    cleanups.push(() => page.off('request', fn));
  }

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shot(page, `failed-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).catch(
        () => undefined,
      );
    }
    for (const off of cleanups.splice(0)) off();
    // Leave the app before the next test resets the archive under it (a stuck page is replaced).
    await page.goto('about:blank').catch(async () => {
      await page.close().catch(() => undefined);
      await openPage();
    });
    // Every screen ran without page errors or CSP violations.
    expect(errors).toEqual([]);
  });

  it('opens from the URL printed by kho serve, trading the token for a cookie and keys', async () => {
    await start();
    // The keys handed over in the fragment are kept by the page and gone from the address.
    expect(page.url()).toBe(`${kho.origin}/`);
    const cookies = await context.cookies();
    const cookie = cookies.find((c) => c.name === `kho_session_${new URL(kho.origin).port}`);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(cookie?.value).not.toBe(new URL(kho.url).searchParams.get('token'));
    expect(await page.evaluate(() => localStorage.getItem('kho.serve.keys'))).toMatch(/"api":"[\w-]{43}"/);
    await expect.poll(() => page.getByRole('heading', { name: 'Your archive is empty' }).count()).toBe(1);
    await shot(page, '01-empty-library');
    await axe(page, 'empty library');
  });

  it('saves the reference article through the Add dialog, with capture progress', async () => {
    await start();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Save an article' });
    await dialog.waitFor();
    await dialog.locator('input[type=file]').setInputFiles(REFERENCE_ARTICLE);
    await expect.poll(() => dialog.getByText('nhandan-2022-01-28.txt').count()).toBe(1);
    await shot(page, '02-add-dialog');
    await axe(page, 'add dialog');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    // The new article opens in the reader.
    const title = page.locator('.reader-title');
    await title.waitFor();
    expect(await title.textContent()).toContain('dân vận');
    await expect.poll(() => page.locator('.list-scroll [role=option]').count()).toBe(1);
  });

  it('finds it by searching without diacritics and highlights the matches', async () => {
    await start(saveReference);
    const search = page.getByRole('searchbox', { name: 'Search articles' });
    await search.click();
    await search.pressSequentially('dan van chinh quyen', { delay: 15 });
    const hit = page.locator('.hit').first();
    await hit.waitFor({ timeout: 10_000 });
    const marks = await hit.locator('mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    const folded = marks.map((m) =>
      m.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase(),
    );
    expect(folded.some((m) => ['dan', 'van', 'chinh', 'quyen'].some((w) => m.includes(w)))).toBe(true);
    await shot(page, '03-search-results');
    await axe(page, 'search results');
    await page.getByRole('button', { name: 'Search help' }).click();
    await page.getByRole('region', { name: 'Search operators' }).waitFor();
    await shot(page, '03b-search-help');
    await axe(page, 'search help');
    await page.getByRole('button', { name: 'Search help' }).click();
    await hit.click();
    await page.locator('.reader-content p').first().waitFor();
  });

  it('highlights a selected passage with a note, and keeps both after a reload', async () => {
    let article!: ArticleSummary;
    await start(async (k) => void (article = await saveReference(k)));
    await openFirstArticle(page);
    // Select the first occurrence of the passage in the article body.
    const selected = await page.evaluate((passage) => {
      const root = document.querySelector('.reader-content')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = (n.nodeValue ?? '').indexOf(passage);
        if (i >= 0) {
          const range = document.createRange();
          range.setStart(n, i);
          range.setEnd(n, i + passage.length);
          const sel = window.getSelection()!;
          sel.removeAllRanges();
          sel.addRange(range);
          return sel.toString();
        }
      }
      return null;
    }, PASSAGE);
    expect(selected).toBe(PASSAGE);
    const creates: string[] = [];
    onRequest((r) => {
      if (r.url().endsWith('/api/annotations.create')) creates.push(r.postData() ?? '');
    });
    await page.locator('.reader-content').dispatchEvent('mouseup');
    const toolbar = page.getByRole('toolbar', { name: 'Highlight the selection' });
    await toolbar.waitFor();
    await shot(page, '04-selection-toolbar');
    await toolbar.getByRole('button', { name: 'Note' }).click();
    const note = page.getByRole('textbox', { name: 'Note' });
    await note.waitFor();
    await note.fill(NOTE);
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => page.locator('.hl-note').first().textContent()).toBe(NOTE);
    const marked = await page.locator('.reader-content mark.kho-hl').allTextContents();
    expect(marked.join('')).toBe(PASSAGE);
    // One call, by offsets: the reader's text model agrees with the stored content_text (no quote fallback).
    expect(creates).toHaveLength(1);
    expect(JSON.parse(creates[0] as string)).toMatchObject({
      article_id: article.id,
      quote: PASSAGE,
      color: 'yellow',
    });
    expect(JSON.parse(creates[0] as string).start).toEqual(expect.any(Number));

    // After a reload, the highlight and its note come back from the archive.
    await page.reload();
    await page.locator('.list-scroll [role=option]').first().waitFor();
    await page.locator('.list-scroll [role=option]').first().click();
    await page.locator('.reader-content mark.kho-hl').first().waitFor();
    expect((await page.locator('.reader-content mark.kho-hl').allTextContents()).join('')).toBe(PASSAGE);
    expect(await page.locator('.hl-note').first().textContent()).toBe(NOTE);
    await shot(page, '05-reader-highlights');
    await axe(page, 'reader with highlights');
  });

  it('tags the article and filters the library by the tag', async () => {
    await start(saveReference);
    await openFirstArticle(page);
    await page.keyboard.press('t');
    const input = page.getByRole('combobox', { name: 'Add a tag' });
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await input.fill(TAG);
    await input.press('Enter');
    await page.locator('.reader-head .chip', { hasText: TAG }).waitFor();
    // Nested tag: the sidebar shows "chính trị" with "dân vận" under it.
    const tagButton = page.locator(`.sidebar button[data-tag="${TAG}"]`);
    await tagButton.waitFor();
    await tagButton.click();
    await expect.poll(() => page.locator('.list-title').textContent()).toContain(TAG);
    await expect.poll(() => page.locator('.list-scroll [role=option]').count()).toBe(1);
    await shot(page, '06-filtered-by-tag');
  });

  it('draws overlapping highlights as layered segments', async () => {
    // Two highlights, the second overlapping the first one's end.
    await start(async (kho) => {
      const { id } = await saveReference(kho);
      await highlightFirst(kho, id, PASSAGE, { note: NOTE });
      const { content_text } = await kho.call<{ content_text: string }>('articles.get', { id });
      const start = content_text.indexOf(PASSAGE) + PASSAGE.indexOf('chính quyền');
      await kho.call('annotations.create', {
        article_id: id,
        start,
        end: start + 'chính quyền” chín tháng'.length,
        color: 'blue',
      });
    });
    await page.locator('.list-scroll [role=option]').first().click();
    const overlap = page.locator('.reader-content mark.kho-hl-overlap');
    await overlap.first().waitFor();
    expect(await overlap.allTextContents()).toEqual(['chính quyền']);
    expect((await overlap.first().getAttribute('data-ids'))?.split(' ')).toHaveLength(2);
    expect(await page.locator('.hl-list > li').count()).toBe(2);
    // Clicking an entry in the panel scrolls to and marks its highlight.
    await page
      .locator('.hl-list > li')
      .nth(1)
      .getByRole('button', { name: /Go to highlight/ })
      .click();
    await expect.poll(() => page.locator('.reader-content mark.is-active').count()).toBeGreaterThan(0);
    await shot(page, '06b-overlapping-highlights');
  });

  it('saves the reading position and restores it', async () => {
    let article!: ArticleSummary;
    await start(async (k) => void (article = await saveReference(k)));
    await openFirstArticle(page);
    const scroller = page.locator('.reader-scroll');
    await scroller.evaluate((el) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
      el.dispatchEvent(new Event('scroll'));
    });
    const progress = async () =>
      (await kho.call<{ reading_progress: number }>('articles.get', { id: article.id })).reading_progress;
    // Saved about a second after scrolling stops.
    await expect.poll(progress, { timeout: 5000 }).toBeGreaterThan(0.4);
    await page.reload();
    await openFirstArticle(page);
    await expect
      .poll(() => scroller.evaluate((el) => el.scrollTop / (el.scrollHeight - el.clientHeight)))
      .toBeGreaterThan(0.4);
    expect(await page.locator('.list-scroll .row-progress-label').textContent()).toMatch(/\d+% read/);
  });

  it('renames a tag from the sidebar menu', async () => {
    await start((k) => saveReference(k, [TAG]));
    await openFirstArticle(page);
    await page.locator('.reader-head .chip', { hasText: TAG }).waitFor();
    await page.getByRole('button', { name: `Actions for tag ${TAG}` }).click();
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename tag' });
    await dialog.getByRole('textbox', { name: 'New name' }).fill('dân vận');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.sidebar button[data-tag="dân vận"]').waitFor();
    expect(await page.locator(`.sidebar button[data-tag="${TAG}"]`).count()).toBe(0);
    await page.locator('.reader-head .chip', { hasText: 'dân vận' }).waitFor();
  });

  it('switches to the dark theme and to Vietnamese, and remembers both', async () => {
    await start(async (kho) => {
      const { id } = await saveReference(kho);
      await highlightFirst(kho, id, PASSAGE, { note: NOTE });
    });
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor();
    await dialog.getByText('Dark', { exact: true }).click();
    expect(await dialog.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await dialog.locator('#settings-language').selectOption('vi');
    await page.getByRole('dialog', { name: 'Cài đặt' }).waitFor();
    await shot(page, '07-settings-dark-vi');
    await axe(page, 'settings dialog (dark, Vietnamese)');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('searchbox', { name: 'Tìm bài viết' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => page.getByRole('button', { name: 'Thêm', exact: true }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: /Tất cả bài viết/ }).count()).toBe(1);
    await page.getByRole('button', { name: /Tất cả bài viết/ }).click();
    await page.locator('.list-scroll [role=option]').first().click();
    await page.locator('.reader-content mark.kho-hl').first().waitFor();
    await page.getByRole('heading', { name: 'Đánh dấu và ghi chú' }).waitFor();
    await shot(page, '08-dark-vietnamese-reader');
    await axe(page, 'reader (dark, Vietnamese)');
  });

  it('shows the keyboard shortcuts with ?', async () => {
    await start((k) => k.call('settings.set', { key: 'ui.lang', value: 'vi' }));
    await page.getByRole('searchbox', { name: 'Tìm bài viết' }).waitFor();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Phím tắt' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });
});

describe.skipIf(ready)('Kho in Chromium (prerequisites missing)', () => {
  it.skip(`needs ${CHROMIUM} and a built renderer (npm run build)`, () => {});
});
