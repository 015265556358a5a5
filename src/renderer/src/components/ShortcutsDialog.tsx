import type { MessageKey } from '../i18n/index.js';
import { useApp } from '../lib/context.js';
import { Dialog } from './Dialog.js';

/** The keys `useKeyboardMap` (and the list itself) answer to, as the "?" dialog lists them. */
const SHORTCUTS: Array<[string[], MessageKey]> = [
  [['j'], 'keys.next'],
  [['k'], 'keys.prev'],
  [['Enter'], 'keys.open'],
  [['/', 'Ctrl+K'], 'keys.search'],
  [['h'], 'keys.highlight'],
  [['n'], 'keys.note'],
  [['t'], 'keys.tag'],
  [['a'], 'keys.archive'],
  [['f'], 'keys.favorite'],
  [['Esc'], 'keys.escape'],
  [['?'], 'keys.help'],
];

export function ShortcutsDialog(props: { onClose(): void }) {
  const { t } = useApp();
  return (
    <Dialog id="shortcuts-dialog" title={t('keys.title')} onClose={props.onClose}>
      <table class="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, label]) => (
            <tr key={label}>
              <th scope="row">
                {keys.map((k, i) => (
                  <>
                    {i > 0 ? ' / ' : null}
                    <kbd key={k}>{k}</kbd>
                  </>
                ))}
              </th>
              <td>{t(label)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('keys.selectHow')}</th>
            <td>{t('keys.select')}</td>
          </tr>
        </tbody>
      </table>
    </Dialog>
  );
}
