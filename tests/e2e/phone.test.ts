import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addArticle,
  addHighlight,
  address,
  openSession,
  PHONE,
  READY,
  selectInArticle,
  type Session,
} from './support/session.js';

/**
 * The phone layout at 390×844 with touch: the highlights panel as a sheet (read, edit, delete, export),
 * search results visible while reading, highlighting a touch selection, a search box that fits, and
 * Vietnamese as a Vietnamese reader expects it.
 */

let s: Session;
const BODY = Array.from(
  { length: 12 },
  (_, i) => `Đoạn ${i + 1} kể về giao thông và phạt nguội ở Hà Nội.`,
).join('\n\n');

describe.skipIf(!READY)('the phone layout (touch, 390×844)', () => {
  beforeAll(async () => {
    s = await openSession({ prefix: 'kho-e2e-phone-', viewport: PHONE, touch: true });
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await s
        .shot(`failed-phone-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`)
        .catch(() => undefined);
  });
  afterAll(async () => s?.close());

  it('opens the highlights as a sheet where notes can be read, edited, deleted and exported', async () => {
    await s.fresh();
    const { page } = s;
    const id = await addArticle(s, 'Đánh dấu trên điện thoại', BODY);
    await addHighlight(s, id, 'Đoạn 2 kể về giao thông', 'yellow', 'Ghi chú **quan trọng**');
    await addHighlight(s, id, 'Đoạn 5 kể về giao thông', 'blue');
    await page.goto(s.at(`/article/${id}`));
    await page.locator('.reader-content mark.kho-hl').first().waitFor();
    expect(await page.locator('.hl-panel').count()).toBe(0);
    await page.getByRole('button', { name: /^Highlights/ }).tap();
    const sheet = page.locator('.hl-panel.is-sheet');
    await sheet.waitFor();
    const box = (await sheet.boundingBox())!;
    expect(box.width).toBe(PHONE.width);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height + 1);
    expect(await sheet.locator('.note-md strong').textContent()).toBe('quan trọng');
    await s.shot('20-phone-highlights-sheet');
    // Edit the note.
    await sheet.locator('.hl-item').first().getByRole('button', { name: 'Edit note' }).tap();
    const note = sheet.getByRole('textbox', { name: 'Note' });
    await note.fill('Đã sửa trên điện thoại');
    await sheet.getByRole('button', { name: 'Save note' }).tap();
    await expect.poll(() => sheet.locator('.hl-note').first().textContent()).toBe('Đã sửa trên điện thoại');
    // Export.
    const download = page.waitForEvent('download');
    await sheet.getByRole('button', { name: 'Export highlights (Markdown)' }).tap();
    const md = readFileSync(await (await download).path(), 'utf8');
    expect(md).toContain('Đã sửa trên điện thoại');
    // Delete, then close the sheet.
    await sheet.locator('.hl-item').nth(1).getByRole('button', { name: 'Delete highlight' }).tap();
    await expect.poll(() => sheet.locator('.hl-item').count()).toBe(1);
    await sheet.getByRole('button', { name: 'Close the highlights' }).tap();
    await expect.poll(() => page.locator('.hl-panel').count()).toBe(0);
  });

  it('shows the results of a search typed while an article is open', async () => {
    await s.fresh();
    const { page } = s;
    const id = await addArticle(s, 'Bài đang mở trên điện thoại', BODY);
    await addArticle(s, 'Bài về xe buýt', 'Xe buýt nhanh ở Hà Nội chạy thêm tuyến mới.');
    await page.goto(s.at(`/article/${id}`));
    await page.locator('.reader-content p').first().waitFor();
    await page.getByRole('searchbox', { name: 'Search articles' }).tap();
    await page.getByRole('searchbox', { name: 'Search articles' }).fill('xe buyt');
    const hit = page.locator('.hit', { hasText: 'Bài về xe buýt' });
    await hit.waitFor();
    expect(await hit.isVisible()).toBe(true);
    expect(await page.locator('.reader-title').count()).toBe(0);
    expect(address(page)).toBe('/search?q=xe buyt');
    await hit.tap();
    await expect.poll(() => page.locator('.reader-title').textContent()).toBe('Bài về xe buýt');
    // Back returns to the results.
    await page.goBack();
    await hit.waitFor();
  });

  it('highlights a touch selection: the toolbar follows selectionchange, no mouseup needed', async () => {
    await s.fresh();
    const { page } = s;
    const id = await addArticle(s, 'Chọn bằng ngón tay', BODY);
    await page.goto(s.at(`/article/${id}`));
    await page.locator('.reader-content p').first().waitFor();
    expect(await selectInArticle(page, 'phạt nguội ở Hà Nội')).toBe('phạt nguội ở Hà Nội');
    const toolbar = page.getByRole('toolbar', { name: 'Highlight the selection' });
    await toolbar.waitFor();
    // Below the selection, clear of the system's own selection menu.
    const [bar, selection] = await Promise.all([
      toolbar.boundingBox(),
      page.evaluate(() => window.getSelection()!.getRangeAt(0).getBoundingClientRect().bottom),
    ]);
    expect(bar!.y).toBeGreaterThan(selection);
    await toolbar.getByRole('button', { name: 'Highlight Green' }).tap();
    await page.locator('.reader-content mark.kho-hl-green').first().waitFor();
    const anns = await s.call<{ items: Array<{ exact: string; color: string }> }>('annotations.list', {
      article_id: id,
    });
    expect(anns.items).toEqual([expect.objectContaining({ exact: 'phạt nguội ở Hà Nội', color: 'green' })]);
  });

  it('fits the search box: a placeholder that is not cut, no keyboard hint', async () => {
    await s.fresh();
    const { page } = s;
    await page.goto(s.at('/'));
    const input = page.getByRole('searchbox', { name: 'Search articles' });
    await input.waitFor();
    const fit = await input.evaluate((el) => {
      const i = el as HTMLInputElement;
      const ctx = document.createElement('canvas').getContext('2d')!;
      const style = getComputedStyle(i);
      ctx.font = `${style.fontSize} ${style.fontFamily}`;
      return { text: i.placeholder, needs: ctx.measureText(i.placeholder).width, has: i.clientWidth };
    });
    expect(fit.text).not.toMatch(/Ctrl|\//);
    expect(fit.needs).toBeLessThan(fit.has);
    expect(await page.locator('.search-kbd').isVisible()).toBe(false);
    await page.goto(s.at('/notebook'));
    await page.getByRole('heading', { name: 'Notebook' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it('speaks Vietnamese naturally: dates and the paper theme', async () => {
    await s.fresh();
    const vi = await s.browser.newContext({
      locale: 'vi-VN',
      viewport: PHONE,
      hasTouch: true,
      isMobile: true,
    });
    try {
      const page = await vi.newPage();
      const r = await s.call<{ article: { id: number } }>('articles.add', {
        source: 'text',
        name: 'ngay.html',
        text: `<html><head><title>Bài có ngày</title><meta property="article:published_time" content="2022-01-28T08:00:00+07:00"></head>
          <body><article><h1>Bài có ngày</h1><p>Nội dung đủ dài để được trích xuất như một bài viết có ngày đăng rõ ràng.</p>
          <p>Đoạn thứ hai cho đủ chữ để bộ trích xuất nhận ra nội dung chính của trang.</p></article></body></html>`,
      });
      await page.goto(s.kho.url);
      await page.goto(s.at(`/article/${r.article.id}`));
      await expect
        .poll(() => page.locator('.reader-meta').textContent())
        .toContain('Đăng ngày 28 tháng 1, 2022');
      await page.getByRole('button', { name: 'Cài đặt hiển thị' }).tap();
      await page.getByText('Giấy', { exact: true }).waitFor();
    } finally {
      await vi.close();
    }
  });

  it('ran without page errors or CSP violations', () => {
    expect(s.errors).toEqual([]);
  });
});
