/**
 * The Vietnamese news corpus (binhvq/news-corpus sample, Apache-2.0), kept once inside the repository in
 * tests/fixtures/corpus and read from there by both the bench and tests/search. The repository root is two
 * folders up from this module both as source (src/bench) and bundled (out/cli/bench.js).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = fileURLToPath(new URL('../../tests/fixtures/corpus/', import.meta.url));

export type CorpusFile = 'vi-news-sentences.txt' | 'vi-news-titles.txt';

/** The file's non-empty lines, trimmed (one sentence or title each). */
export function corpusLines(name: CorpusFile): string[] {
  return readFileSync(`${CORPUS_DIR}${name}`, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}
