import { backupDir, listBackups, type BackupInfo } from '../backup/index.js';
import { BACKUP_SCHEDULE_SETTING, type BackupService } from '../backup/service.js';
import type { OperationOutput } from '../../shared/contract.js';
import type { ArchiveContext, AreaHandlers } from './context.js';

/** Backups from Settings and every transport: list them with the schedule, back up now, change the schedule. */
export function backupHandlers(ctx: ArchiveContext, backups: BackupService): AreaHandlers<'backups'> {
  const item = (b: BackupInfo) => ({ path: b.path, name: b.name, created_at: b.createdAt, bytes: b.bytes });
  const state = (): OperationOutput<'backups.list'> => ({
    folder: backupDir(ctx.dataDir),
    items: listBackups(ctx.dataDir).map(item),
    schedule: backups.schedule(),
    running: backups.busy,
    next_due: backups.nextDue()?.toISOString() ?? null,
    last_error: backups.lastFailure,
  });
  return {
    'backups.list': async () => state(),
    'backups.create': async () => {
      ctx.health.assertWritable();
      return item(await backups.create());
    },
    'backups.setSchedule': async (schedule) => {
      ctx.write({ areas: ['settings'] }, () => ctx.settings.set(BACKUP_SCHEDULE_SETTING, schedule));
      return state();
    },
  };
}
