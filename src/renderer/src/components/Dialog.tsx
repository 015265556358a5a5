import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useApp } from '../lib/context.js';
import { Icon } from './Icon.js';

/**
 * A modal dialog on the native <dialog> element: focus is trapped and restored by the browser,
 * Escape closes it (through onClose), and it is announced with its title.
 */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  footer?: ComponentChildren;
  wide?: boolean;
  id?: string;
  /** While true, Escape and the close button do nothing (e.g. during a save). */
  busy?: boolean;
}) {
  const { t } = useApp();
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(props.onClose);
  onCloseRef.current = props.onClose;
  const busyRef = useRef(props.busy);
  busyRef.current = props.busy;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      if (!busyRef.current) onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (previous && document.contains(previous)) previous.focus();
    };
  }, []);

  const titleId = `${props.id ?? 'dlg'}-title`;
  return (
    <dialog
      ref={ref}
      id={props.id}
      class={`dialog${props.wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      onMouseDown={(e) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (e.target === ref.current && !busyRef.current) {
          const r = ref.current!.getBoundingClientRect();
          const inside =
            e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
          if (!inside) props.onClose();
        }
      }}
    >
      <header class="dialog-head">
        <h2 id={titleId}>{props.title}</h2>
        <button
          type="button"
          class="icon-btn"
          aria-label={t('common.close')}
          title={t('common.close')}
          disabled={props.busy}
          onClick={() => props.onClose()}
        >
          <Icon name="close" />
        </button>
      </header>
      <div class="dialog-body">{props.children}</div>
      {props.footer ? <footer class="dialog-foot">{props.footer}</footer> : null}
    </dialog>
  );
}

/** A form's error, announced as it appears; renders nothing when there is none. */
export function InlineError(props: { message: string | null }) {
  return props.message ? (
    <p class="inline-error" role="alert">
      {props.message}
    </p>
  ) : null;
}

/** The footer of a dialog that runs a job: Stop while it runs, Done once it has finished, else Cancel and `start`. */
export function JobFooter(props: {
  running: boolean;
  finished: boolean;
  onStop(): void;
  onClose(): void;
  start: ComponentChildren;
}) {
  const { t } = useApp();
  if (props.running)
    return (
      <button type="button" class="btn" onClick={props.onStop}>
        {t('add.stop')}
      </button>
    );
  if (props.finished)
    return (
      <button type="button" class="btn btn-primary" onClick={props.onClose}>
        {t('import.finish')}
      </button>
    );
  return (
    <>
      <button type="button" class="btn" onClick={props.onClose}>
        {t('common.cancel')}
      </button>
      {props.start}
    </>
  );
}
