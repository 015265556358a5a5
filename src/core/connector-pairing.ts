import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  PairedBrowser,
  PendingPairing,
  type ConnectorPairings,
  type ReceiverState,
} from '../shared/connector-protocol.js';
import type { OperationOutput } from '../shared/contract.js';
import { KhoError } from '../shared/errors.js';
import type { PairingChange } from '../shared/event-names.js';
import type { SettingsRepo } from './db/settings-repo.js';
import type { EventHub } from './events.js';
import type { ArchiveContext } from './handlers/context.js';

/**
 * Pairing of browsers with Kho, once per browser, as part of the archive, so the receiver, every window
 * and `kho serve` see the same state: the extension asks (`request`), Kho shows a short code, the person
 * compares it with the code in the extension's popup and approves in Settings; the extension, polling,
 * collects a per-browser token once (`status`) and sends it with every request (`verify`).
 *
 * Both lists live in the archive's settings table (hidden from `settings.get`, refused by `settings.set`):
 * - pending requests (`connector.pending`), which expire after a few minutes. An approval only marks the
 *   request; the token is made when the asking origin collects it, so no plain token is ever stored, and
 *   a request made to `kho serve` can be approved from the app (or the other way round);
 * - paired browsers (`connector.browsers`): only the token's SHA-256, bound to the origin that asked, so
 *   a token copied into another extension or a web page is useless. `verify` reads them on every call, so
 *   a browser revoked in any process is refused at once.
 * Writes run in one IMMEDIATE transaction each (read, change, write), so two processes cannot lose each
 * other's changes; they announce `connector.pairing` events rather than `archive.changed`.
 */

export const CONNECTOR_SETTINGS_PREFIX = 'connector.';
export const BROWSERS_KEY = 'connector.browsers';
export const PENDING_KEY = 'connector.pending';

/** Keys managed here, which the settings operations neither show nor change. */
export function isConnectorSettingKey(key: string): boolean {
  return key.startsWith(CONNECTOR_SETTINGS_PREFIX);
}

const StoredBrowser = PairedBrowser.extend({ token_sha256: z.string().regex(/^[0-9a-f]{64}$/) });
type StoredBrowser = z.infer<typeof StoredBrowser>;
/** A denied request stays until the browser has read "denied" once (or it expires). */
const StoredPending = PendingPairing.extend({
  state: z.enum(['pending', 'approved', 'denied']),
  expires_ms: z.number(),
});
type StoredPending = z.infer<typeof StoredPending>;

type PairStatus = OperationOutput<'connector.pairStatus'>;

/** How long a request waits for approval. */
const REQUEST_TTL_MS = 5 * 60_000;
/** Requests waiting at once; more are refused so a runaway caller cannot flood Kho's prompt. */
const MAX_WAITING = 5;
/** last_used is written at most this often per browser. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** An approval made just before a request expired still leaves the browser this long to collect. */
const COLLECT_GRACE_MS = 60_000;

export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** "482 913": six digits, easy to compare at a glance. */
function newCode(): string {
  const n = randomInt(0, 1_000_000).toString().padStart(6, '0');
  return `${n.slice(0, 3)} ${n.slice(3)}`;
}

function parseList<T>(schema: z.ZodType<T>, value: unknown): T[] {
  // A damaged entry only means those browsers pair again; it must never keep Kho from answering.
  const parsed = z.array(schema).safeParse(value ?? []);
  return parsed.success ? parsed.data : [];
}

export class ConnectorPairing {
  private receiver: ReceiverState = { state: 'off', port: null, message: null };
  private readonly now = Date.now;

  constructor(
    private readonly settings: SettingsRepo,
    private readonly write: ArchiveContext['write'],
    private readonly hub: EventHub,
  ) {}

  /** A browser asks to pair. */
  request(name: string, origin: string): { id: string; code: string; expires_at: string } {
    const created = this.change(() => {
      const pending = this.readPending();
      const waiting = pending.filter((p) => p.state === 'pending');
      if (waiting.length >= MAX_WAITING) {
        throw new KhoError(
          'CONFLICT',
          `${waiting.length} pairing requests are already waiting; approve or deny them in Kho first.`,
        );
      }
      let code = newCode();
      while (pending.some((p) => p.code === code)) code = newCode();
      const expiresMs = this.now() + REQUEST_TTL_MS;
      const request: StoredPending = {
        id: randomBytes(16).toString('base64url'),
        code,
        name: name.normalize('NFC'),
        origin,
        expires_at: new Date(expiresMs).toISOString(),
        expires_ms: expiresMs,
        state: 'pending',
      };
      this.settings.set(PENDING_KEY, [...pending, request]);
      return request;
    });
    this.announce('requested', created.id, created.name, created.code);
    return { id: created.id, code: created.code, expires_at: created.expires_at };
  }

