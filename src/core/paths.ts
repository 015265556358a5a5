import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Kho';

/**
 * The per-user folder the Electron app uses as `userData` (Electron's own convention for productName "Kho").
 * The main process sets app.setPath('userData', ...) to this, so the CLI and the app always agree.
 */
export function appUserDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_NAME);
}

/** Where the archive lives: --data, else KHO_DATA_DIR, else `<userData>/archive`. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.KHO_DATA_DIR) return path.resolve(env.KHO_DATA_DIR);
  return path.join(appUserDataDir(env), 'archive');
}
