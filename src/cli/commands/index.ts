import type { Command } from '../command.js';
import { add, archive, list, purge, refresh, restoreTrash, rm, show, update } from './articles.js';
import { annotate, annotations, note, unannotate } from './annotations.js';
import { info } from './info.js';
import { reindex, search } from './search.js';
import { serve } from './serve.js';
import { tag, tags, untag } from './tags.js';
import { exportNotes, exportTemplate } from './transfer.js';
import { importCommand } from './import.js';
import { jobs } from './jobs.js';
import { backup, backups, restore } from './backup.js';

/** Every `kho` command by name, in the order `kho help` lists them. */
export const commands: Record<string, Command> = {
  add,
  list,
  show,
  tag,
  untag,
  tags,
  rm,
  'restore-trash': restoreTrash,
  purge,
  archive,
  search,
  annotate,
  annotations,
  note,
  unannotate,
  export: exportNotes,
  'export-template': exportTemplate,
  update,
  refresh,
  import: importCommand,
  jobs,
  backup,
  restore,
  backups,
  reindex,
  serve,
  info,
};
