import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** ../shared beside the checkout (CI lays a copy there too). Test material is used by path, never copied. */
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');
export const REFERENCE_ARTICLE = path.join(SHARED_DIR, 'fixtures', 'nhandan-2022-01-28.txt');

/** A fresh temp dir removed by the returned cleanup. */
export function makeTempDir(prefix = 'kho-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
