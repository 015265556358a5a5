import { KHO_VERSION } from '../core/version.js';
import type { Command } from './command.js';
import type { Style } from './style.js';

/** `kho help`: every command's usage and summary, then the options all commands share. */
export function helpText(commands: Record<string, Command>, s: Style): string {
  const lines = Object.values(commands).map((c) => `  ${s.bold(c.usage)}\n      ${c.summary}`);
  return [
    `${s.bold('kho')} — your offline article archive (${KHO_VERSION})`,
    '',
    'Usage:',
    ...lines,
    '',
    'Options for every command:',
    "  --data DIR   the archive folder (else $KHO_DATA_DIR, else the desktop app's archive)",
    '  --json       machine-readable JSON only',
    '',
  ].join('\n');
}

/** `kho <command> --help`. */
export function commandHelp(command: Command): string {
  return `${command.usage}\n  ${command.summary}\n`;
}
