import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pairing, SETTINGS_KEY, settingsPairingStorage } from '../../src/server/connector/pairing.js';
import { tempArchive } from '../helpers/archive.js';
import { failure } from '../helpers/failure.js';

const CHROME = `chrome-extension://${'a'.repeat(32)}`;
const OTHER = `chrome-extension://${'b'.repeat(32)}`;

let kho: Awaited<ReturnType<typeof tempArchive>>;
beforeEach(async () => {
  kho = await tempArchive();
});
afterEach(async () => {
  await kho.close();
});

describe('pairing browsers with Kho', () => {
  it('approving by the shown code hands the token over once, to the origin that asked, and persists only its hash', async () => {
    const storage = settingsPairingStorage(kho.archive.handlers);
    const pairing = await Pairing.open(storage);
    const asked = pairing.request('Chromium on Linux', CHROME);
    expect(asked.code).toMatch(/^\d{3} \d{3}$/);
    expect(pairing.pending().map((p) => p.id)).toEqual([asked.id]);
    expect(pairing.status(asked.id, CHROME)).toEqual({ status: 'pending' });

    const browser = await pairing.approve(asked.code.replace(' ', ''));
    expect(browser.name).toBe('Chromium on Linux');
    expect(pairing.pending()).toEqual([]);
    // Another origin polling the same id learns nothing; the asker gets the token exactly once.
    expect(pairing.status(asked.id, OTHER)).toEqual({ status: 'expired' });
    const answer = pairing.status(asked.id, CHROME);
    expect(answer.status).toBe('approved');
    const token = answer.token!;
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(pairing.status(asked.id, CHROME)).toEqual({ status: 'expired' });

    expect(pairing.verify(token, CHROME)?.id).toBe(browser.id);
    expect(pairing.verify(token, OTHER)).toBeNull();
    expect(pairing.verify(`${token}x`, CHROME)).toBeNull();
    expect(pairing.verify(null, CHROME)).toBeNull();

    await pairing.flush();
    const { values } = await kho.call('settings.get', {});
    const stored = JSON.stringify(values[SETTINGS_KEY]);
    expect(stored).not.toContain(token);
    expect(stored).toContain(browser.id);
    // A new process (the app after a restart) knows the browser.
    const again = await Pairing.open(storage);
    expect(again.verify(token, CHROME)?.name).toBe('Chromium on Linux');
    expect(again.browsers()[0]?.last_used).not.toBeNull();
  });

  it('a denied or expired request gives no token; a revoked browser is refused at once', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const pairing = await Pairing.open(settingsPairingStorage(kho.archive.handlers), {
      now: () => now,
      ttlMs: 60_000,
    });
    const denied = pairing.request('Firefox on Linux', CHROME);
    pairing.deny(denied.code);
    expect(pairing.status(denied.id, CHROME)).toEqual({ status: 'denied' });

    const late = pairing.request('Firefox on Linux', CHROME);
    now += 61_000;
    expect(pairing.pending()).toEqual([]);
    expect(await failure(pairing.approve(late.code))).toMatchObject({ code: 'NOT_FOUND' });
    expect(pairing.status(late.id, CHROME)).toEqual({ status: 'expired' });

    const ok = pairing.request('Firefox on Linux', CHROME);
    const browser = await pairing.approve(ok.id);
    const token = pairing.status(ok.id, CHROME).token!;
    expect(pairing.verify(token, CHROME)).not.toBeNull();
    expect(await pairing.revoke(browser.id)).toBe(true);
    expect(pairing.verify(token, CHROME)).toBeNull();
    expect(await pairing.revoke(browser.id)).toBe(false);
    expect(
      await Pairing.open(settingsPairingStorage(kho.archive.handlers)).then((p) => p.browsers()),
    ).toEqual([]);
  });

  it('pairing the same extension again replaces its old token; too many waiting requests are refused', async () => {
    const pairing = await Pairing.open(settingsPairingStorage(kho.archive.handlers), { maxPending: 2 });
    const first = pairing.request('Chromium', CHROME);
    await pairing.approve(first.code);
    const oldToken = pairing.status(first.id, CHROME).token!;
    const second = pairing.request('Chromium', CHROME);
    await pairing.approve(second.code);
    const newToken = pairing.status(second.id, CHROME).token!;
    expect(pairing.browsers()).toHaveLength(1);
    expect(pairing.verify(oldToken, CHROME)).toBeNull();
    expect(pairing.verify(newToken, CHROME)).not.toBeNull();

    pairing.request('a', CHROME);
    pairing.request('b', OTHER);
    expect((await failure(Promise.resolve().then(() => pairing.request('c', OTHER)))).message).toMatch(
      /2 pairing requests are already waiting/,
    );
  });

  it('a damaged settings entry means browsers pair again, not that the connector cannot start', async () => {
    await kho.call('settings.set', { key: SETTINGS_KEY, value: [{ id: 1, nonsense: true }] });
    const pairing = await Pairing.open(settingsPairingStorage(kho.archive.handlers));
    expect(pairing.browsers()).toEqual([]);
  });
});
