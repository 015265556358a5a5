import { parseArgs } from 'node:util';
import { KhoError } from '../shared/errors.js';
import type { Command, Values } from './command.js';

/** Options every command accepts, besides its own. */
const GLOBAL_OPTIONS = {
  data: { type: 'string' as const },
  help: { type: 'boolean' as const, short: 'h' },
};

/** Parses a command's arguments strictly; a bad option is INVALID_INPUT with the command's usage. */
export function parseCommandArgs(
  command: Command,
  args: string[],
): { positionals: string[]; values: Values } {
  try {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { ...GLOBAL_OPTIONS, ...(command.options ?? {}) },
    });
    return { positionals: parsed.positionals, values: parsed.values as Values };
  } catch (err) {
    throw new KhoError('INVALID_INPUT', `${(err as Error).message.split('\n')[0]} Usage: ${command.usage}`);
  }
}

/** A positive integer id from the command line, or a specific error naming what was expected. */
export function needId(raw: string | undefined, what = 'article id'): number {
  if (raw === undefined) throw new KhoError('INVALID_INPUT', `Give an ${what}.`);
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new KhoError('INVALID_INPUT', `"${raw}" is not a valid ${what}.`);
  return n;
}

/** Article ids for commands that take several; at least one is required. */
export function needIds(raw: string[]): number[] {
  if (raw.length === 0) throw new KhoError('INVALID_INPUT', 'Give an article id.');
  return raw.map((i) => needId(i));
}
