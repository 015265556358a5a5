import { browserName, callKho, ConnectorError, loadSettings, saveToken } from './connector-client.js';

/**
 * Pairing as the extension sees it: ask Kho, show the code Kho also shows, wait for the person to
 * approve in Kho, keep the token. The state lives in session storage so a popup opened again shows it.
 */

export type PairingState =
  | { status: 'pending'; pairing_id: string; code: string; expires_at: string }
  | { status: 'approved' }
  | { status: 'failed'; message: string };

const KEY = 'pairing';
const POLL_MS = 1000;

/** The pairing in progress or just finished; an expired request counts as none. */
export async function readPairing(): Promise<PairingState | null> {
  const state = ((await chrome.storage.session.get(KEY))[KEY] as PairingState | undefined) ?? null;
  return state?.status === 'pending' && Date.parse(state.expires_at) <= Date.now() ? null : state;
}

async function writePairing(state: PairingState): Promise<void> {
  await chrome.storage.session.set({ [KEY]: state });
}

export function onPairing(listener: (state: PairingState) => void): void {
  chrome.storage.onChanged.addListener((changes, area) => {
    const change = changes[KEY];
    if (area === 'session' && change?.newValue) listener(change.newValue as PairingState);
  });
}

let running: Promise<boolean> | null = null;

/** Whether this background is already waiting for Kho's answer. */
export function isPairing(): boolean {
  return running !== null;
}

/**
 * Asks Kho to pair and waits for the answer; resolves true once the token is stored. A request still
 * pending (the browser stopped the background while the person was in Kho) is waited on again, not
 * replaced, so the code Kho shows stays the same.
 */
export function pair(): Promise<boolean> {
  running ??= runPairing().finally(() => {
    running = null;
  });
  return running;
}

async function runPairing(): Promise<boolean> {
  const settings = { ...(await loadSettings()), token: null };
  try {
    const previous = await readPairing();
    const started =
      previous?.status === 'pending' ? previous : await callKho('pair', { name: browserName() }, settings);
    const pending = {
      status: 'pending' as const,
      pairing_id: started.pairing_id,
      code: started.code,
      expires_at: started.expires_at,
    };
    await writePairing(pending);
    const deadline = Date.parse(started.expires_at);
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const answer = await callKho('pair-status', { pairing_id: started.pairing_id }, settings);
      if (answer.status === 'approved' && answer.token) {
        await saveToken(answer.token);
        await writePairing({ status: 'approved' });
        return true;
      }
      if (answer.status !== 'pending') {
        await writePairing({
          status: 'failed',
          message:
            answer.status === 'denied'
              ? 'Kho refused the pairing.'
              : 'The pairing request expired. Try again.',
        });
        return false;
      }
      // Each write is an extension API call, which keeps Chromium's service worker awake while waiting.
      await writePairing(pending);
    }
    await writePairing({ status: 'failed', message: 'The pairing request expired. Try again.' });
    return false;
  } catch (err) {
    const message = err instanceof ConnectorError ? err.message : String(err);
    await writePairing({ status: 'failed', message });
    return false;
  }
}
