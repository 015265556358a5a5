import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { KhoHandlers } from '../../shared/contract.js';
import { callOperation } from '../../shared/dispatch.js';
import { KhoError } from '../../shared/errors.js';

/**
 * Pairing of browsers with Kho, once per browser: the extension asks, Kho shows a short code, the person
 * compares it with the code in the extension's popup and approves; the extension then collects a
 * per-browser token (once) and sends it with every request. Kho keeps only the token's SHA-256, bound to
 * the extension origin that asked, so a token copied into another extension or a web page is useless.
 *
 * Pending requests live in memory (they expire after a few minutes); paired browsers are persisted
 * through a small storage interface the caller provides (`settingsPairingStorage` backs it with the
 * settings operations).
 */

export const PairedBrowser = z.object({
  id: z.string(),
  name: z.string(),
  origin: z.string(),
  token_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  paired_at: z.string(),
  last_used: z.string().nullable(),
});
export type PairedBrowser = z.infer<typeof PairedBrowser>;
/** What Settings shows: never the token hash. */
export type PairedBrowserView = Omit<PairedBrowser, 'token_sha256'>;

export interface PendingPairing {
  id: string;
  code: string;
  name: string;
  origin: string;
  expires_at: string;
}

export interface PairingStorage {
  load(): Promise<PairedBrowser[]>;
  save(browsers: PairedBrowser[]): Promise<void>;
}

export interface PairingOptions {
  /** How long a request waits for approval, and an approved token for collection. */
  ttlMs?: number;
  /** Requests waiting at once; more are refused so a runaway caller cannot flood Kho's prompt. */
  maxPending?: number;
  now?: () => number;
}

interface Pending extends PendingPairing {
  expiresMs: number;
  status: 'pending' | 'approved' | 'denied';
  /** The plain token between approval and collection. */
  token?: string;
}

export const SETTINGS_KEY = 'connector.browsers';
/** last_used is written at most this often per browser. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** "482 913": six digits, easy to compare at a glance. */
function newCode(): string {
  const n = randomInt(0, 1_000_000).toString().padStart(6, '0');
  return `${n.slice(0, 3)} ${n.slice(3)}`;
}

function normalizeCode(code: string): string {
  return code.replace(/\s+/g, '');
}

export class Pairing {
  private readonly pendingById = new Map<string, Pending>();
  private saving: Promise<void> = Promise.resolve();
  private readonly ttlMs: number;
  private readonly maxPending: number;
  private readonly now: () => number;

  private constructor(
    private readonly storage: PairingStorage,
    private paired: PairedBrowser[],
    opts: PairingOptions,
  ) {
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.maxPending = opts.maxPending ?? 5;
    this.now = opts.now ?? Date.now;
  }

  static async open(storage: PairingStorage, opts: PairingOptions = {}): Promise<Pairing> {
    return new Pairing(storage, await storage.load(), opts);
  }

  /** A browser asks to pair. */
  request(name: string, origin: string): PendingPairing {
    this.expire();
    const waiting = [...this.pendingById.values()].filter((p) => p.status === 'pending');
    if (waiting.length >= this.maxPending) {
      throw new KhoError(
        'CONFLICT',
        `${waiting.length} pairing requests are already waiting; approve or deny them in Kho first.`,
      );
    }
    let code = newCode();
    while (waiting.some((p) => p.code === code)) code = newCode();
    const expiresMs = this.now() + this.ttlMs;
    const pending: Pending = {
      id: randomBytes(16).toString('base64url'),
      code,
      name: name.normalize('NFC'),
      origin,
      expires_at: new Date(expiresMs).toISOString(),
      expiresMs,
      status: 'pending',
    };
    this.pendingById.set(pending.id, pending);
    return publicPending(pending);
  }

  /** Requests waiting for the person's answer, oldest first. */
  pending(): PendingPairing[] {
    this.expire();
    return [...this.pendingById.values()].filter((p) => p.status === 'pending').map(publicPending);
  }

