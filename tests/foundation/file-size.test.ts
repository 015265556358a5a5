/**
 * Files that do one thing: a code file over about 400 lines says at its top (first 40 lines) why it stays
 * whole, with the words "stays whole" or "stays one file", so growing past that size is a decision.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFiles } from '../helpers/outside-reads.js';
import { REPO_ROOT } from '../helpers/paths.js';

const LIMIT = 400;
const REASON = /\bstays (?:whole|one file)\b/i;

/** Files over the limit whose top gives no reason; `files` as [path relative to the root, content]. */
function unexplained(files: Array<[string, string]>): string[] {
  return files
    .filter(([, text]) => text.split('\n').length > LIMIT)
    .filter(([, text]) => !REASON.test(text.split('\n').slice(0, 40).join('\n')))
    .map(([rel, text]) => `${rel} (${text.split('\n').length} lines)`);
}

describe('files that do one thing', () => {
  it('every code file over 400 lines says at its top why it stays whole', () => {
    const files = codeFiles(REPO_ROOT)
      .map((f) => path.relative(REPO_ROOT, f).split(path.sep).join('/'))
      .filter((rel) => /^(?:src|extension|scripts|tests|bin)\//.test(rel))
      .map((rel): [string, string] => [rel, readFileSync(path.join(REPO_ROOT, rel), 'utf8')]);
    expect(files.length).toBeGreaterThan(100);
    expect(unexplained(files)).toEqual([]);
  });

  it('notices a long file without a reason, and one whose reason is buried', () => {
    const lines = (n: number): string =>
      Array.from({ length: n }, (_, i) => `const a${i} = ${i};`).join('\n');
    expect(unexplained([['long.ts', lines(450)]])).toEqual(['long.ts (450 lines)']);
    expect(unexplained([['ok.ts', `// It stays whole: one parser.\n${lines(450)}`]])).toEqual([]);
    expect(unexplained([['buried.ts', `${lines(100)}\n// stays whole\n${lines(350)}`]])).toEqual([
      'buried.ts (451 lines)',
    ]);
    expect(unexplained([['short.ts', lines(300)]])).toEqual([]);
  });
});
