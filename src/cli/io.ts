import { Readable } from 'node:stream';

/** Where a run writes: process.stdout/stderr for the real command, a collector in tests. */
export interface CliWriter {
  write(text: string): unknown;
  /** Terminals get colours and progress bars. */
  readonly isTTY?: boolean;
}

/** Standard input: a stream (process.stdin), or bytes/text already in hand (tests, embedding). */
export type CliStdin = AsyncIterable<Buffer | string> | Buffer | string;

/**
 * Everything one run of `kho` may use from its surroundings. runCli reads no process globals, so it can
 * run many times in one process (the test suite does).
 */
export interface CliIo {
  stdout: CliWriter;
  stderr: CliWriter;
  stdin: CliStdin;
  env: NodeJS.ProcessEnv;
  /** Relative paths in arguments resolve against this folder. */
  cwd: string;
  /** Resolves when a long-running command (`kho serve`) should stop; the real process waits for Ctrl+C. */
  untilStopped(): Promise<void>;
}

/** stdin as a Node stream, for line-by-line reading. */
export function stdinStream(stdin: CliStdin): NodeJS.ReadableStream {
  if (typeof stdin === 'string' || Buffer.isBuffer(stdin)) return Readable.from([stdin]);
  return stdin instanceof Readable ? stdin : Readable.from(stdin);
}
