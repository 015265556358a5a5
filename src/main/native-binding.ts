import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 is a native module and Node and Electron need different ABI builds of it.
 * node_modules keeps the Node build (tests, CLI, `kho serve`); `npm start` runs scripts/native-electron.mjs,
 * which builds the Electron one into build/native/<electron-version>-<platform>-<arch>/, and the app passes
 * that file to better-sqlite3 as `nativeBinding`. Neither runtime ever overwrites the other's binary.
 */
export function electronNativeBinding(appRoot: string): string {
  const dir = `electron-${process.versions.electron}-${process.platform}-${process.arch}`;
  const file = path.join(appRoot, 'build', 'native', dir, 'better_sqlite3.node');
  if (!existsSync(file)) {
    throw new Error(
      `The SQLite module for Electron ${process.versions.electron} is missing (${file}). Start Kho with "npm start", which prepares it.`,
    );
  }
  return file;
}
