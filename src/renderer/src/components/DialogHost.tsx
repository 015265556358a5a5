import type { Tag } from '../../../shared/schemas.js';
import type { SaveRequest } from '../hooks/useBackgroundSaves.js';
import type { BulkActions } from '../hooks/useBulkActions.js';
import { useApp } from '../lib/context.js';
import type { PickedFile } from '../lib/files.js';
import { AddDialog, type AddInitial } from './AddDialog.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { ExportDialog, type ExportScope } from './ExportDialog.js';
import { ImportDialog } from './ImportDialog.js';
import { PromptDialog } from './PromptDialog.js';
import { SettingsDialog } from './SettingsDialog.js';
import { ShortcutsDialog } from './ShortcutsDialog.js';
import type { TagAction } from './Sidebar.js';
import { TagActionDialog } from './TagActionDialog.js';

/** The one dialog open at a time, and what it needs. */
export type DialogState =
  | { kind: 'add'; initial: AddInitial }
  | { kind: 'import'; initial: PickedFile[] }
  | { kind: 'export'; scope: ExportScope }
  | { kind: 'settings' }
  | { kind: 'shortcuts' }
  | { kind: 'tag'; action: TagAction; name: string; count: number; nested: boolean }
  | { kind: 'bulkTag'; ids: number[] }
  | { kind: 'bulkUntag'; ids: number[] }
  | { kind: 'purge'; ids: number[] }
  | { kind: 'emptyTrash'; count: number }
  | { kind: 'saveSearch'; query: string };

/**
 * Shows the open dialog and wires its outcome back to the app. Dialogs of the same component get their
 * own key, so one never inherits another's typed text.
 */
export function DialogHost(props: {
  dialog: DialogState | null;
  tags: readonly Tag[];
  bulk: BulkActions;
  /** Opens another dialog in place of this one (null closes). */
  onDialog(dialog: DialogState | null): void;
  /** The Add dialog handed over a save (it continues in the background). */
  onSave(request: SaveRequest): void;
  /** The archive changed (import, reindex, tag actions). */
  onChanged(): void;
  /** Opens the Export dialog for what the window shows (its tag, search or selection). */
  onExport(): void;
  /** A tag was renamed or merged (`renamedTo`) or deleted (null). */
  onTagChanged(name: string, renamedTo: string | null): void;
}) {
  const { t, settings, setSetting, toast } = useApp();
  const { dialog, bulk } = props;
  const close = () => props.onDialog(null);
  switch (dialog?.kind) {
    case undefined:
      return null;
    case 'add':
      return (
        <AddDialog
          initial={dialog.initial}
          onClose={close}
          onSave={props.onSave}
          onImportMany={() => props.onDialog({ kind: 'import', initial: [] })}
        />
      );
    case 'import':
      return <ImportDialog initial={dialog.initial} onClose={close} onImported={props.onChanged} />;
    case 'export':
      return <ExportDialog scope={dialog.scope} onClose={close} />;
    case 'settings':
      return <SettingsDialog onClose={close} onReindexed={props.onChanged} onExport={props.onExport} />;
    case 'shortcuts':
      return <ShortcutsDialog onClose={close} />;
    case 'tag':
      return (
        <TagActionDialog
          action={dialog.action}
          name={dialog.name}
          count={dialog.count}
          nested={dialog.nested}
          tags={props.tags}
          onClose={close}
          onDone={(renamedTo) => {
            close();
            props.onTagChanged(dialog.name, renamedTo);
          }}
        />
      );
    case 'bulkTag':
      return (
        <PromptDialog
          key="bulk-tag-dialog"
          id="bulk-tag-dialog"
          title={t('list.bulkTagTitle', { n: dialog.ids.length })}
          label={t('tag.label')}
          options={props.tags.map((x) => x.name)}
          confirm={t('tag.addButton')}
          onClose={close}
          onSubmit={async (name) => {
            await bulk.tagMany(dialog.ids, name);
            close();
          }}
        />
      );
    case 'bulkUntag':
      return (
        <PromptDialog
          key="bulk-untag-dialog"
          id="bulk-untag-dialog"
          title={t('list.bulkUntagTitle', { n: dialog.ids.length })}
          label={t('tag.label')}
          options={[...new Set(bulk.summariesOf(dialog.ids).flatMap((s) => s.tags))].sort()}
          confirm={t('list.untagButton')}
          onClose={close}
          onSubmit={async (name) => {
            await bulk.untagMany(dialog.ids, name);
            close();
          }}
        />
      );
    case 'purge':
      return (
        <ConfirmDialog
          key="purge-dialog"
          id="purge-dialog"
          title={t('list.purgeTitle')}
          body={t('list.purgeHelp', { n: dialog.ids.length })}
          confirm={t('list.bulkPurge')}
          danger
          onClose={close}
          onConfirm={async () => {
            await bulk.purge(dialog.ids);
            close();
          }}
        />
      );
    case 'emptyTrash':
      return (
        <ConfirmDialog
          key="empty-trash-dialog"
          id="empty-trash-dialog"
          title={t('list.emptyTrash')}
          body={t('list.emptyTrashHelp', { n: dialog.count })}
          confirm={t('list.emptyTrash')}
          danger
          onClose={close}
          onConfirm={async () => {
            await bulk.emptyTrash();
            close();
          }}
        />
      );
    case 'saveSearch':
      return (
        <PromptDialog
          key="save-search-dialog"
          id="save-search-dialog"
          title={t('search.saveTitle')}
          help={dialog.query}
          label={t('search.saveName')}
          initial={dialog.query}
          confirm={t('common.save')}
          onClose={close}
          onSubmit={async (name) => {
            setSetting('saved', [
              ...settings.saved.filter((s) => s.name !== name),
              { name, query: dialog.query },
            ]);
            close();
            toast(t('search.saved', { name }));
          }}
        />
      );
  }
}
