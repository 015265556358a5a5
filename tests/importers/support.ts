import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import {
  parseImport,
  type ImportEntry,
  type ImportResult,
  type ParseOptions,
} from '../../src/core/importers/index.js';
import { REPO_ROOT } from '../helpers/paths.js';

export const IMPORT_FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'imports');

export function fixturePath(rel: string): string {
  return path.join(IMPORT_FIXTURES, rel);
}

export function fixtureBytes(rel: string): Buffer {
  return readFileSync(fixturePath(rel));
}

export function parseFixture(rel: string, opts: ParseOptions = {}): Promise<ImportResult> {
  return parseImport(path.basename(rel), fixtureBytes(rel), opts);
}

/** The one entry with this URL; fails the test when there is none or several. */
export function byUrl(result: ImportResult, url: string): ImportEntry {
  const found = result.entries.filter((e) => e.url === url);
  expect(found, `entries with url ${url}`).toHaveLength(1);
  return found[0]!;
}

export function byTitle(result: ImportResult, title: string): ImportEntry {
  const found = result.entries.filter((e) => e.title === title);
  expect(found, `entries titled ${title}`).toHaveLength(1);
  return found[0]!;
}
