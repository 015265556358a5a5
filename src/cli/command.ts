import type { ParseArgsConfig } from 'node:util';
import type { OperationName, OperationOutput } from '../shared/contract.js';
import type { Archive } from '../core/archive.js';
import type { CliIo } from './io.js';
import type { Style } from './style.js';

/** What a command gets for one run: the open archive, output helpers and the run's surroundings. */
export interface Ctx {
  archive: Archive;
  json: boolean;
  s: Style;
  io: CliIo;
  out(text: string): void;
  err(text: string): void;
  call<N extends OperationName>(name: N, input: unknown): Promise<OperationOutput<N>>;
  /** Draws a job's progress on stderr (terminals only); returns the stop function. */
  progress(jobId: string, label: string): () => void;
  /** A job id unique to this run, so its progress events never mix with another run's job. */
  jobId(kind: string): string;
  /** A path argument, resolved against the run's working folder. */
  resolvePath(p: string): string;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  usage: string;
  summary: string;
  options?: ParseArgsConfig['options'];
  /** Long-running commands (serve) keep search in a worker thread so queries never block requests. */
  searchInWorker?: boolean;
  /** Long-running commands (serve) also fetch queued pages in the background, as the app does. */
  runFetchQueue?: boolean;
  run(ctx: Ctx, positionals: string[], values: Values): Promise<void>;
}

export const JSON_OPT = { json: { type: 'boolean' as const } };
