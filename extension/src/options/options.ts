import { DEFAULT_PORT, loadSettings, saveToken } from '../connector-client.js';

/** Options: the connector port (for a Kho started with another one) and forgetting the pairing. */

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

async function refresh(): Promise<void> {
  const { port, token } = await loadSettings();
  $<HTMLInputElement>('port').value = String(port);
  $('paired').textContent = token
    ? 'This browser is paired with Kho.'
    : 'This browser is not paired with Kho yet.';
  $<HTMLButtonElement>('forget').disabled = !token;
}

$('save-port').addEventListener('click', () => {
  const port = Number($<HTMLInputElement>('port').value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    $('status').textContent = 'A port is a whole number from 1 to 65535.';
    return;
  }
  const stored =
    port === DEFAULT_PORT ? chrome.storage.local.remove('port') : chrome.storage.local.set({ port });
  void stored.then(() => {
    $('status').textContent = `Kho is looked for on 127.0.0.1:${port}.`;
    return refresh();
  });
});

$('forget').addEventListener('click', () => {
  void saveToken(null).then(() => {
    $('status').textContent = 'Forgotten. The next save asks to pair again.';
    return refresh();
  });
});

void refresh();
