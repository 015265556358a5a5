import { useDialogAction } from '../hooks/useDialogAction.js';
import { useApp } from '../lib/context.js';
import { Dialog, InlineError } from './Dialog.js';

/** A question with one confirming action (dangerous ones in red); the action's error stays in the dialog. */
export function ConfirmDialog(props: {
  id: string;
  title: string;
  body: string;
  confirm: string;
  danger?: boolean;
  onClose(): void;
  onConfirm(): Promise<void>;
}) {
  const { t } = useApp();
  const { busy, error, run } = useDialogAction();
  return (
    <Dialog
      id={props.id}
      title={props.title}
      onClose={props.onClose}
      busy={busy}
      footer={
        <>
          <button type="button" class="btn" onClick={props.onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            class={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`}
            disabled={busy}
            onClick={() => void run(props.onConfirm)}
          >
            {props.confirm}
          </button>
        </>
      }
    >
      <p>{props.body}</p>
      <InlineError message={error} />
    </Dialog>
  );
}
