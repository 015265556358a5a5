/**
 * ARCHITECTURE.md and the READMEs are the map of the repository: every file or folder they name in
 * backticks (`src/…`, `tests/…`, …) exists, so a move or a removal that forgets the map fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

const NAMED = /`((?:src|tests|scripts|extension|resources|bin)\/[A-Za-z0-9_./-]+)`/g;

/** Paths a document names that are not in the repository (patterns like NNN-name or * are skipped). */
function missing(doc: string, exists: (rel: string) => boolean): string[] {
  return [...doc.matchAll(NAMED)]
    .map((m) => m[1]!.replace(/\/$/, ''))
    .filter((rel) => !/NNN|\.\.\./.test(rel))
    .filter((rel) => !exists(rel));
}

function docs(): string[] {
  const found = ['ARCHITECTURE.md', 'README.md'];
  const walk = (dir: string): void => {
    for (const e of readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name === 'README.md') found.push(rel);
    }
  };
  // tests/fixtures/README.md names paths in the upstream projects the material comes from: not ours.
  for (const dir of ['src', 'extension']) walk(dir);
  return found;
}

describe("the documents' map of the repository", () => {
  it('names only files and folders that exist', () => {
    const all = docs();
    expect(all.length).toBeGreaterThan(3);
    const problems = all.flatMap((d) => {
      // A folder's README may name paths from the root or from its own folder.
      const exists = (rel: string): boolean =>
        existsSync(path.join(REPO_ROOT, rel)) || existsSync(path.join(REPO_ROOT, path.dirname(d), rel));
      return missing(readFileSync(path.join(REPO_ROOT, d), 'utf8'), exists).map((p) => `${d}: ${p}`);
    });
    expect(problems).toEqual([]);
  });

  it('notices a path that is gone', () => {
    const exists = (rel: string): boolean => rel === 'src/core/archive.ts';
    expect(missing('See `src/core/archive.ts` and `src/core/gone.ts`.', exists)).toEqual([
      'src/core/gone.ts',
    ]);
  });
});
