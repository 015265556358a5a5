import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../helpers/paths.js';

const electron = vi.hoisted(() => ({ isPackaged: false }));
vi.mock('electron', () => ({
  app: {
    get isPackaged() {
      return electron.isPackaged;
    },
  },
}));

const { electronNativeBinding } = await import('../../src/main/native-binding.js');

// The Node build of better-sqlite3 stands in for the Electron build: same file name, and this process can load it.
const NODE_BUILD = path.join(
  path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  'better_sqlite3.node',
);
const ELECTRON_VERSION = '38.8.6';

function place(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(NODE_BUILD, file);
  return file;
}

function opens(nativeBinding: string): string {
  const db = new Database(':memory:', { nativeBinding });
  try {
    return (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('kho-binding-');
  Object.defineProperty(process.versions, 'electron', { value: ELECTRON_VERSION, configurable: true });
});
afterEach(() => {
  delete (process.versions as Record<string, string | undefined>).electron;
  tmp.cleanup();
});

describe('the native binding', () => {
  it('comes from app.asar.unpacked in a packaged app, and loads', () => {
    electron.isPackaged = true;
    const resources = path.join(tmp.dir, 'resources');
    mkdirSync(resources);
    writeFileSync(path.join(resources, 'app.asar'), 'asar');
    const unpacked = place(
      path.join(
        resources,
        'app.asar.unpacked',
        'node_modules',
        'better-sqlite3',
        'build',
        'Release',
        'better_sqlite3.node',
      ),
    );

    const chosen = electronNativeBinding(path.join(resources, 'app.asar'));
    expect(chosen).toBe(unpacked);
    expect(opens(chosen)).toMatch(/^3\.\d+\.\d+$/);
  });

  it('says to reinstall when the packaged binary is missing', () => {
    electron.isPackaged = true;
    const appRoot = path.join(tmp.dir, 'resources', 'app.asar');
    expect(() => electronNativeBinding(appRoot)).toThrow(
      `Kho's SQLite module is missing from this installation (${path.join(`${appRoot}.unpacked`, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')}). Reinstall Kho.`,
    );
  });

  it('comes from build/native/electron-<version>-<platform>-<arch> in a checkout, and loads', () => {
    electron.isPackaged = false;
    const built = place(
      path.join(
        tmp.dir,
        'build',
        'native',
        `electron-${ELECTRON_VERSION}-${process.platform}-${process.arch}`,
        'better_sqlite3.node',
      ),
    );
    // The Node build in node_modules is never the Electron app's.
    place(path.join(tmp.dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
    const chosen = electronNativeBinding(tmp.dir);
    expect(chosen).toBe(built);
    expect(opens(chosen)).toMatch(/^3\./);
  });

  it('says to run npm start when the checkout has not prepared it', () => {
    electron.isPackaged = false;
    place(
      path.join(
        tmp.dir,
        'build',
        'native',
        `electron-37.0.0-${process.platform}-${process.arch}`,
        'better_sqlite3.node',
      ),
    );
    expect(() => electronNativeBinding(tmp.dir)).toThrow(
      /The SQLite module for Electron 38\.8\.6 is missing \(.*electron-38\.8\.6-.*better_sqlite3\.node\)\. Start Kho with "npm start"/,
    );
  });
});
