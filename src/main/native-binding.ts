import { app } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The one place that decides which better-sqlite3 binary the app (and its search worker) loads.
 *
 * better-sqlite3 is native, and Node and Electron need different ABI builds of it:
 * - Packaged (`app.isPackaged`): electron-builder rebuilt it for Electron and unpacked the .node file from
 *   app.asar (`asarUnpack`), so it sits in app.asar.unpacked beside the archive. The real path is passed on
 *   so the search worker's dlopen never depends on asar redirection.
 * - From a checkout (`npm start`, `npm run dev`): node_modules keeps the Node build (tests, CLI, `kho serve`);
 *   scripts/native-electron.mjs builds the Electron one into build/native/electron-<v>-<platform>-<arch>/.
 * Either way a missing file is a clear error naming the file and what to do.
 */

export interface BindingPlace {
  /** The app's root: `…/resources/app.asar` when packaged, the checkout when not. */
  appRoot: string;
  isPackaged: boolean;
  electronVersion: string;
  platform: string;
  arch: string;
}

const MODULE_FILE = ['node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'];

/** Where the binary for this place lives, and what to tell the user when it does not. */
export function nativeBindingFile(place: BindingPlace): { file: string; missing: string } {
  if (place.isPackaged) {
    // Unpacked files live in "<archive>.unpacked"; an app packaged without asar keeps them in place.
    const root = place.appRoot.endsWith('.asar') ? `${place.appRoot}.unpacked` : place.appRoot;
    const file = path.join(root, ...MODULE_FILE);
    return {
      file,
      missing: `Kho's SQLite module is missing from this installation (${file}). Reinstall Kho.`,
    };
  }
  const dir = `electron-${place.electronVersion}-${place.platform}-${place.arch}`;
  const file = path.join(place.appRoot, 'build', 'native', dir, 'better_sqlite3.node');
  return {
    file,
    missing: `The SQLite module for Electron ${place.electronVersion} is missing (${file}). Start Kho with "npm start" or "npm run dev", which prepare it.`,
  };
}

/** The better_sqlite3.node to pass to better-sqlite3 as `nativeBinding` in this Electron process. */
export function electronNativeBinding(appRoot: string): string {
  const { file, missing } = nativeBindingFile({
    appRoot,
    isPackaged: app.isPackaged,
    electronVersion: process.versions.electron ?? 'unknown',
    platform: process.platform,
    arch: process.arch,
  });
  if (!existsSync(file)) throw new Error(missing);
  return file;
}
