import { useState } from 'preact/hooks';
import { errorText } from '../lib/errors.js';

/** A dialog's confirm action: busy while it runs (buttons and Escape wait), its error shown in the dialog. */
export function useDialogAction(): {
  busy: boolean;
  error: string | null;
  run(action: () => Promise<void>): Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
