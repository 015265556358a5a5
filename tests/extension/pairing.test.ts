import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/core/archive.js';
import { BROWSERS_KEY, PENDING_KEY } from '../../src/core/connector-pairing.js';
import { callOperation } from '../../src/shared/dispatch.js';
import type { KhoEvent } from '../../src/shared/events.js';
import { tempArchive } from '../helpers/archive.js';
import { named } from '../helpers/events.js';
import { failure } from '../helpers/failure.js';

/**
 * Pairing as the archive keeps it, through the contract (`connector.*`): what the receiver, the windows
 * and `kho serve` call. A second archive on the same folder stands for another process (the app while
 * `kho serve` runs).
 */

const CHROME = `chrome-extension://${'a'.repeat(32)}`;
const OTHER = `chrome-extension://${'b'.repeat(32)}`;

let kho: Awaited<ReturnType<typeof tempArchive>>;
let events: KhoEvent[];
beforeEach(async () => {
  kho = await tempArchive();
  events = [];
  kho.archive.subscribe((e) => events.push(e));
});
afterEach(async () => {
  await kho.close();
});

/** The settings row as stored, read with a separate connection (what is on disk). */
function stored(key: string): string {
  const db = new Database(path.join(kho.dir, 'kho.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string }).value;
  } finally {
    db.close();
  }
}

describe('pairing browsers with Kho (connector.* operations)', () => {
  it('approving hands the token over once, to the origin that asked; only its hash is stored', async () => {
    const asked = await kho.call('connector.pair', { name: 'Chromium on Linux', origin: CHROME });
    expect(asked.code).toMatch(/^\d{3} \d{3}$/);
    expect(named(events, 'connector.pairing')).toEqual([
      { change: 'requested', id: asked.id, name: 'Chromium on Linux', code: asked.code },
    ]);
    const listed = await kho.call('connector.pairings', {});
    expect(listed.pending).toEqual([
      expect.objectContaining({ id: asked.id, code: asked.code, origin: CHROME, state: 'pending' }),
    ]);
    expect(listed.browsers).toEqual([]);
    expect(await kho.call('connector.pairStatus', { id: asked.id, origin: CHROME })).toEqual({
      state: 'pending',
    });

    const approved = await kho.call('connector.approve', { id: asked.id });
    expect(approved.pending[0]?.state).toBe('approved');
    // Another origin polling the same id learns nothing; the asker gets the token exactly once.
    expect(await kho.call('connector.pairStatus', { id: asked.id, origin: OTHER })).toEqual({
      state: 'expired',
    });
    const answer = await kho.call('connector.pairStatus', { id: asked.id, origin: CHROME });
    expect(answer.state).toBe('approved');
    const token = answer.token!;
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(await kho.call('connector.pairStatus', { id: asked.id, origin: CHROME })).toEqual({
      state: 'expired',
    });
    expect(named(events, 'connector.pairing').map((e) => e.change)).toEqual([
      'requested',
      'approved',
      'paired',
    ]);

    const { browsers, pending } = await kho.call('connector.pairings', {});
    expect(pending).toEqual([]);
    expect(browsers).toEqual([
      {
        id: expect.any(String),
        name: 'Chromium on Linux',
        origin: CHROME,
        paired_at: expect.any(String),
        last_used: null,
      },
    ]);
    const id = browsers[0]!.id;
    expect(await kho.call('connector.verify', { token, origin: CHROME })).toEqual({ browser_id: id });
    expect(await kho.call('connector.verify', { token, origin: OTHER })).toEqual({ browser_id: null });
    expect(await kho.call('connector.verify', { token: `${token}x`, origin: CHROME })).toEqual({
      browser_id: null,
    });
    expect(await kho.call('connector.verify', { token: '', origin: CHROME })).toEqual({ browser_id: null });

    expect(stored(BROWSERS_KEY)).not.toContain(token);
    expect(stored(BROWSERS_KEY)).toContain(id);
    expect(stored(PENDING_KEY)).not.toContain(token);
    // Pairing state is not a preference: settings neither show nor change it.
    expect(Object.keys((await kho.call('settings.get', {})).values)).toEqual([]);
    const refused = await failure(kho.call('settings.set', { key: BROWSERS_KEY, value: [] }));
    expect(refused.message).toMatch(/belongs to browser pairing/);
    // Another process on the archive (the app after a restart, or beside kho serve) knows the browser.
    const again = await openArchive(kho.dir);
    try {
      expect(await callOperation(again.handlers, 'connector.verify', { token, origin: CHROME })).toEqual({
        browser_id: id,
      });
      const [seen] = (await callOperation(again.handlers, 'connector.pairings', {})).browsers;
      expect(seen?.last_used).not.toBeNull();
    } finally {
      await again.close();
    }
  });

  it('a request made to one process can be approved in another; a revocation anywhere is refused at once', async () => {
    const app = await openArchive(kho.dir);
    try {
      const asked = await kho.call('connector.pair', { name: 'Firefox on Linux', origin: OTHER });
      const seen = await callOperation(app.handlers, 'connector.pairings', {});
      expect(seen.pending.map((p) => p.code)).toEqual([asked.code]);
      await callOperation(app.handlers, 'connector.approve', { id: asked.id });
      const { token } = await kho.call('connector.pairStatus', { id: asked.id, origin: OTHER });
      expect(token).toBeDefined();
      const { browser_id } = await kho.call('connector.verify', { token: token!, origin: OTHER });
      expect(browser_id).not.toBeNull();
      const left = await callOperation(app.handlers, 'connector.revoke', { browser_id: browser_id! });
      expect(left.browsers).toEqual([]);
      expect(await kho.call('connector.verify', { token: token!, origin: OTHER })).toEqual({
        browser_id: null,
      });
      const again = await failure(kho.call('connector.revoke', { browser_id: browser_id! }));
      expect([again.code, again.message]).toEqual(['NOT_FOUND', expect.stringMatching(/not paired/)]);
    } finally {
      await app.close();
    }
  });

  it('a denied request says so once; an answered or unknown request cannot be answered again', async () => {
    const asked = await kho.call('connector.pair', { name: 'Firefox on Linux', origin: CHROME });
    const denied = await kho.call('connector.deny', { id: asked.id });
    expect(denied.pending).toEqual([]);
    expect(await kho.call('connector.pairStatus', { id: asked.id, origin: CHROME })).toEqual({
      state: 'denied',
    });
    expect(await kho.call('connector.pairStatus', { id: asked.id, origin: CHROME })).toEqual({
      state: 'expired',
    });
    const late = await failure(kho.call('connector.approve', { id: asked.id }));
    expect([late.code, late.message]).toEqual([
      'NOT_FOUND',
      expect.stringMatching(/expired or was answered/),
    ]);
    expect((await kho.call('connector.pairings', {})).browsers).toEqual([]);
    expect(named(events, 'connector.pairing').map((e) => e.change)).toEqual(['requested', 'denied']);
  });

  it('pairing the same extension again replaces its old token; too many waiting requests are refused', async () => {
    const pairOnce = async (): Promise<string> => {
      const asked = await kho.call('connector.pair', { name: 'Chromium', origin: CHROME });
      await kho.call('connector.approve', { id: asked.id });
      return (await kho.call('connector.pairStatus', { id: asked.id, origin: CHROME })).token!;
    };
    const oldToken = await pairOnce();
    const newToken = await pairOnce();
    expect((await kho.call('connector.pairings', {})).browsers).toHaveLength(1);
    expect((await kho.call('connector.verify', { token: oldToken, origin: CHROME })).browser_id).toBeNull();
    expect(
      (await kho.call('connector.verify', { token: newToken, origin: CHROME })).browser_id,
    ).not.toBeNull();

    for (let i = 0; i < 5; i++) await kho.call('connector.pair', { name: `b${i}`, origin: OTHER });
    const flood = await failure(kho.call('connector.pair', { name: 'one more', origin: OTHER }));
    expect([flood.code, flood.message]).toEqual([
      'CONFLICT',
      expect.stringMatching(/5 pairing requests are already waiting/),
    ]);
    const blank = await failure(kho.call('connector.pair', { name: '  ', origin: OTHER }));
    expect(blank.message).toMatch(/Give the browser a name/);
  });

  it('requests expire; a damaged stored list means browsers pair again, not that Kho stops answering', async () => {
    const asked = await kho.call('connector.pair', { name: 'Chromium', origin: CHROME });
    // The stored request's expiry, moved into the past, as minutes passing would.
    const db = new Database(path.join(kho.dir, 'kho.sqlite'));
    const list = JSON.parse(stored(PENDING_KEY)) as Array<{ expires_ms: number }>;
    db.prepare('UPDATE settings SET value = ? WHERE key = ?').run(
      JSON.stringify(list.map((p) => ({ ...p, expires_ms: Date.now() - 1 }))),
      PENDING_KEY,
    );
    expect((await kho.call('connector.pairings', {})).pending).toEqual([]);
    expect(await kho.call('connector.pairStatus', { id: asked.id, origin: CHROME })).toEqual({
      state: 'expired',
    });
    expect((await failure(kho.call('connector.approve', { id: asked.id }))).code).toBe('NOT_FOUND');

    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(
      BROWSERS_KEY,
      '[{"id":1,"nonsense":true}]',
    );
    db.close();
    expect((await kho.call('connector.pairings', {})).browsers).toEqual([]);
    expect(
      (await kho.call('connector.verify', { token: 'x'.repeat(43), origin: CHROME })).browser_id,
    ).toBeNull();
    // And pairing works again over it.
    const next = await kho.call('connector.pair', { name: 'Chromium', origin: CHROME });
    await kho.call('connector.approve', { id: next.id });
    const { token } = await kho.call('connector.pairStatus', { id: next.id, origin: CHROME });
    expect((await kho.call('connector.verify', { token: token!, origin: CHROME })).browser_id).not.toBeNull();
  });

  it("a browser's name is cleaned like every label: no terminal escapes or direction overrides, and never empty", async () => {
    const asked = await kho.call('connector.pair', {
      name: '\u001b]0;pwned\u0007Chro\u202emium\n on  Linux ',
      origin: CHROME,
    });
    expect(named(events, 'connector.pairing')[0]?.name).toBe(']0;pwned Chromium on Linux');
    expect((await kho.call('connector.pairings', {})).pending[0]).toMatchObject({
      id: asked.id,
      name: ']0;pwned Chromium on Linux',
    });
    const empty = await failure(kho.call('connector.pair', { name: '\u0007 \u202e', origin: OTHER }));
    expect(empty.code).toBe('INVALID_INPUT');
    expect(empty.message).toMatch(/Give the browser a name/);
  });
});
