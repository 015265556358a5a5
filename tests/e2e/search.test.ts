import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../helpers/paths.js';
import { CHROMIUM, launchChromium, RENDERER_DIR, startKho, type KhoServe } from './support/kho.js';

/**
 * The search box with imperfect queries, in Chromium against `kho serve`: the last word matches while it is
 * still being typed, a word that matches nothing is corrected and said so (with a way back to what was
 * typed), and tag names are completed and quoted.
 */

const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
const ready = existsSync(CHROMIUM) && existsSync(path.join(RENDERER_DIR, 'index.html'));

describe.skipIf(!ready)('search box: as you type, corrections, tag names', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let kho: KhoServe;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tmp = makeTempDir('kho-e2e-search-');
    [kho, browser] = await Promise.all([startKho(path.join(tmp.dir, 'archive')), launchChromium()]);
    const files = [
      ['congress.md', '# The Congress\n\nThe Congress passed the budget after the worst recession in years.'],
      ['economy.md', '# Economy\n\nA recession hit the markets; the Congress met again in spring.'],
      ['ha-long.md', '# Vịnh Hạ Long\n\nDu lịch vịnh Hạ Long mùa thu, người dân đón khách.'],
      ['sapa.md', '# Sapa\n\nSapa mùa đông lạnh, người dân bán hàng.'],
    ].map(([name, text]) => ({ name: name!, encoding: 'utf8', text: text! }));
    const r = await kho.call<{ imported: number; items?: Array<{ id: number }> }>('import.files', { files });
    expect(r).toMatchObject({ imported: 4 });
    const list = await kho.call<{ items: Array<{ id: number; title: string }> }>('articles.list', {
      limit: 10,
    });
    const halong = list.items.find((a) => a.title.includes('Hạ Long'))!;
    await kho.call('tags.attach', { ids: [halong.id], tags: ['Du lịch'] });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
  }, 240_000);

  beforeEach(async () => {
    await page.goto(kho.url);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      await page
        .screenshot({
          path: path.join(
            SHOTS,
            `failed-search-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}.png`,
          ),
        })
        .catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await kho?.stop();
    tmp?.cleanup();
  });

  const box = () => page.getByRole('searchbox', { name: 'Search articles' });
  const titles = () => page.locator('.hit .hit-title').allTextContents();

  it('matches the word still being typed, and a finished word exactly', async () => {
    await box().pressSequentially('congres', { delay: 20 });
    await page.locator('.hit').nth(1).waitFor();
    expect((await titles()).sort()).toEqual(['Economy', 'The Congress']);
    expect(await page.locator('.search-corrected').count()).toBe(0);
  });

  it('says when it shows results for a corrected word, and searches instead for what was typed', async () => {
    await box().fill('worst recesion ');
    const line = page.locator('.search-corrected');
    await line.waitFor();
    expect(await line.textContent()).toBe(
      'Showing results for worst recession — search instead for worst recesion',
    );
    expect(await line.locator('em').allTextContents()).toEqual(['recession', 'recesion']);
    expect(await titles()).toEqual(['The Congress']);
    await line.getByRole('button', { name: 'worst recesion' }).click();
    await page.locator('.empty').waitFor();
    expect(await page.locator('.empty h2').textContent()).toContain('worst recesion');
    expect(await line.count()).toBe(0);
  });

  it('completes tag names after tag: and quotes a name with a space', async () => {
    await box().pressSequentially('tag:du', { delay: 20 });
    const option = page.getByRole('option', { name: 'Du lịch' });
    await option.waitFor();
    await box().press('Enter');
    await expect.poll(() => box().inputValue()).toBe('tag:"Du lịch" ');
    await page.locator('.hit').first().waitFor();
    expect(await titles()).toEqual(['Vịnh Hạ Long']);
    // unquoted, the name stops at the space: the search says so
    await box().fill('tag:du lịch');
    await page.locator('.results-head [role=alert]').waitFor();
    expect(await page.locator('.results-head [role=alert]').textContent()).toContain('tag:"Du lịch"');
  });
});
