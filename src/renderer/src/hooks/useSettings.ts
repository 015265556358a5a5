import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';
import { KhoError } from '../../../shared/errors.js';
import { makeTranslate, resolveLang, type Lang, type Translate } from '../i18n/index.js';
import type { AppContext } from '../lib/context.js';
import { errorText } from '../lib/errors.js';
import { readSettings, SETTING_KEYS, type Settings } from '../lib/settings.js';

/**
 * The user's preferences: read from the archive once (`settings.get`), changed at once on screen and saved
 * in the background (`settings.set`), and the UI language they choose (else the browser's). `fail` lives
 * here because errors are reported in that language, and a failed load or save is one of them.
 */
export function useSettings(
  api: KhoApi,
  toast: AppContext['toast'],
): Pick<AppContext, 'settings' | 'setSetting' | 'lang' | 't' | 'fail'> & { loaded: boolean } {
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  const settings = useMemo(() => readSettings(values ?? {}), [values]);
  const lang: Lang = resolveLang(
    settings.lang === 'auto' ? null : settings.lang,
    navigator.languages ?? [navigator.language],
  );
  const t = useMemo(() => makeTranslate(lang), [lang]);

  // `fail` reads the language through a ref so it stays the same function, and effects that
  // depend on it (the settings load, list pages) do not run again when the language changes.
  const tRef = useRef<Translate>(t);
  tRef.current = t;
  const fail = useCallback(
    (err: unknown) => {
      console.error(KhoError.from(err));
      toast(tRef.current('common.error', { message: errorText(err) }), { kind: 'error' });
    },
    [toast],
  );

  const setSetting = useCallback(
    <K extends keyof Settings>(key: K, value: Settings[K]) => {
      const storeKey = SETTING_KEYS[key];
      setValues((v) => ({ ...(v ?? {}), [storeKey]: value }));
      api['settings.set']({ key: storeKey, value }).catch(fail);
    },
    [api, fail],
  );

  useEffect(() => {
    api['settings.get']({}).then(
      (r) => setValues(r.values),
      (err: unknown) => {
        setValues({});
        fail(err);
      },
    );
  }, [api, fail]);

  return { loaded: values !== null, settings, setSetting, lang, t, fail };
}
