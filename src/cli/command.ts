import type { ParseArgsConfig } from 'node:util';
import type { OperationName, OperationOutput } from '../shared/contract.js';
import type { Archive } from '../core/archive.js';
import type { CliIo } from './io.js';
import type { Style } from './style.js';

/** What every command gets for one run: output helpers and the run's surroundings. */
export interface BaseCtx {
  json: boolean;
  s: Style;
  io: CliIo;
  out(text: string): void;
  err(text: string): void;
  /** A path argument, resolved against the run's working folder. */
  resolvePath(p: string): string;
  /** The archive folder the run names (--data, $KHO_DATA_DIR, else the app's). */
  dataDir: string;
}

/** What a command gets for one run: the open archive, output helpers and the run's surroundings. */
export interface Ctx extends BaseCtx {
  archive: Archive;
  call<N extends OperationName>(name: N, input: unknown): Promise<OperationOutput<N>>;
  /** Draws a job's progress on stderr (terminals only); returns the stop function. */
  progress(jobId: string, label: string): () => void;
  /** A job id unique to this run, so its progress events never mix with another run's job. */
  jobId(kind: string): string;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

interface CommandBase {
  usage: string;
  summary: string;
  options?: ParseArgsConfig['options'];
}

/** A command that works without opening the archive at --data (restore writes a new one there). */
export interface StandaloneCommand extends CommandBase {
  standalone: true;
  run(ctx: BaseCtx, positionals: string[], values: Values): Promise<void>;
}

export type Command = ArchiveCommand | StandaloneCommand;

export interface ArchiveCommand extends CommandBase {
  standalone?: false;
  /** Long-running commands (serve) keep search in a worker thread so queries never block requests. */
  searchInWorker?: boolean;
  /** Long-running commands (serve) also fetch queued pages in the background, as the app does. */
  runFetchQueue?: boolean;
  /** Long-running commands (serve) re-check the archive file periodically, as the app does. */
  checkIntegrityPeriodically?: boolean;
  /** Long-running commands (serve) also make automatic backups on the archive's schedule. */
  runBackupSchedule?: boolean;
  run(ctx: Ctx, positionals: string[], values: Values): Promise<void>;
}

export const JSON_OPT = { json: { type: 'boolean' as const } };
