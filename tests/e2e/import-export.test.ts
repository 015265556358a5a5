import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlePage } from '../capture/fixture-server.js';
import { makeTempDir, REPO_ROOT } from '../helpers/paths.js';
import { fixtureBytes } from '../importers/support.js';
import { CHROMIUM, CHROMIUM_ARGS, RENDERER_DIR, startKho, type KhoServe } from './support/kho.js';

/**
 * The Import dialog with an export of another app, in Chromium against `kho serve`: the file goes up in
 * chunks, the report lists what was added and what could not be read, and the background fetch queue's
 * progress follows (pages served by a local server; one of them is gone).
 */
const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
const ready = existsSync(CHROMIUM) && existsSync(path.join(RENDERER_DIR, 'index.html'));

describe.skipIf(!ready)('importing an export file from the app', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let kho: KhoServe;
  let browser: Browser;
  let page: Page;
  let site: Server;
  let base: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tmp = makeTempDir('kho-e2e-export-');
    site = createServer((req, res) => {
      if (req.url === '/gone') {
        res.writeHead(404, { 'Content-Type': 'text/html' }).end('<p>gone</p>');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(articlePage('Bài từ máy chủ', '<p>Nội dung được tải về sau khi nhập.</p>'));
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    kho = await startKho(path.join(tmp.dir, 'archive'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    await page.goto(kho.url);
  });

  afterAll(async () => {
    await browser?.close();
    await kho?.stop();
    await new Promise((resolve) => site?.close(resolve));
    tmp?.cleanup();
  });

  it('imports a Readwise export with its highlights, then a Pocket export whose pages are fetched', async () => {
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Import many files or a folder…' }).click();
    let dialog = page.getByRole('dialog', { name: 'Import many files' });
    await dialog.locator('input[type=file][accept=".csv,.json,.zip,.html,.htm,.sqlite"]').setInputFiles({
      name: 'readwise-export.csv',
      mimeType: 'text/csv',
      buffer: fixtureBytes('readwise/readwise-export.csv'),
    });
    dialog = page.getByRole('dialog', { name: 'Import an export' });
    await dialog.getByText('readwise-export.csv').waitFor();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByText('Readwise CSV: 3 new articles; 0 were already in Kho.').waitFor();
    await dialog.getByText('7 highlights added (0 wait for their page).').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.locator('.row', { hasText: 'Ghi chép về Hà Nội' }).first().waitFor();

    // A Pocket export dropped on the window opens the export import directly.
    const csv = [
      'title,url,time_added,tags,status',
      `Đã lưu trong Pocket,${base}/bai-1,1600000000,,unread`,
      `Trang đã mất,${base}/gone,1600000001,,archive`,
      `"Broken" row,${base}/x,1,,unread`,
    ].join('\n');
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'pocket.csv', { type: 'text/csv' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, csv);
    dialog = page.getByRole('dialog', { name: 'Import an export' });
    await dialog.getByRole('combobox', { name: 'Format' }).selectOption('pocket');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByText('Pocket CSV: 2 new articles; 0 were already in Kho.').waitFor();
    await dialog.getByText('2 pages will be fetched in the background.').waitFor();
    await dialog.getByText('1 row or entry could not be imported').waitFor();
    expect(await dialog.locator('.import-failures li').first().textContent()).toMatch(/^row 4: /);
    // The queue fetches the page and keeps the dead link as unavailable.
    await dialog.getByText('Every queued page has been fetched or tried.').waitFor({ timeout: 20_000 });
    await dialog.getByText('0 failed, 1 no longer available').waitFor();
    await page.screenshot({ path: path.join(SHOTS, '20-import-export.png') });
    await dialog.getByRole('button', { name: 'Done' }).click();
    // The dead link stays in the list, marked.
    await page.locator('.row', { hasText: 'Trang đã mất' }).getByText('page no longer available').waitFor();
    const search = page.getByRole('searchbox', { name: 'Search articles' });
    await search.fill('noi dung duoc tai ve');
    await page.locator('.hit', { hasText: 'Đã lưu trong Pocket' }).first().waitFor();
  });
});
