import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Test material copied into the repository, each source with its licence (see tests/fixtures/README.md). */
export const FIXTURES_DIR = path.join(REPO_ROOT, 'tests', 'fixtures');
/** The reference Vietnamese article, as a user would save it from a news site. */
export const REFERENCE_ARTICLE = path.join(FIXTURES_DIR, 'reference', 'nhandan-2022-01-28.txt');

/** A fresh temp dir removed by the returned cleanup. */
export function makeTempDir(prefix = 'kho-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
