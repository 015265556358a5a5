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

/** Plain decimal digits only: `Number()` would also take `0x10`, `1e3`, ` 7 ` and `0b1`. */
const DECIMAL = /^[0-9]+$/;

/**
 * A positive integer id from the command line, or a specific error naming what was expected. Only decimal
 * digits are an id, so `kho rm 0x10` cannot remove article 16.
 */
export function needId(raw: string | undefined, what = 'article id'): number {
  if (raw === undefined) throw new KhoError('INVALID_INPUT', `Give an ${what}.`);
  const n = DECIMAL.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new KhoError('INVALID_INPUT', `"${raw}" is not a valid ${what} (ids are whole numbers like 12).`);
  return n;
}

/** A whole number option (`--limit`, `--offset`, `--port`) in decimal digits, within [min, max]. */
export function wholeNumber(
  raw: string | undefined,
  option: string,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = DECIMAL.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new KhoError(
      'INVALID_INPUT',
      `--${option} takes a whole number from ${min} to ${max}, not "${raw}".`,
    );
  return n;
}

/** Article ids for commands that take several; at least one is required. */
export function needIds(raw: string[]): number[] {
  if (raw.length === 0) throw new KhoError('INVALID_INPUT', 'Give an article id.');
  return raw.map((i) => needId(i));
}
