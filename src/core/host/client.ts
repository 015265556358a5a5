import { KhoError } from '../../shared/errors.js';
import { makeEvent, type KhoEvent } from '../../shared/events.js';
import type {
  HostAsset,
  HostChannel,
  HostOpenOptions,
  HostReply,
  HostRequest,
  LogLevel,
} from './protocol.js';

export interface ArchiveHostOptions {
  /** Starts one host process (Electron: a utilityProcess; Node: a fork of entry.ts). */
  spawn(): HostChannel;
  open: HostOpenOptions;
  /** Every event of the archive, and `archive.restarted` when the host had to be started again. */
  onEvent(event: KhoEvent): void;
  log?(level: LogLevel, message: string): void;
  /** More crashes than this within a minute and the host is left stopped (default 3). */
  maxRestartsPerMinute?: number;
}

export interface CallOptions {
  /** The transport's words for refusing inputs that name local files (see HostRequest). */
  refuseLocalPaths?: string;
}

type Pending = { resolve(value: unknown): void; reject(error: KhoError): void };
type Request = HostRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * The parent's side of the archive host: starts it, routes calls to it and events from it, and starts it
 * again when it dies unexpectedly. Calls in flight when it dies fail with a clear error, callers are told
 * with an `archive.restarted` event, and calls made while it restarts wait for it. Nothing here blocks:
 * every call is one message out and one message back.
 */
export class ArchiveHost {
  private channel: HostChannel | null = null;
  private ready: Promise<void> = Promise.reject(new KhoError('INTERNAL', 'The archive is not open yet.'));
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closing = false;
  private stopped: KhoError | null = null;
  private crashes: number[] = [];

  constructor(private readonly options: ArchiveHostOptions) {
    this.ready.catch(() => undefined);
  }

  /** Starts the host and opens the archive; rejects with the archive's own error if it cannot be opened. */
  start(): Promise<void> {
    this.launch();
    return this.ready;
  }

  private launch(): void {
    const channel = this.options.spawn();
    this.channel = channel;
    let settle!: { resolve(): void; reject(e: KhoError): void };
    this.ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    this.ready.catch(() => undefined);
    let opened = false;
    channel.onMessage((message: HostReply) => {
      switch (message.type) {
        case 'opened':
          opened = true;
          settle.resolve();
          return;
        case 'open-failed':
          // An archive that cannot be opened (locked, corrupt, newer) will not open on a retry either.
          this.stopped = KhoError.from(message.error);
          settle.reject(this.stopped);
          channel.kill();
          return;
        case 'event':
          this.options.onEvent(message.event);
          return;
        case 'log':
          this.options.log?.(message.level, message.message);
          return;
        case 'result': {
          const p = this.pending.get(message.id);
          if (!p) return;
          this.pending.delete(message.id);
          if (message.ok) p.resolve(message.value);
          else p.reject(KhoError.from(message.error));
          return;
        }
      }
    });
    channel.onExit((code) => {
      if (channel !== this.channel) return;
      this.channel = null;
      if (this.closing || this.stopped) {
        const error = this.stopped ?? new KhoError('INTERNAL', 'The archive is closed.');
        settle.reject(error);
        this.failPending(error);
        return;
      }
      this.crashed(code, opened, settle.reject);
    });
    channel.post({ type: 'open', options: this.options.open });
  }

  private crashed(code: number | null, wasOpen: boolean, rejectReady: (e: KhoError) => void): void {
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < 60_000);
    this.crashes.push(now);
    const restart = wasOpen && this.crashes.length <= (this.options.maxRestartsPerMinute ?? 3);
    const message = restart
      ? "Kho's archive process stopped unexpectedly and is starting again; anything in progress was interrupted — try it again."
      : "Kho's archive process stopped unexpectedly and could not be started again; restart Kho.";
    this.options.log?.('error', `${message} (exit code ${code ?? 'none'})`);
    const error = new KhoError('INTERNAL', message);
    rejectReady(error);
    this.failPending(error);
    this.options.onEvent(makeEvent('archive.restarted', { message }));
    if (restart) this.launch();
    else this.stopped = error;
  }

  private failPending(error: KhoError): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private async request(message: Request): Promise<unknown> {
    if (this.stopped) throw this.stopped;
    await this.ready;
    const channel = this.channel;
    if (!channel) throw this.stopped ?? new KhoError('INTERNAL', 'The archive is closed.');
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      channel.post({ ...message, id } as HostRequest);
    });
  }

  /** Runs one contract operation in the host; validation happens there, through `callOperation`. */
  call(name: string, input: unknown, options: CallOptions = {}): Promise<unknown> {
    return this.request({
      type: 'call',
      name,
      input,
      ...(options.refuseLocalPaths ? { refuseLocalPaths: options.refuseLocalPaths } : {}),
    });
  }

  async getAsset(sha256: string): Promise<HostAsset | null> {
    return (await this.request({ type: 'asset', sha256 })) as HostAsset | null;
  }

  /** Closes the archive (the host flushes and exits). */
  async close(): Promise<void> {
    if (this.closing) return;
    // Set first: the host exits once it has closed, and that exit is not a crash.
    this.closing = true;
    const channel = this.channel;
    if (!channel || this.stopped) return;
    const id = this.nextId++;
    const closed = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    channel.post({ type: 'close', id });
    await closed.catch(() => channel.kill());
  }
}
