import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/core/archive.js';
import { archiveFile } from '../../src/core/db/connection.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { KHO_BIN, kho } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';
import { marker, writeArticleFiles } from './archive-setup.js';
import { rounds, STRESS } from './support.js';

/**
 * "Crash" from the fault-injection list: a bulk import is killed (SIGKILL) at random moments, many times;
 * after each, integrity_check is ok and every article saved is complete (content, images, search), and
 * running the import again finishes the rest with no duplicates. `npm run stress` repeats it 25 times.
 */

const FILES = 30;
let tmp: ReturnType<typeof makeTempDir>;
let dir: string;
beforeAll(() => {
  tmp = makeTempDir('kho-crash-');
  dir = path.join(tmp.dir, 'files');
  writeArticleFiles(dir, FILES, 3);
});
afterAll(() => tmp.cleanup());

function killImportAfter(data: string, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KHO_BIN, 'import', dir, '--data', data], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve(`${signal ?? code} ${stderr}`);
    });
  });
}

/** Every saved article is whole: its file's words, its image for HTML files, and found by search. */
async function checkComplete(data: string): Promise<number> {
  // Killed before the archive existed: nothing half-made may be there either.
  if (!existsSync(archiveFile(data))) return 0;
  const db = new Database(archiveFile(data), { readonly: true });
  let rows: Array<{ id: number; url: string; content_text: string; content_html: string }>;
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    rows = db.prepare('SELECT id, url, content_text, content_html FROM articles').all() as typeof rows;
    expect(db.prepare('SELECT count(DISTINCT url) FROM articles').pluck().get()).toBe(rows.length);
    for (const r of rows) {
      const i = Number(/article-(\d+)\./.exec(r.url)![1]);
      expect(r.content_text).toContain(marker(i));
      if (r.url.endsWith('.html')) {
        const sha = /kho-asset:([0-9a-f]{64})/.exec(r.content_html)?.[1];
        expect(sha, `image of ${r.url}`).toBeDefined();
        expect(db.prepare('SELECT count(*) FROM assets WHERE sha256 = ?').pluck().get(sha)).toBe(1);
      }
    }
  } finally {
    db.close();
  }
  const archive = await openArchive(data);
  try {
    for (const r of rows) {
      const i = Number(/article-(\d+)\./.exec(r.url)![1]);
      const found = await callOperation(archive.handlers, 'search.query', { query: marker(i) });
      expect(found.hits.map((h) => h.id), `search for ${marker(i)}`).toEqual([r.id]);
    }
  } finally {
    await archive.close();
  }
  return rows.length;
}

function importAll(data: string): number {
  const started = Date.now();
  const r = kho(['import', dir, '--data', data, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return Date.now() - started;
}

describe('an import killed at random moments', () => {
  it('leaves a sound archive every time, and the next run finishes it without duplicates', async () => {
    // One undisturbed run tells how long an import takes here; kills land inside that window.
    const took = importAll(path.join(tmp.dir, 'baseline'));
    expect(await checkComplete(path.join(tmp.dir, 'baseline'))).toBe(FILES);
    const seen: string[] = [];
    const partial: number[] = [];
    for (let k = 0; k < rounds(1, 20); k++) {
      const data = path.join(tmp.dir, `round-${k}`);
      const delay = Math.round(took * (0.3 + 0.65 * Math.random()));
      const outcome = await killImportAfter(data, delay);
      const saved = await checkComplete(data);
      if (saved > 0 && saved < FILES) partial.push(saved);
      seen.push(`${delay} ms of ${took} -> ${saved} saved (${outcome.trim().slice(0, 80)})`);
      importAll(data);
      expect(await checkComplete(data), seen.join('\n')).toBe(FILES);
    }
    // Over many rounds some kills must land mid-import, or the loop proves nothing.
    if (STRESS) expect(partial.length, seen.join('\n')).toBeGreaterThan(5);
  });
});