  /** The person approved the request showing this code (or with this id). */
  async approve(codeOrId: string): Promise<PairedBrowserView> {
    const p = this.find(codeOrId);
    const token = randomBytes(32).toString('base64url');
    const browser: PairedBrowser = {
      id: randomBytes(9).toString('base64url'),
      name: p.name,
      origin: p.origin,
      token_sha256: sha256Hex(token),
      paired_at: new Date(this.now()).toISOString(),
      last_used: null,
    };
    // A browser pairing again (after its storage was cleared) replaces its old entry.
    await this.persist([...this.paired.filter((b) => b.origin !== p.origin), browser]);
    p.status = 'approved';
    p.token = token;
    return publicBrowser(browser);
  }

  deny(codeOrId: string): void {
    this.find(codeOrId).status = 'denied';
  }

  /**
   * What the asking browser sees when it polls. The token is handed over once, and only to the origin
   * that asked; afterwards the request is forgotten.
   */
  status(
    pairingId: string,
    origin: string,
  ): { status: 'pending' | 'approved' | 'denied' | 'expired'; token?: string } {
    this.expire();
    const p = this.pendingById.get(pairingId);
    if (!p || p.origin !== origin) return { status: 'expired' };
    if (p.status === 'pending') return { status: 'pending' };
    this.pendingById.delete(pairingId);
    if (p.status === 'denied') return { status: 'denied' };
    return p.token ? { status: 'approved', token: p.token } : { status: 'expired' };
  }

  browsers(): PairedBrowserView[] {
    return this.paired.map(publicBrowser);
  }

  /** Unpairs a browser: its token stops working at once. */
  async revoke(browserId: string): Promise<boolean> {
    if (!this.paired.some((b) => b.id === browserId)) return false;
    await this.persist(this.paired.filter((b) => b.id !== browserId));
    return true;
  }

  /** The paired browser owning this token, if it is presented by the origin it was given to. */
  verify(token: string | null, origin: string): PairedBrowserView | null {
    if (!token) return null;
    const given = Buffer.from(sha256Hex(token), 'hex');
    for (const b of this.paired) {
      if (timingSafeEqual(given, Buffer.from(b.token_sha256, 'hex')) && b.origin === origin) {
        this.touch(b);
        return publicBrowser(b);
      }
    }
    return null;
  }

  /** Resolves when every change so far is stored. */
  flush(): Promise<void> {
    return this.saving;
  }

  private touch(b: PairedBrowser): void {
    const now = this.now();
    if (b.last_used && now - Date.parse(b.last_used) < LAST_USED_RESOLUTION_MS) return;
    const updated = { ...b, last_used: new Date(now).toISOString() };
    this.persist(this.paired.map((x) => (x.id === b.id ? updated : x))).catch(() => {
      // Only the "last used" date was lost; the next request tries again.
    });
  }

  private persist(next: PairedBrowser[]): Promise<void> {
    this.paired = next;
    const run = this.saving.then(() => this.storage.save(next));
    this.saving = run.catch(() => {});
    return run;
  }

  private find(codeOrId: string): Pending {
    this.expire();
    const wanted = normalizeCode(codeOrId);
    for (const p of this.pendingById.values()) {
      if (p.status === 'pending' && (p.id === codeOrId || normalizeCode(p.code) === wanted)) return p;
    }
    throw new KhoError(
      'NOT_FOUND',
      `No browser is waiting to pair with the code "${codeOrId}" (it may have expired).`,
    );
  }

  private expire(): void {
    const now = this.now();
    for (const [id, p] of this.pendingById) if (p.expiresMs <= now) this.pendingById.delete(id);
  }
}

function publicPending(p: Pending): PendingPairing {
  return { id: p.id, code: p.code, name: p.name, origin: p.origin, expires_at: p.expires_at };
}

function publicBrowser(b: PairedBrowser): PairedBrowserView {
  return { id: b.id, name: b.name, origin: b.origin, paired_at: b.paired_at, last_used: b.last_used };
}

/** Paired browsers kept in the archive's settings (`connector.browsers`), through the contract. */
export function settingsPairingStorage(handlers: KhoHandlers): PairingStorage {
  return {
    async load() {
      const { values } = await callOperation(handlers, 'settings.get', {});
      const parsed = z.array(PairedBrowser).safeParse(values[SETTINGS_KEY] ?? []);
      // A damaged entry only means those browsers pair again; it must not keep the connector from starting.
      return parsed.success ? parsed.data : [];
    },
    async save(browsers) {
      await callOperation(handlers, 'settings.set', { key: SETTINGS_KEY, value: browsers });
    },
  };
}
