import type { ToastItem } from '../hooks/useToasts.js';
import { useApp } from '../lib/context.js';
import { Icon } from './Icon.js';

/** Toasts: news in a polite live region, errors in an alert region; an action (undo) dismisses its toast and runs. */
export function Toasts(props: { items: ToastItem[]; onDismiss(id: number): void }) {
  const { t, fail } = useApp();
  return (
    <div class="toasts" role="region" aria-label={t('toast.region')}>
      <div aria-live="polite" class="toast-live">
        {props.items
          .filter((i) => i.kind === 'info')
          .map((item) => (
            <ToastView key={item.id} item={item} t={t} onDismiss={props.onDismiss} fail={fail} />
          ))}
      </div>
      <div role="alert" class="toast-live">
        {props.items
          .filter((i) => i.kind === 'error')
          .map((item) => (
            <ToastView key={item.id} item={item} t={t} onDismiss={props.onDismiss} fail={fail} />
          ))}
      </div>
    </div>
  );
}

function ToastView(props: {
  item: ToastItem;
  t: ReturnType<typeof useApp>['t'];
  onDismiss(id: number): void;
  fail(err: unknown): void;
}) {
  const { item, t } = props;
  return (
    <div class={`toast toast-${item.kind}`}>
      <span class="toast-msg">{item.message}</span>
      {item.action ? (
        <button
          type="button"
          class="btn btn-small toast-action"
          onClick={async () => {
            props.onDismiss(item.id);
            try {
              await item.action!.run();
            } catch (err) {
              props.fail(err);
            }
          }}
        >
          {item.action.label}
        </button>
      ) : null}
      <button
        type="button"
        class="icon-btn"
        aria-label={t('toast.dismiss')}
        title={t('toast.dismiss')}
        onClick={() => props.onDismiss(item.id)}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
