import type { SerializedError } from '../../shared/errors.js';
import type { KhoEvent } from '../../shared/events.js';

/**
 * The archive host's messages. The host is a process of its own that owns `openArchive` (SQLite, capture,
 * imports, re-anchoring, export, the search worker); its parent (the Electron main process, later
 * `kho serve`) only routes requests to it and events from it. Messages are structured-cloned, so bytes
 * travel as bytes.
 */

export interface HostOpenOptions {
  dataDir: string;
  /** better_sqlite3.node for the host's runtime (Electron's ABI build in the app). */
  nativeBinding?: string;
  searchInWorker: boolean;
  watchExternalChanges: boolean;
  /** Fetch queued pages in the background while the archive is open. */
  runFetchQueue?: boolean;
  /**
   * Full integrity check period; the host is long-lived, so it checks every PERIODIC_INTEGRITY_CHECK_MS
   * (src/core/archive.ts) unless told otherwise (tests use a short one; 0 turns it off).
   */
  integrityCheckEveryMs?: number;
  /** Make automatic backups on the archive's schedule. */
  runBackupSchedule?: boolean;
  /** Seed a new archive with this Markdown article, once (the app's default archive). */
  sampleArticle?: string;
  /**
   * Answer the browser extension on 127.0.0.1:`port` once the archive is open (src/host/entry.ts starts
   * the connector; 0 picks a free port, for tests). A taken port is reported, never fatal.
   */
  connector?: { port: number };
}

/** Parent -> host. */
export type HostRequest =
  | { type: 'open'; options: HostOpenOptions }
  | {
      type: 'call';
      id: number;
      name: string;
      input: unknown;
      /**
       * Set for callers that must not make Kho read files by path (the window over IPC): the transport's
       * words for the refusal, e.g. 'over IPC from the window'. Unset for the parent's own calls (paths it
       * got from a native dialog).
       */
      refuseLocalPaths?: string;
    }
  | { type: 'asset'; id: number; sha256: string }
  | { type: 'close'; id: number };

export interface HostAsset {
  mime: string;
  bytes: Uint8Array;
}

/** Host -> parent. */
export type HostReply =
  | { type: 'opened'; dataDir: string }
  | { type: 'open-failed'; error: SerializedError }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: SerializedError }
  | { type: 'event'; event: KhoEvent }
  | { type: 'log'; level: LogLevel; message: string };

export type LogLevel = 'info' | 'warn' | 'error';

/** The host's link to its parent (Electron's parentPort, or a forked child's IPC channel). */
export interface HostPort {
  post(message: HostReply): void;
  onMessage(listener: (message: HostRequest) => void): void;
}

/** The parent's link to one running host process (an Electron utilityProcess, or a forked child). */
export interface HostChannel {
  post(message: HostRequest): void;
  onMessage(listener: (message: HostReply) => void): void;
  /** Called once when the process ends, for whatever reason. */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}
