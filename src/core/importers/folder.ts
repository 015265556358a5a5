import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { KhoError } from '../../shared/errors.js';
import { isImportableName } from '../../shared/importable.js';

/** Every importable file under `root`, depth-first, sorted so repeated imports go in the same order. */
export function listImportableFiles(root: string): string[] {
  let stat;
  try {
    stat = statSync(root);
  } catch {
    throw new KhoError(
      'UNREADABLE_FILE',
      `Cannot read the folder ${root}: it does not exist or is not accessible.`,
    );
  }
  if (!stat.isDirectory()) throw new KhoError('INVALID_INPUT', `${root} is not a folder.`);
  const out: string[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue; // .git, .DS_Store and friends
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && isImportableName(e.name)) out.push(full);
    }
  };
  walk(root);
  return out;
}
