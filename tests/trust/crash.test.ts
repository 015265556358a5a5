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

const FILES = 40;
let tmp: ReturnType<typeof makeTempDir>;
let dir: string;
beforeAll(() => {
  tmp = makeTempDir('kho-crash-');
  dir = path.join(tmp.dir, 'files');
  writeArticleFiles(dir, FILES, 3);
});
afterAll(() => tmp.cleanup());

function savedSoFar(data: string): number {
  if (!existsSync(archiveFile(data))) return 0;
  try {
    const db = new Database(archiveFile(data), { readonly: true, timeout: 50 });
    try {
      return db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // being created or migrated right now
  }
}

/**
 * Starts `kho import` and kills it (SIGKILL) at a random moment within `window` ms: from its start when
 * `early` (before or during archive creation too), else from its first commit, so most kills land
 * mid-import whatever the machine's speed.
 */
function killImport(data: string, early: boolean, window: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KHO_BIN, 'import', dir, '--data', data], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let done = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const kill = (): void => void child.kill('SIGKILL');
    let timer: NodeJS.Timeout;
    if (early) timer = setTimeout(kill, Math.random() * window);
    else {
      const poll = (): void => {
        if (done) return;
        // Soon after the first commit: the import of 40 small files takes well under a second here.
        if (savedSoFar(data) > 0) timer = setTimeout(kill, Math.random() * Math.min(window / 2, 60));
        else timer = setTimeout(poll, 15);
      };
      poll();
    }
    child.on('close', (code, signal) => {
      done = true;
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
      expect(
        found.hits.map((h) => h.id),
        `search for ${marker(i)}`,
      ).toEqual([r.id]);
    }
  } finally {
    await archive.close();
  }
  return rows.length;
}

function importAll(data: string): void {
  const r = kho(['import', dir, '--data', data, '--json']);
  expect(r.code, r.stderr).toBe(0);
}

describe('an import killed at random moments', () => {
  it('leaves a sound archive every time, and the next run finishes it without duplicates', async () => {
    const seen: string[] = [];
    const partial: number[] = [];
    for (let k = 0; k < rounds(1, 20); k++) {
      const data = path.join(tmp.dir, `round-${k}`);
      const early = k % 3 === 2;
      const outcome = await killImport(data, early, early ? 3000 : 1000);
      const saved = await checkComplete(data);
      if (saved > 0 && saved < FILES) partial.push(saved);
      seen.push(
        `${early ? 'early' : 'after first commit'} -> ${saved} saved (${outcome.trim().slice(0, 80)})`,
      );
      importAll(data);
      expect(await checkComplete(data), seen.join('\n')).toBe(FILES);
    }
    console.log(
      `[crash] ${seen.length} imports killed with SIGKILL (${partial.length} mid-import); every one left a sound archive and the next run finished it: 0 articles lost, 0 duplicates`,
    );
    // Over many rounds some kills must land mid-import, or the loop proves nothing.
    if (STRESS) expect(partial.length, seen.join('\n')).toBeGreaterThan(8);
    else expect(partial.length, seen.join('\n')).toBeGreaterThan(0);
  });
});
