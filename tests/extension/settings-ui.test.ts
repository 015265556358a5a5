import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, RENDERER_DIR } from '../e2e/support/kho.js';
import { makeTempDir, REPO_ROOT } from '../helpers/paths.js';
import { request } from './support/http.js';
import { serveInProcess, type InProcessServe } from './support/serve.js';

/**
 * Settings > Browser extension in real Chromium against `kho serve` (in-process): a request arriving while
 * the window is open shows up at once (Server-Sent Events) with its code and a toast; Approve lets the
 * extension's poll collect its token, which then saves; Deny is told to the browser; Revoke makes the token
 * useless at once.
 */

const SHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
const EXT = `chrome-extension://${'f'.repeat(32)}`;
const ready = existsSync(CHROMIUM) && existsSync(path.join(RENDERER_DIR, 'index.html'));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PAGE = `<!doctype html><html><head><title>Bún chả</title></head><body><article><h1>Bún chả</h1>
<p>Bún chả là món ăn trưa quen thuộc của người Hà Nội, với thịt nướng trên than hoa và nước chấm chua ngọt.</p>
<p>Ăn kèm rau sống và bún rối; nhiều quán chỉ bán vào buổi trưa cho đến khi hết hàng.</p></article></body></html>`;

const tmp = makeTempDir('kho-settings-ui-');
let kho: InProcessServe;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!ready) return;
  mkdirSync(SHOTS, { recursive: true });
  kho = await serveInProcess(path.join(tmp.dir, 'data'), ['--connector-port', '0']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(kho.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.locator('#connector-settings').waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await kho?.stop();
  tmp.cleanup();
});

async function ask(name: string): Promise<{ pairing_id: string; code: string }> {
  const r = await request(kho.connectorPort!, {
    path: '/connector/pair',
    origin: EXT,
    body: JSON.stringify({ name }),
  });
  return r.json?.value as { pairing_id: string; code: string };
}

async function poll(id: string): Promise<{ status: string; token?: string }> {
  const r = await request(kho.connectorPort!, {
    path: '/connector/pair-status',
    origin: EXT,
    body: JSON.stringify({ pairing_id: id }),
  });
  return r.json?.value as { status: string; token?: string };
}

async function save(token: string): Promise<number | null> {
  const r = await request(kho.connectorPort!, {
    path: '/connector/save',
    origin: EXT,
    token,
    body: JSON.stringify({ kind: 'page', url: 'https://example.com/bun-cha', html: PAGE }),
  });
  return r.status;
}

describe.skipIf(!ready)('Settings > Browser extension (kho serve, Chromium)', { timeout: 60_000 }, () => {
  it('shows the receiver and a request as it arrives; Approve lets the browser collect its token and save', async () => {
    const section = page.locator('#connector-settings');
    await expect
      .poll(() => section.locator('.connector-receiver').textContent())
      .toBe(`Kho answers the browser extension on 127.0.0.1:${kho.connectorPort}.`);
    expect(await section.textContent()).toContain('No browser is paired yet.');

    const asked = await ask('Chromium on Linux');
    const request = section.locator('.pairing-request');
    await request.waitFor();
    expect(await request.locator('.pair-code').textContent()).toBe(`Pairing code: ${asked.code}`);
    expect(await request.textContent()).toContain(EXT);
    await page
      .locator('.toast', {
        hasText: `Browser “Chromium on Linux” asks to save into Kho (code ${asked.code}).`,
      })
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'settings-browser-extension-request.png') });
    await axe(page);

    expect(await poll(asked.pairing_id)).toEqual({ status: 'pending' });
    await request.getByRole('button', { name: 'Approve' }).click();
    await section.locator('.pairing-request[data-state="approved"]').waitFor();
    const answer = await poll(asked.pairing_id);
    expect(answer.status).toBe('approved');
    expect(await save(answer.token!)).toBe(200);

    const paired = section.locator('.paired-browser');
    await paired.waitFor();
    await expect.poll(() => section.locator('.pairing-request').count()).toBe(0);
    // The save counted as a use: Settings hears of it.
    await expect.poll(() => paired.textContent()).toMatch(/Chromium on Linux.*Paired .* · last used /);
    await page.screenshot({ path: path.join(SHOTS, 'settings-browser-extension-paired.png') });

    await paired.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => section.locator('.paired-browser').count()).toBe(0);
    expect(await save(answer.token!)).toBe(401);
    expect(await section.textContent()).toContain('No browser is paired yet.');
  });

  it('Deny is what the asking browser hears', async () => {
    const asked = await ask('Firefox on Linux');
    const request = page.locator('#connector-settings .pairing-request', { hasText: 'Firefox on Linux' });
    await request.getByRole('button', { name: 'Deny' }).click();
    await expect.poll(() => request.count()).toBe(0);
    expect(await poll(asked.pairing_id)).toEqual({ status: 'denied' });
    expect((await kho.api<{ browsers: unknown[] }>('connector.pairings', {})).browsers).toEqual([]);
  });
});

/** axe-core on the open dialog; serious and critical violations fail. */
async function axe(p: Page): Promise<void> {
  await p.evaluate(`${AXE_SOURCE}\n;void 0`);
  const violations = (await p.evaluate(async () => {
    const w = window as unknown as {
      axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> };
    };
    return (await w.axe.run('#connector-settings', { resultTypes: ['violations'] })).violations;
  })) as Array<{ id: string; impact: string | null; help: string }>;
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}
