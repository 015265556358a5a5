/**
 * A clone of the repository alone must pass its tests and run its bench: no test, script, bench or source
 * file may read outside the repository (test material is copied into tests/fixtures with its licence).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  codeFiles,
  outsideReads,
  outsideReadsInScripts,
  type OutsideRead,
} from '../helpers/outside-reads.js';
import { REPO_ROOT } from '../helpers/paths.js';

/** Shell scripts of the repository (a `#!…sh` first line) in the folders that hold scripts. */
function shellScripts(): string[] {
  return ['.ci', 'scripts', 'bin'].flatMap((dir) => {
    let names: string[];
    try {
      names = readdirSync(path.join(REPO_ROOT, dir));
    } catch {
      return [];
    }
    return names
      .map((n) => path.join(REPO_ROOT, dir, n))
      .filter((f) => /^#!.*\b(?:ba|da|z)?sh\b/.test(readFileSync(f, 'utf8').split('\n', 1)[0] ?? ''));
  });
}

const at = (rel: string): string => path.join(REPO_ROOT, ...rel.split('/'));
/** `line: where`, the place relative to the repository root (so `../shared` is the folder beside it). */
const show = (f: OutsideRead): string =>
  `${f.line}: ${path.relative(REPO_ROOT, f.reaches).split(path.sep).join('/')}`;
const planted = (rel: string, code: string): string[] => outsideReads(REPO_ROOT, at(rel), code).map(show);

describe('the repository stands alone', () => {
  it('no code file reaches outside the repository', () => {
    const files = codeFiles(REPO_ROOT);
    const rel = files.map((f) => path.relative(REPO_ROOT, f).split(path.sep).join('/'));
    // The scan covers every part that runs: sources, tests, the bench, scripts, the launcher and configs.
    for (const expected of [
      'src/cli/index.ts',
      'src/bench/bench.ts',
      'tests/helpers/paths.ts',
      'scripts/build-cli.mjs',
      'bin/kho.js',
      'vitest.config.ts',
    ]) {
      expect(rel).toContain(expected);
    }
    const found = files.flatMap((f) => outsideReads(REPO_ROOT, f));
    expect(found.map((f) => `${f.file}:${f.line} ${f.text} -> ${f.reaches}`)).toEqual([]);
  });

  it('no shell script or npm script reaches outside the repository', () => {
    const scripts = [...shellScripts(), path.join(REPO_ROOT, 'package.json')];
    expect(scripts.map((f) => path.relative(REPO_ROOT, f))).toContain(path.join('.ci', 'run'));
    const found = scripts.flatMap((f) => outsideReadsInScripts(REPO_ROOT, f));
    expect(found.map((f) => `${f.file}:${f.line} ${f.text} -> ${f.reaches}`)).toEqual([]);
  });
});

describe('the outside-read check catches what it is for', () => {
  it('flags paths built from the repository root or the file that climb out', () => {
    const code = [
      "import path from 'node:path';",
      "import { fileURLToPath } from 'node:url';",
      "import { REPO_ROOT } from '../helpers/paths.js';",
      "export const SHARED = path.join(REPO_ROOT, '..', 'shared');",
      'const here = path.dirname(fileURLToPath(import.meta.url));',
      "export const corpus = path.resolve(here, '..', '..', '..', 'shared', 'corpus');",
      "const viaUrl = new URL('../../../shared/', import.meta.url);",
      'export const tpl = `${REPO_ROOT}/../shared/x.txt`;',
      "export const fromCwd = path.resolve('..', 'shared');",
      "export const joined = path.join('..', 'shared', 'corpus');",
    ].join('\n');
    expect(planted('tests/search/planted.ts', code)).toEqual([
      '4: ../shared',
      '6: ../shared/corpus',
      '7: ../shared',
      '8: ../shared/x.txt',
      '9: ../shared',
      '10: ../shared/corpus',
    ]);
  });

  it('flags a relative literal that climbs out of a nested folder, and a path to a shared folder', () => {
    expect(planted('tests/search/planted.ts', "readFileSync('../../../shared/corpus/vi.txt');")).toEqual([
      '1: ../shared/corpus/vi.txt',
    ]);
    // From the repository root (where tests run) one level up is already outside.
    expect(planted('tests/search/planted.ts', "readFileSync('../shared/corpus/vi.txt');")).toEqual([
      '1: ../shared/corpus/vi.txt',
    ]);
    expect(planted('tests/planted.ts', "import x from '../../shared/x.js';")).toEqual(['1: ../shared/x.js']);
    // A traversal string fed to Kho as hostile input is allowed only where the line says so.
    expect(planted('tests/planted.ts', "get('../../etc/passwd');")).toEqual(['1: ../etc/passwd']);
    expect(planted('tests/planted.ts', "get('../../etc/passwd'); // hostile input, not a path")).toEqual([]);
    const absolute = outsideReads(
      REPO_ROOT,
      at('src/bench/planted.ts'),
      "const d = '/somewhere/shared/corpus';",
    );
    expect(absolute.map((f) => `${f.line}: ${f.reaches}`)).toEqual(['1: /somewhere/shared/corpus']);
  });

  it('follows an imported constant to the file that defines it', () => {
    // tests/helpers/paths.ts exports REPO_ROOT; two levels above it is outside.
    const code =
      "import { REPO_ROOT as root } from '../helpers/paths.js';\nconst x = path.join(root, '..', '..');";
    expect(planted('tests/search/planted.ts', code)).toEqual(['2: ../..']);
  });

  it('leaves imports and paths within the repository, comparisons, and unknown or system paths alone', () => {
    const code = [
      "import { openArchive } from '../../src/core/archive.js';",
      "import { REPO_ROOT, FIXTURES_DIR } from '../helpers/paths.js';",
      "const a = path.join(REPO_ROOT, 'tests', 'fixtures', 'corpus');",
      "const b = path.join(FIXTURES_DIR, '..', '..', 'src', 'shared', 'contract.ts');",
      "const c = new URL('../../tests/fixtures/corpus/', import.meta.url);",
      "const d = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules');",
      "const e = '/usr/bin/chromium';",
      "const f = path.resolve('/tmp', 'kho-test');",
      "const g = path.join(dir, '..', 'sibling');",
      "vi.mock('../../src/main/electron.js');",
      "const h = rel.startsWith('..') || s === '../';",
    ].join('\n');
    expect(planted('tests/search/planted.ts', code)).toEqual([]);
  });

  it('flags an npm or shell script that climbs out of the repository', () => {
    const pkg = JSON.stringify({ scripts: { bench: 'node out/cli/bench.js --corpus ../shared/corpus' } });
    expect(outsideReadsInScripts(REPO_ROOT, at('package.json'), pkg).map(show)).toEqual([
      '1: ../shared/corpus',
    ]);
    const sh = '#!/usr/bin/env bash\ncd "$(dirname "$0")/.."\ncp -r ../shared/peer tests/';
    expect(outsideReadsInScripts(REPO_ROOT, at('.ci/run'), sh).map(show)).toEqual(['3: ../shared/peer']);
  });
});
