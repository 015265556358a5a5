import type { Tag } from '../../../shared/schemas.js';
import { useApp } from '../lib/context.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { PromptDialog } from './PromptDialog.js';
import type { TagAction } from './Sidebar.js';

/**
 * Rename, merge or delete a tag (from the sidebar's tag menu); a level that is only a parent acts on the
 * tags nested under it. `onDone` gets the tag's new name, or null when it is gone, so a list filtered by
 * it can follow.
 */
export function TagActionDialog(props: {
  action: TagAction;
  name: string;
  /** Articles the tag (with its nested tags) is on. */
  count: number;
  /** Tags are nested under it: the action takes them too. */
  nested: boolean;
  tags: readonly Tag[];
  onClose(): void;
  onDone(renamedTo: string | null): void;
}) {
  const { api, t, toast } = useApp();
  const { action, name } = props;
  if (action === 'delete') {
    const own = props.tags.some((x) => x.name === name);
    return (
      <ConfirmDialog
        id="tag-delete-dialog"
        title={t('tag.deleteTitle')}
        body={t(own || !props.nested ? 'tag.deleteHelp' : 'tag.deleteTreeHelp', { name, n: props.count })}
        confirm={t('common.delete')}
        danger
        onClose={props.onClose}
        onConfirm={async () => {
          await api['tags.delete']({ name });
          toast(t('tag.deleted', { name }));
          props.onDone(null);
        }}
      />
    );
  }
  if (action === 'rename') {
    return (
      <PromptDialog
        id="tag-rename-dialog"
        title={t('tag.renameTitle')}
        help={t('tag.renameHelp', { name })}
        label={t('tag.newName')}
        initial={name}
        confirm={t('common.save')}
        onClose={props.onClose}
        onSubmit={async (to) => {
          if (to === name) return props.onClose();
          await api['tags.rename']({ from: name, to });
          toast(t('tag.renamed', { from: name, to }));
          props.onDone(to);
        }}
      />
    );
  }
  return (
    <PromptDialog
      id="tag-merge-dialog"
      title={t('tag.mergeTitle')}
      help={t('tag.mergeHelp', { name })}
      label={t('tag.mergeInto')}
      options={props.tags.map((x) => x.name).filter((n) => n !== name && !n.startsWith(`${name}/`))}
      confirm={t('common.ok')}
      onClose={props.onClose}
      onSubmit={async (into) => {
        await api['tags.merge']({ from: [name], into });
        toast(t('tag.merged', { from: name, to: into }));
        props.onDone(into);
      }}
    />
  );
}
