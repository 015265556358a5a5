import { useEffect, useRef, useState } from 'preact/hooks';
import { useDialogAction } from '../hooks/useDialogAction.js';
import { useApp } from '../lib/context.js';
import { Dialog, InlineError } from './Dialog.js';
import { TagInput } from './TagInput.js';

/** A dialog asking for one line of text (tag names, saved search names). */
export function PromptDialog(props: {
  id: string;
  title: string;
  help?: string;
  label: string;
  initial?: string;
  /** Tags to complete from (a tag field with a completion list). */
  options?: readonly string[];
  /** With options: whether a name that is not among them may be given. */
  allowNew?: boolean;
  confirm: string;
  onClose(): void;
  onSubmit(value: string): Promise<void>;
}) {
  const { t } = useApp();
  const [value, setValue] = useState(props.initial ?? '');
  const { busy, error, run } = useDialogAction();
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);
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
            type="submit"
            form={`${props.id}-form`}
            class="btn btn-primary"
            disabled={busy || !value.trim()}
          >
            {props.confirm}
          </button>
        </>
      }
    >
      <form
        id={`${props.id}-form`}
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (value.trim()) await run(() => props.onSubmit(value.trim()));
        }}
      >
        {props.help ? <p class="muted">{props.help}</p> : null}
        {props.options ? (
          <div class="field">
            <span aria-hidden="true">{props.label}</span>
            <TagInput
              allTags={props.options}
              value={value}
              onValue={setValue}
              onPick={setValue}
              allowCreate={props.allowNew !== false}
              label={props.label}
              inputRef={inputRef}
            />
          </div>
        ) : (
          <label class="field">
            <span>{props.label}</span>
            <input
              ref={inputRef}
              type="text"
              value={value}
              onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
        )}
        <InlineError message={error} />
      </form>
    </Dialog>
  );
}
