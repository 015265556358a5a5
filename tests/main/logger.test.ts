import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../helpers/paths.js';
import { createLogger } from '../../src/main/logger.js';

/** The rotating log in <userData>/logs: one line per entry, rotated by size, a bounded number kept. */

const tmp = makeTempDir('kho-logs-');
afterAll(() => tmp.cleanup());

describe('the log file', () => {
  it('writes one line per entry with time, level and source, indenting continued lines', () => {
    const dir = path.join(tmp.dir, 'one', 'logs');
    const logger = createLogger(dir);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    logger.log('main', 'info', 'Kho 0.1.0 starting.');
    logger.log('renderer', 'error', 'TypeError: boom\n    at x (kho://app/a.js:1)');
    quiet.mockRestore();
    const lines = readFileSync(path.join(dir, 'kho.log'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO {2}\[main\] Kho 0\.1\.0 starting\.$/,
    );
    expect(lines[1]).toMatch(/ ERROR \[renderer\] TypeError: boom$/);
    expect(lines[2]).toBe('        at x (kho://app/a.js:1)');
  });

  it('rotates at the size limit and keeps only the newest files', () => {
    const dir = path.join(tmp.dir, 'rotating');
    const logger = createLogger(dir, { maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 100; i++)
      logger.log('archive', 'warn', `entry ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['kho.1.log', 'kho.2.log', 'kho.log']);
    for (const name of readdirSync(dir)) {
      expect(readFileSync(path.join(dir, name)).length, name).toBeLessThanOrEqual(1000);
    }
    const newest = readFileSync(path.join(dir, 'kho.log'), 'utf8');
    expect(newest).toContain('entry 099');
    const all = readdirSync(dir)
      .map((n) => readFileSync(path.join(dir, n), 'utf8'))
      .join('');
    expect(all).not.toContain('entry 000');
    // Rotated files hold the entries just before the current one, oldest in the highest number.
    const one = readFileSync(path.join(dir, 'kho.1.log'), 'utf8');
    const two = readFileSync(path.join(dir, 'kho.2.log'), 'utf8');
    const first = (s: string) => Number(/entry (\d{3})/.exec(s)![1]);
    expect(first(two)).toBeLessThan(first(one));
    expect(first(one)).toBeLessThan(first(newest));
  });

  it('never throws when the folder cannot be written', () => {
    const blocked = path.join(tmp.dir, 'one', 'logs', 'kho.log', 'nested');
    const logger = createLogger(blocked);
    expect(() => logger.log('main', 'info', 'still running')).not.toThrow();
    expect(existsSync(path.join(blocked, 'kho.log'))).toBe(false);
  });
});
