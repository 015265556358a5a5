import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { KhoError } from '../shared/errors.js';
import type { Archive } from '../core/archive.js';
import { resolveDataDir } from '../core/paths.js';
import { KHO_VERSION } from '../core/version.js';
import { parseCommandArgs } from './args.js';
import type { Ctx, Values } from './command.js';
import { commands } from './commands/index.js';
import { commandHelp, helpText } from './help.js';
import type { CliIo } from './io.js';
import { showProgress } from './output.js';
import { colourEnabled, makeStyle } from './style.js';
import { blockText } from './terminal-text.js';

export type { CliIo, CliStdin, CliWriter } from './io.js';

const EXIT_CODES: Partial<Record<KhoError['code'], number>> = {
  INVALID_INPUT: 2,
  BAD_QUERY: 2,
  AMBIGUOUS: 2,
  NOT_FOUND: 3,
  ARCHIVE_LOCKED: 4,
  ARCHIVE_CORRUPT: 5,
  ARCHIVE_READ_ONLY: 6,
};

/**
 * Runs one `kho` command line and returns its exit code. Errors are one specific line on stderr. Nothing
 * here exits the process or reads process globals, and the archive is closed however the run ends.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const s = makeStyle(colourEnabled(io.stdout, io.env));
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(helpText(commands, s));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(KHO_VERSION + '\n');
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`kho: unknown command "${blockText(name)}". Run "kho help" for the list.\n`);
    return 2;
  }
  let archive: Archive | undefined;
  try {
    const { positionals, values } = parseCommandArgs(command, rest);
    if (values.help) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    const base = {
      json: values.json === true,
      s,
      io,
      out: (text: string) => void io.stdout.write(text),
      err: (text: string) => void io.stderr.write(text),
      resolvePath: (p: string) => path.resolve(io.cwd, p),
      dataDir: dataDir(values, io),
    };
    if (command.standalone) {
      await command.run(base, positionals, values);
      return 0;
    }
    // Loaded once a command needs the archive, so `kho help` and `kho --version` start instantly.
    const [{ openArchive, PERIODIC_INTEGRITY_CHECK_MS }, { callOperation }] = await Promise.all([
      import('../core/archive.js'),
      import('../shared/dispatch.js'),
    ]);
    archive = await openArchive(base.dataDir, {
      searchInWorker: command.searchInWorker === true,
      runFetchQueue: command.runFetchQueue === true,
      ...(command.checkIntegrityPeriodically ? { integrityCheckEveryMs: PERIODIC_INTEGRITY_CHECK_MS } : {}),
      ...(command.runBackupSchedule
        ? {
            runBackupSchedule: true,
            backups: { log: (_level, message) => void io.stderr.write(message + '\n') },
          }
        : {}),
    });
    const opened = archive;
    const runId = randomUUID();
    const ctx: Ctx = {
      ...base,
      archive: opened,
      call: (op, input) => callOperation(opened.handlers, op, input),
      progress: (jobId, label) => showProgress(opened, jobId, label, io.stderr),
      jobId: (kind) => `cli-${runId}-${kind}`,
    };
    await command.run(ctx, positionals, values);
    await opened.flushSearch();
    return 0;
  } catch (err) {
    const e = err instanceof KhoError ? err : KhoError.from(err);
    const es = makeStyle(colourEnabled(io.stderr, io.env));
    // Messages may quote archive text (a title, a tag) or the command line.
    io.stderr.write(`${es.red('kho:')} ${blockText(e.message)}\n`);
    return EXIT_CODES[e.code] ?? 1;
  } finally {
    await archive?.close();
  }
}

/** --data, else $KHO_DATA_DIR, else the app's archive; relative folders are taken from the run's cwd. */
function dataDir(values: Values, io: CliIo): string {
  const flag = values.data as string | undefined;
  const envDir = io.env.KHO_DATA_DIR;
  const env = envDir ? { ...io.env, KHO_DATA_DIR: path.resolve(io.cwd, envDir) } : io.env;
  return resolveDataDir(flag ? path.resolve(io.cwd, flag) : undefined, env);
}
