import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

/**
 * The window is told about job progress and changes (job.progress and archive.changed events); it never
 * asks again and again. A timer that calls the archive, or a call to the polling operations, fails this.
 */

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const files = sources(path.join(REPO_ROOT, 'src', 'renderer')).map((file) => ({
  file: path.relative(REPO_ROOT, file),
  code: readFileSync(file, 'utf8'),
}));

describe('the renderer does not poll', () => {
  it('has sources to check', () => {
    expect(files.map((f) => f.file)).toContain(path.join('src', 'renderer', 'api.ts'));
  });

  it('uses no interval timers', () => {
    expect(files.filter((f) => /\bsetInterval\s*\(/.test(f.code)).map((f) => f.file)).toEqual([]);
  });

  it('never calls jobs.get or app.changes (their answers come as events)', () => {
    const calls = files.filter((f) => /\[\s*['"](jobs\.get|app\.changes)['"]\s*\]/.test(f.code));
    expect(calls.map((f) => f.file)).toEqual([]);
  });

  it('calls the archive from no timer callback', () => {
    // setTimeout(() => … api[…] …): a delayed call, possibly re-armed, is polling by another name.
    const timed = files.filter((f) => /setTimeout\([^;]*?\bapi\s*\[/s.test(f.code));
    expect(timed.map((f) => f.file)).toEqual([]);
  });
});
