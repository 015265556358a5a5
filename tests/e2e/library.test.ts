import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeCp1258, VI_TEXT } from '../capture/fixture-server.js';
import { makeTempDir, REPO_ROOT } from '../helpers/paths.js';
import { CHROMIUM, launchChromium, RENDERER_DIR, startKho, type KhoServe } from './support/kho.js';

/**
 * A larger library in the browser: the virtualised list, keyboard navigation, multi-select with bulk
 * actions and undo, and search errors shown inline. The archive of thousands is built once for the file;
 * every test opens the app afresh, so what one test leaves on screen (a dialog, a selection, a search)
 * cannot hold up the next.
 * It stays one file because the archive of thousands is built once for all of them.
 */

const COUNT = 2000;
const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
const ready = existsSync(CHROMIUM) && existsSync(path.join(RENDERER_DIR, 'index.html'));

describe.skipIf(!ready)('a library of thousands of articles', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let kho: KhoServe;
  let browser: Browser;
  let page: Page;
  const listRequests: Array<{ limit: number; offset: number }> = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tmp = makeTempDir('kho-e2e-lib-');
    [kho, browser] = await Promise.all([startKho(path.join(tmp.dir, 'archive')), launchChromium()]);
    // Saved in batches through import.files (what the Import dialog sends): one request per 500 articles
    // instead of one each, which took most of this file's time.
    const topics = ['kinh tế', 'giáo dục', 'y tế', 'văn hóa', 'thể thao', 'economy', 'science'];
    for (let first = 0; first < COUNT; first += 500) {
      const files = Array.from({ length: Math.min(500, COUNT - first) }, (_, k) => {
        const i = first + k;
        const topic = topics[i % topics.length];
        return {
          name: `bai-${i}.md`,
          encoding: 'utf8',
          text: `# Bài số ${i}: ${topic}\n\nĐây là bài viết số ${i} về ${topic}. Nội dung ngắn để thử danh sách dài và cuộn mượt.\n`,
        };
      });
      const r = await kho.call<{ imported: number; failed: unknown[] }>('import.files', { files });
      expect(r).toMatchObject({ imported: files.length, failed: [] });
    }
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.on('request', (r: Request) => {
      if (r.url().endsWith('/api/articles.list')) {
        const body = JSON.parse(r.postData() ?? '{}') as { limit: number; offset: number };
        listRequests.push({ limit: body.limit, offset: body.offset ?? 0 });
      }
    });
  }, 240_000);

  beforeEach(async () => {
    listRequests.length = 0;
    await page.goto(kho.url);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      await page
        .screenshot({
          path: path.join(SHOTS, `failed-lib-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}.png`),
        })
        .catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await kho?.stop();
    tmp?.cleanup();
  });

  it('renders only the visible rows and fetches pages on demand', async () => {
    await expect
      .poll(() => page.locator('.list-title').textContent())
      .toContain(`${COUNT.toLocaleString('en-US')} articles`);
    const rendered = await page.locator('.list-scroll .row').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(40);
    expect(listRequests.filter((r) => r.limit > 1).every((r) => r.limit <= 100)).toBe(true);
    // Jump to the end: the last page is fetched and its rows drawn.
    await page.locator('.list-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator(`.list-scroll [aria-posinset="${COUNT}"] .row-title-text`).waitFor();
    expect(listRequests.some((r) => r.offset >= COUNT - 100)).toBe(true);
    expect(await page.locator('.list-scroll .row').count()).toBeLessThan(40);
    await page.screenshot({ path: path.join(SHOTS, '09-large-library.png') });
    await page.locator('.list-scroll').evaluate((el) => (el.scrollTop = 0));
  });

  it('moves with j/k, opens with Enter and acts on the open article with f and a', async () => {
    await page.locator('.list-scroll').focus();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('.row.is-cursor').getAttribute('aria-posinset')).toBe('2');
    await page.keyboard.press('Enter');
    await page.locator('.reader-title').waitFor();
    const first = await page.locator('.reader-title').textContent();
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('.reader-title').textContent()).not.toBe(first);
    await page.keyboard.press('f');
    await page.getByText('Added to favorites.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: /^Favorites/ }).textContent()).toContain('1');
    await page.keyboard.press('a');
    await page.getByText('Archived 1.').waitFor();
    await expect
      .poll(() =>
        page
          .getByRole('button', { name: /^Archive/ })
          .first()
          .textContent(),
      )
      .toContain('1');
  });

  it('selects a range with shift-click, trashes it and undoes', async () => {
    const rows = page.locator('.list-scroll .row');
    await rows.nth(2).click();
    await rows.nth(5).click({ modifiers: ['Shift'] });
    const bar = page.getByRole('toolbar', { name: '4 selected' });
    await bar.waitFor();
    await bar.getByRole('button', { name: 'Move to trash' }).click();
    const toast = page.locator('.toast', { hasText: 'Moved 4 to the trash.' });
    await toast.waitFor();
    await expect
      .poll(() => page.locator('.list-title').textContent())
      .toContain(`${(COUNT - 4).toLocaleString('en-US')}`);
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() => page.locator('.list-title').textContent())
      .toContain(`${COUNT.toLocaleString('en-US')}`);
  });

  it('tags several articles picked with ctrl-click, and undoes the tagging', async () => {
    const rows = page.locator('.list-scroll .row');
    await rows.nth(7).click();
    await rows.nth(9).click({ modifiers: ['Control'] });
    const bar = page.getByRole('toolbar', { name: '2 selected' });
    await bar.getByRole('button', { name: 'Tag…', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Tag 2 articles' });
    await dialog.getByRole('combobox').fill('đọc sau');
    await dialog.getByRole('button', { name: 'Add tag' }).click();
    const toast = page.locator('.toast', { hasText: 'Tagged 2 with “đọc sau”.' });
    await toast.waitFor();
    const tag = page.locator('.sidebar button[data-tag="đọc sau"]');
    await expect.poll(() => tag.textContent()).toContain('2');
    await toast.getByRole('button', { name: 'Undo' }).click();
    // The tag stays (empty) until it is deleted from the sidebar.
    await expect.poll(() => tag.locator('.nav-count').textContent()).toBe('0');

    // Tag again, then remove the tag from the same selection through "Untag…", and undo that.
    await bar.getByRole('button', { name: 'Tag…', exact: true }).click();
    await page.getByRole('dialog', { name: 'Tag 2 articles' }).getByRole('combobox').fill('đọc sau');
    await page
      .getByRole('dialog', { name: 'Tag 2 articles' })
      .getByRole('button', { name: 'Add tag' })
      .click();
    await expect.poll(() => tag.locator('.nav-count').textContent()).toBe('2');
    await bar.getByRole('button', { name: 'Untag…' }).click();
    const untag = page.getByRole('dialog', { name: 'Remove a tag from 2 articles' });
    await untag.getByRole('combobox').fill('đọc sau');
    await untag.getByRole('button', { name: 'Remove tag' }).click();
    await expect.poll(() => tag.locator('.nav-count').textContent()).toBe('0');
    await page
      .locator('.toast', { hasText: 'Removed “đọc sau”.' })
      .getByRole('button', { name: 'Undo' })
      .click();
    await expect.poll(() => tag.locator('.nav-count').textContent()).toBe('2');
  });

  it('shows a query error inline, without a toast', async () => {
    const search = page.getByRole('searchbox', { name: 'Search articles' });
    await search.fill('before:notadate');
    const alert = page.locator('.results-head [role=alert]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/not a date/);
    await search.fill('kinh tế');
    await page.locator('.hit').first().waitFor();
    await search.fill('');
    await page.locator('.list-scroll').waitFor();
  });

  it('opens the Add dialog with a file dropped anywhere on the window', async () => {
    // The app listens for drops once it is up: a drop before that (a loaded machine) would be lost.
    await page.locator('.list-scroll .row').first().waitFor();
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(
        new File(['# Bài được thả vào\n\nXin chào từ một tệp được thả.'], 'tha-vao.md', {
          type: 'text/markdown',
        }),
      );
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    const dialog = page.getByRole('dialog', { name: 'Save an article' });
    await dialog.getByText('Chosen: tha-vao.md', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.toast', { hasText: 'Saved “Bài được thả vào”.' }).waitFor();
    await expect.poll(() => page.locator('.reader-title').textContent()).toBe('Bài được thả vào');
  });

  it('shows archived images through the asset route', async () => {
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    const html = `<html><head><title>Ảnh thử</title></head><body><article><h1>Ảnh thử</h1>
      <p>Đoạn đầu tiên của bài viết có ảnh, đủ dài để trích xuất nội dung bài viết một cách đúng đắn.</p>
      <figure><img src="data:image/png;base64,${png}" alt="một điểm ảnh"><figcaption>Chú thích ảnh</figcaption></figure>
      <p>Đoạn thứ hai của bài viết, cũng khá dài để bộ trích xuất coi đây là nội dung chính của trang.</p></article></body></html>`;
    await kho.call('articles.add', { source: 'text', name: 'anh.html', text: html });
    await page.getByRole('button', { name: /^Unread/ }).click();
    await page.getByRole('button', { name: /^All articles/ }).click();
    await page.locator('.list-scroll .row', { hasText: 'Ảnh thử' }).click();
    const img = page.locator('.reader-content img');
    await img.waitFor();
    // The asset route, with this browser's address key (images cannot send the API key header).
    expect(await img.getAttribute('src')).toMatch(/^\/asset\/[0-9a-f]{64}\?k=[\w-]{43}$/);
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
  });

  it('saves a web address with progress, and fetches it again from the reader', async () => {
    let version = 1;
    const site: Server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="vi"><head><title>Trang thử ${version}</title></head><body><article>
        <h1>Trang thử</h1><p>Phiên bản ${version} của một bài viết trên web, đủ dài để bộ trích xuất nhận ra đây là nội dung chính của trang.</p>
        <p>Đoạn thứ hai giữ nguyên giữa các phiên bản để các đoạn đánh dấu vẫn tìm lại được sau khi tải lại.</p></article></body></html>`);
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/bai-viet.html`;
    try {
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Save an article' });
      await dialog.getByRole('textbox', { name: 'Web address' }).fill(url);
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await dialog.waitFor({ state: 'detached', timeout: 20_000 });
      await expect.poll(() => page.locator('.reader-content').textContent()).toContain('Phiên bản 1');
      expect(await page.getByRole('link', { name: 'Open original' }).getAttribute('href')).toBe(url);
      expect(await page.getByRole('link', { name: 'Open original' }).getAttribute('rel')).toBe(
        'noopener noreferrer',
      );
      version = 2;
      await page.getByRole('button', { name: 'Fetch again from the web' }).click();
      await page.locator('.toast', { hasText: 'Updated from the web' }).waitFor({ timeout: 20_000 });
      await expect.poll(() => page.locator('.reader-content').textContent()).toContain('Phiên bản 2');
    } finally {
      await new Promise<void>((r) => site.close(() => r()));
    }
  });

  let phonePage: Page | null = null;
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && phonePage) {
      await phonePage.screenshot({ path: path.join(SHOTS, 'failed-phone.png') }).catch(() => undefined);
    }
  });

  it('renders stored HTML through DOMPurify, so markup that slipped past capture stays inert', async () => {
    // Simulates HTML from an older Kho or a careless importer: written to SQLite behind capture's back.
    const saved = await kho.call<{ article: { id: number } }>('articles.add', {
      source: 'text',
      name: 'doc-hai.md',
      text: '# Bài có mã độc\n\nNội dung tạm thời.\n',
    });
    const db = new Database(path.join(tmp.dir, 'archive', 'kho.sqlite'));
    try {
      db.prepare('UPDATE articles SET content_html = ? WHERE id = ?').run(
        '<p>Đoạn an toàn.</p><img src="/nope.png" alt="ảnh" onerror="window.__pwned=1">' +
          '<script>window.__pwned=2</script><a href="javascript:window.__pwned=3">liên kết</a>' +
          '<iframe src="/"></iframe><form action="/x"><input name="q"></form><p style="color:red">Kết thúc.</p>',
        saved.article.id,
      );
    } finally {
      db.close();
    }
    // Added behind the window's back: the window hears of it (archive.changed over /api/events), no reload or click.
    // 30 s: with `npm test`'s lint steps sharing the two cores, the event and the list's refetch once took > 10 s.
    const row = page.locator('.list-scroll .row', { hasText: 'Bài có mã độc' }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    const content = page.locator('.reader-content');
    await content.getByText('Kết thúc.').waitFor();
    const found = await content.evaluate((el) => ({
      handlers: el.querySelectorAll('[onerror]').length,
      scripts: el.querySelectorAll('script, iframe, form, input').length,
      styles: el.querySelectorAll('[style]').length,
      href: el.querySelector('a')?.getAttribute('href') ?? null,
      images: el.querySelectorAll('img').length,
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
    }));
    expect(found).toEqual({ handlers: 0, scripts: 0, styles: 0, href: null, images: 1, pwned: null });
  });

  it('imports several files at once from the Add dialog, with progress and a summary', async () => {
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Import many files or a folder…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import many files' });
    const legacy = encodeCp1258(
      `<html><head><meta charset="windows-1258"><title>Nhập mã cũ</title></head><body><article><h1>Nhập mã cũ</h1><p>${VI_TEXT}</p><p>${VI_TEXT}</p></article></body></html>`,
    );
    await dialog.locator('input[type=file][multiple]').setInputFiles([
      { name: 'cu.html', mimeType: 'text/html', buffer: legacy },
      {
        name: 'mot.md',
        mimeType: 'text/markdown',
        buffer: Buffer.from('# Nhập một\n\nTệp thứ nhất được nhập.\n'),
      },
      {
        name: 'hai.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Nhập hai\n\nTệp thứ hai được nhập.\n'),
      },
      { name: 'anh.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
    ]);
    await dialog.getByText('3 files ready').waitFor();
    await dialog.getByText('1 other files will be skipped').waitFor();
    await dialog.getByRole('button', { name: 'Import 3' }).click();
    await dialog.getByText('Saved 3 new articles.').waitFor();
    await page.screenshot({ path: path.join(SHOTS, '13-import-done.png') });
    await dialog.getByRole('button', { name: 'Done' }).click();
    const search = page.getByRole('searchbox', { name: 'Search articles' });
    await search.fill('nhap ma cu');
    await page.locator('.hit', { hasText: 'Nhập mã cũ' }).first().click();
    await expect.poll(() => page.locator('.reader-content').textContent()).toContain(VI_TEXT.slice(0, 60));
    await search.fill('');
    await page.locator('.list-scroll').waitFor();
  });

  it('opens the import dialog when several files are dropped on the window', async () => {
    // The app listens for drops once it is up: a drop before that (a loaded machine) would be lost.
    await page.locator('.list-scroll .row').first().waitFor();
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['# Thả một\n\nMột.'], 'tha-1.md', { type: 'text/markdown' }));
      dt.items.add(new File(['Thả hai\n\nHai.'], 'tha-2.txt', { type: 'text/plain' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    const dialog = page.getByRole('dialog', { name: 'Import many files' });
    await dialog.getByText('2 files ready').waitFor();
    expect(await dialog.locator('.import-names li').allTextContents()).toEqual(['tha-1.md', 'tha-2.txt']);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('empties the trash after asking, and only the trash', async () => {
    // Whatever earlier tests left in the trash is not this test's business.
    await kho.call('articles.emptyTrash', {});
    const all = page.getByRole('button', { name: /^All articles/ });
    await all.click();
    const before = (await kho.call<{ total: number }>('articles.list', { limit: 1 })).total;
    await expect.poll(() => all.locator('.nav-count').textContent()).toBe(before.toLocaleString('en-US'));
    const rows = page.locator('.list-scroll .row');
    await rows.nth(0).click();
    await rows.nth(2).click({ modifiers: ['Shift'] });
    await page
      .getByRole('toolbar', { name: '3 selected' })
      .getByRole('button', { name: 'Move to trash' })
      .click();
    await page.locator('.toast', { hasText: 'Moved 3 to the trash.' }).waitFor();
    await page.getByRole('button', { name: /^Trash/ }).click();
    await page.getByRole('button', { name: 'Empty trash' }).click();
    const dialog = page.getByRole('dialog', { name: 'Empty trash' });
    await dialog.getByText('Delete all 3 articles in the trash').waitFor();
    await page.screenshot({ path: path.join(SHOTS, '12-empty-trash.png') });
    await dialog.getByRole('button', { name: 'Empty trash' }).click();
    await page.locator('.toast', { hasText: 'Deleted 3 for good.' }).waitFor();
    await page.getByText('The trash is empty.').waitFor();
    await expect
      .poll(() =>
        page
          .getByRole('button', { name: /^Trash/ })
          .locator('.nav-count')
          .textContent(),
      )
      .toBe('0');
    await expect
      .poll(() => all.locator('.nav-count').textContent())
      .toBe((before - 3).toLocaleString('en-US'));
  });

  it('fits a phone screen', async () => {
    const phone = await browser.newContext({
      locale: 'vi-VN',
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    const p = await phone.newPage();
    phonePage = p;
    await p.goto(kho.url);
    await p.locator('.list-scroll .row').first().waitFor();
    // Vietnamese by default for a Vietnamese browser.
    await p.getByRole('searchbox', { name: 'Tìm bài viết' }).waitFor();
    await p.screenshot({ path: path.join(SHOTS, '10-phone-library.png') });
    await p.locator('.list-scroll .row').first().click();
    await p.locator('.reader-content p').first().waitFor();
    expect(await p.locator('.list-pane').isVisible()).toBe(false);
    await p.screenshot({ path: path.join(SHOTS, '11-phone-reader.png') });
    await p.getByRole('button', { name: 'Đóng bài viết' }).click();
    await p.locator('.list-scroll .row').first().waitFor();
    await phone.close();
  });
});