  /**
   * What the asking browser sees when it polls. An approved request becomes a paired browser here, and
   * its token is returned this once, only to the origin that asked; afterwards the request is gone.
   */
  status(id: string, origin: string): PairStatus {
    const found = this.readPending().find((p) => p.id === id && p.origin === origin);
    if (!found) return { state: 'expired' };
    if (found.state === 'pending') return { state: 'pending' };
    const answer = this.change((): { state: PairStatus['state']; token?: string; name?: string } => {
      // Read again inside the transaction: another process may have collected it meanwhile.
      const pending = this.readPending();
      const p = pending.find((x) => x.id === id && x.origin === origin);
      if (!p) return { state: 'expired' };
      if (p.state === 'pending') return { state: 'pending' };
      this.settings.set(
        PENDING_KEY,
        pending.filter((x) => x.id !== id),
      );
      if (p.state === 'denied') return { state: 'denied' };
      const token = randomBytes(32).toString('base64url');
      const browser: StoredBrowser = {
        id: randomBytes(9).toString('base64url'),
        name: p.name,
        origin: p.origin,
        token_sha256: sha256Hex(token),
        paired_at: new Date(this.now()).toISOString(),
        last_used: null,
      };
      // A browser pairing again (its storage was cleared) replaces its old entry and old token.
      this.settings.set(BROWSERS_KEY, [...this.readBrowsers().filter((b) => b.origin !== p.origin), browser]);
      return { state: 'approved', token, name: browser.name };
    });
    if (answer.token === undefined) return { state: answer.state };
    this.announce('paired', id, answer.name ?? '', null);
    return { state: 'approved', token: answer.token };
  }

  /** The paired browser owning this token, if presented by the origin it was given to. */
  verify(token: string, origin: string): { browser_id: string | null } {
    if (!token) return { browser_id: null };
    const given = Buffer.from(sha256Hex(token), 'hex');
    const browser = this.readBrowsers().find(
      (b) => timingSafeEqual(given, Buffer.from(b.token_sha256, 'hex')) && b.origin === origin,
    );
    if (!browser) return { browser_id: null };
    this.touch(browser);
    return { browser_id: browser.id };
  }

  list(): ConnectorPairings {
    return {
      pending: this.readPending().flatMap(({ id, code, name, origin, expires_at, state }) =>
        state === 'denied' ? [] : [{ id, code, name, origin, expires_at, state } satisfies PendingPairing],
      ),
      browsers: this.readBrowsers().map(({ token_sha256: _hash, ...b }) => b),
      receiver: { ...this.receiver },
    };
  }

  /** The person approved this request (Settings, or `kho serve`'s terminal). */
  approve(id: string): ConnectorPairings {
    const p = this.decide(id, (found) => {
      const expiresMs = Math.max(found.expires_ms, this.now() + COLLECT_GRACE_MS);
      return {
        ...found,
        state: 'approved',
        expires_ms: expiresMs,
        expires_at: new Date(expiresMs).toISOString(),
      };
    });
    this.announce('approved', p.id, p.name, p.code);
    return this.list();
  }

  /** The person refused this request; the browser is told once, then it is forgotten. */
  deny(id: string): ConnectorPairings {
    const p = this.decide(id, (found) => ({ ...found, state: 'denied' }));
    this.announce('denied', p.id, p.name, p.code);
    return this.list();
  }

  /** Unpairs a browser: its token stops working at once. */
  revoke(browserId: string): ConnectorPairings {
    const gone = this.change(() => {
      const browsers = this.readBrowsers();
      const b = browsers.find((x) => x.id === browserId);
      if (!b) {
        throw new KhoError(
          'NOT_FOUND',
          'That browser is not paired with Kho (its pairing may have been removed already).',
        );
      }
      this.settings.set(
        BROWSERS_KEY,
        browsers.filter((x) => x.id !== browserId),
      );
      return b;
    });
    this.announce('revoked', gone.id, gone.name, null);
    return this.list();
  }

  /** The transport that answers the extension (the archive host, `kho serve`) says how it went. */
  setReceiver(state: ReceiverState): void {
    this.receiver = { ...state };
    this.hub.emit('connector.receiver', { ...state });
  }

  /** Answers a request still waiting: `next` is what it becomes. */
  private decide(id: string, next: (p: StoredPending) => StoredPending): StoredPending {
    return this.change(() => {
      const pending = this.readPending();
      const p = pending.find((x) => x.id === id && x.state === 'pending');
      if (!p) {
        throw new KhoError(
          'NOT_FOUND',
          'No browser is waiting for that answer any more (the request expired or was answered already).',
        );
      }
      this.settings.set(
        PENDING_KEY,
        pending.map((x) => (x.id === id ? next(x) : x)),
      );
      return p;
    });
  }

  private touch(b: StoredBrowser): void {
    const now = this.now();
    if (b.last_used && now - Date.parse(b.last_used) < LAST_USED_RESOLUTION_MS) return;
    try {
      this.change(() => {
        const browsers = this.readBrowsers();
        this.settings.set(
          BROWSERS_KEY,
          browsers.map((x) => (x.id === b.id ? { ...x, last_used: new Date(now).toISOString() } : x)),
        );
      });
    } catch {
      // Only the "last used" date was lost (the archive was busy); the next request tries again.
      return;
    }
    this.announce('used', b.id, b.name, null);
  }

  private readPending(): StoredPending[] {
    const now = this.now();
    return parseList(StoredPending, this.settings.get(PENDING_KEY)).filter((p) => p.expires_ms > now);
  }

  private readBrowsers(): StoredBrowser[] {
    return parseList(StoredBrowser, this.settings.get(BROWSERS_KEY));
  }

  /** One transaction that changes pairing state only: nothing a list or the reader shows. */
  private change<T>(fn: () => T): T {
    return this.write({ areas: [] }, fn);
  }

  private announce(change: PairingChange, id: string, name: string, code: string | null): void {
    this.hub.emit('connector.pairing', { change, id, name, code });
  }
}
