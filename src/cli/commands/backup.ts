import { KhoError } from '../../shared/errors.js';
import { JSON_OPT, type Command, type StandaloneCommand } from '../command.js';
import { printJson } from '../output.js';

/** Whole-archive backups: one into a named file, restoring one into an empty folder, the automatic ones. */

/** "12.3 MB": sizes as people read them. */
export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

function needFile(raw: string | undefined, usage: string): string {
  if (raw === undefined) throw new KhoError('INVALID_INPUT', `Give the backup file. Usage: ${usage}`);
  return raw;
}

export const backup: Command = {
  usage: 'kho backup <file> [--force] [--json]',
  summary:
    'Write one consistent backup of the whole archive (articles, highlights, tags, images) to a file, ' +
    'also while the app or kho serve is running. An existing file is replaced only with --force.',
  options: { force: { type: 'boolean' }, ...JSON_OPT },
  async run(ctx, p, v) {
    const file = ctx.resolvePath(needFile(p[0], backup.usage));
    const r = await ctx.archive.backupTo(file, { force: v.force === true });
    if (ctx.json) return printJson(ctx, r);
    ctx.out(`Backed up ${ctx.dataDir} to ${r.path} (${humanBytes(r.bytes)}).\n`);
  },
};

export const restore: StandaloneCommand = {
  standalone: true,
  usage: 'kho restore <file> --data <empty folder> [--json]',
  summary:
    'Restore a backup into an empty (or new) folder as a whole archive; the backup is checked first. ' +
    'Open it with --data, or move it where the app keeps its archive.',
  options: JSON_OPT,
  async run(ctx, p, v) {
    const file = ctx.resolvePath(needFile(p[0], restore.usage));
    if (v.data === undefined && !ctx.io.env.KHO_DATA_DIR) {
      throw new KhoError(
        'INVALID_INPUT',
        'Name the folder to restore into with --data <empty folder>; Kho never restores over an archive.',
      );
    }
    // Loaded here: `kho help` must not load SQLite.
    const [{ openArchive }, { restoreBackup }, { checkBackupFile }, { callOperation }] = await Promise.all([
      import('../../core/archive.js'),
      import('../../core/backup/index.js'),
      import('../../core/backup/snapshot.js'),
      import('../../shared/dispatch.js'),
    ]);
    const facts = checkBackupFile(file);
    const target = await restoreBackup(file, ctx.dataDir);
    // Opening it once proves it is an archive this Kho can use (and brings an older schema up to date).
    const restored = await openArchive(ctx.dataDir);
    let articles: number;
    try {
      articles = (await callOperation(restored.handlers, 'app.info', {})).article_count;
    } finally {
      await restored.close();
    }
    if (ctx.json)
      return printJson(ctx, {
        path: target,
        data_dir: ctx.dataDir,
        articles,
        schema_version: facts.schemaVersion,
      });
    ctx.out(`Restored ${file} into ${ctx.dataDir} (${articles} article${articles === 1 ? '' : 's'}).\n`);
    ctx.err(ctx.s.dim(`Open it with: kho --data "${ctx.dataDir}" list`) + '\n');
  },
};

export const backups: Command = {
  usage: 'kho backups [--json]',
  summary: 'The automatic backups (newest first), where they are, and their schedule.',
  options: JSON_OPT,
  async run(ctx) {
    const r = await ctx.call('backups.list', {});
    if (ctx.json) return printJson(ctx, r);
    const sch = r.schedule;
    ctx.out(
      `${r.folder}\n` +
        (sch.enabled
          ? `every ${sch.every_hours} h, keeping ${sch.keep}` + (r.next_due ? `; next due ${r.next_due}` : '')
          : 'automatic backups are off') +
        '\n',
    );
    if (r.last_error) ctx.out(ctx.s.red(`last automatic backup failed: ${r.last_error}`) + '\n');
    for (const b of r.items) ctx.out(`  ${b.created_at}  ${humanBytes(b.bytes).padStart(8)}  ${b.path}\n`);
    if (r.items.length === 0) ctx.out('  no backups yet\n');
  },
};
