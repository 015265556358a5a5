import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKho, runKhoJson } from '../helpers/cli.js';
import { makeTempDir, REFERENCE_ARTICLE } from '../helpers/paths.js';

/** `kho search` says when it shows results for corrected words, and --exact searches only as typed. */
let tmp: ReturnType<typeof makeTempDir>;
let d: string[];
beforeAll(async () => {
  tmp = makeTempDir('kho-cli-search-');
  d = ['--data', path.join(tmp.dir, 'archive')];
  await runKhoJson(['add', REFERENCE_ARTICLE, ...d]);
});
afterAll(() => tmp.cleanup());

describe('kho search with a slipped word', () => {
  it('names the corrected query, and --exact finds nothing for the slip', async () => {
    const typed = 'công tác dân vậnn';
    const r = await runKho(['search', typed, ...d]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Showing results for công tác dân vận (--exact searches only for ${typed}).`);
    expect(r.stdout).toMatch(/1 result/);
    const exact = await runKho(['search', typed, '--exact', ...d]);
    expect(exact.code, exact.stderr).toBe(0);
    expect(exact.stdout).toContain(`No results for ${typed}.`);
    // words as typed: no correction line
    const plain = await runKho(['search', 'công tác dân vận', ...d]);
    expect(plain.stdout).not.toContain('Showing results for');
    expect(plain.stdout).toMatch(/1 result/);
  });
});
