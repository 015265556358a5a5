import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/core/archive.js';
import { backupDir, listBackups } from '../../src/core/backup/index.js';
import { callOperation } from '../../src/shared/dispatch.js';
import type { OperationName, OperationOutput } from '../../src/shared/contract.js';
import { failure } from '../helpers/failure.js';
import { makeTempDir } from '../helpers/paths.js';
import { damageMiddle } from './support.js';

/**
 * Automatic backups: a schedule in the archive's settings, run by long-lived processes, one backup at a
 * time, the newest N kept; the message for a damaged archive names the newest one.
 */

const HOUR = 60 * 60 * 1000;
let tmp: ReturnType<typeof makeTempDir>;
let archive: Archive;
let clock = Date.parse('2026-12-01T00:00:00.000Z');
const logged: string[] = [];

const call = <N extends OperationName>(name: N, input: unknown): Promise<OperationOutput<N>> =>
  callOperation(archive.handlers, name, input);

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  tmp = makeTempDir('kho-backup-schedule-');
  archive = await openArchive(tmp.dir, {
    runBackupSchedule: true,
    backups: {
      checkEveryMs: 15,
      firstCheckAfterMs: 0,
      now: () => new Date(clock),
      log: (level, message) => logged.push(`${level}: ${message}`),
    },
  });
  await call('articles.add', {
    source: 'text',
    name: 'a.md',
    text: '# Kept\n\nWords worth keeping, và có ở Hà.\n',
  });
});
afterAll(async () => {
  await archive.close();
  tmp.cleanup();
});

describe('automatic backups', () => {
  it('start with the default schedule: daily, 7 kept; a fresh archive is backed up at once', async () => {
    await until('the first backup', () => listBackups(tmp.dir).length === 1);
    const state = await call('backups.list', {});
    expect(state.schedule).toEqual({ enabled: true, every_hours: 24, keep: 7 });
    expect(state.folder).toBe(backupDir(tmp.dir));
    expect(state.items.map((b) => b.created_at)).toEqual(['2026-12-01T00:00:00.000Z']);
    expect(state.next_due).toBe('2026-12-02T00:00:00.000Z');
    expect(
      logged.some((l) => l.startsWith('info: Automatic backup ') && l.includes(state.items[0]!.path)),
    ).toBe(true);
  });

  it('back up when the period has passed, and rotate to the number kept', async () => {
    const state = await call('backups.setSchedule', { enabled: true, every_hours: 1, keep: 3 });
    expect(state.schedule).toEqual({ enabled: true, every_hours: 1, keep: 3 });
    // Not yet due: half an hour later nothing new.
    clock += HOUR / 2;
    await new Promise((r) => setTimeout(r, 100));
    expect(listBackups(tmp.dir)).toHaveLength(1);
    for (let i = 1; i <= 5; i++) {
      clock += HOUR;
      const when = new Date(clock).toISOString();
      await until(`backup ${i}`, () => listBackups(tmp.dir)[0]?.createdAt === when);
    }
    const items = (await call('backups.list', {})).items;
    expect(items.map((b) => b.created_at)).toEqual([
      '2026-12-01T05:30:00.000Z',
      '2026-12-01T04:30:00.000Z',
      '2026-12-01T03:30:00.000Z',
    ]);
    expect(items.every((b) => b.bytes > 0)).toBe(true);
  });

  it('make none while turned off', async () => {
    await call('backups.setSchedule', { enabled: false, every_hours: 1, keep: 3 });
    expect((await call('backups.list', {})).next_due).toBeNull();
    clock += 5 * HOUR;
    await new Promise((r) => setTimeout(r, 150));
    expect(listBackups(tmp.dir)[0]?.createdAt).toBe('2026-12-01T05:30:00.000Z');
  });

  it('refuse a schedule out of range with a clear message', async () => {
    const e = await failure(call('backups.setSchedule', { enabled: true, every_hours: 1, keep: 0 }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('Keep at least one backup.');
  });

  it('"Back up now" twice at once makes one backup; another process holding the lock is waited for', async () => {
    clock += HOUR;
    const [a, b] = await Promise.all([call('backups.create', {}), call('backups.create', {})]);
    expect(a.name).toBe(b.name);
    expect(listBackups(tmp.dir)[0]?.name).toBe(a.name);
    const lock = path.join(backupDir(tmp.dir), '.backup.lock');
    writeFileSync(lock, `${os.hostname()}:${process.pid}`);
    const busy = await failure(call('backups.create', {}));
    expect(busy.code).toBe('CONFLICT');
    expect(busy.message).toContain('Another Kho process is backing up this archive');
    // A lock left by a process that no longer exists is taken over.
    writeFileSync(lock, `${os.hostname()}:2147483646`);
    clock += HOUR;
    const c = await call('backups.create', {});
    expect(c.created_at).toBe(new Date(clock).toISOString());
  });

  it('name the newest backup in the message for a damaged archive', async () => {
    const newest = listBackups(tmp.dir)[0]!;
    await archive.close();
    damageMiddle(path.join(tmp.dir, 'kho.sqlite'));
    const e = await failure(openArchive(tmp.dir));
    expect(e.code).toBe('ARCHIVE_CORRUPT');
    expect(e.message).toContain(`kho restore "${newest.path}" --data <empty folder>`);
    // The afterAll closes it again: reopen the newest backup's copy so close() has an archive.
    const restoredDir = path.join(tmp.dir, 'restored');
    const { restoreBackup } = await import('../../src/core/backup/index.js');
    await restoreBackup(newest.path, restoredDir);
    archive = await openArchive(restoredDir);
    expect((await call('app.info', {})).article_count).toBe(1);
  });
});
