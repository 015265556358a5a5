#!/usr/bin/env node
// The `kho` command: runs the bundled CLI (out/cli/kho.js, written by `npm run build` and shipped in the npm
// package), with clear messages when it has not been built or SQLite's native module was never installed.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'out', 'cli', 'kho.js');
if (!existsSync(entry)) {
  console.error('kho: Kho is not built yet. Run "npm run build" in the Kho folder first.');
  process.exit(1);
}

// better-sqlite3's install script fetches (or compiles) its native module; npm skips dependency install
// scripts unless they are allowed, which leaves the package without it.
let sqliteDir = null;
try {
  sqliteDir = path.dirname(createRequire(entry).resolve('better-sqlite3/package.json'));
} catch {
  sqliteDir = null;
}
if (!sqliteDir || !existsSync(path.join(sqliteDir, 'build', 'Release', 'better_sqlite3.node'))) {
  console.error(
    'kho: SQLite support (better-sqlite3) was installed without its native module, because npm did not run its install script.\n' +
      'Reinstall with: npm install -g --allow-scripts=better-sqlite3 <the kho package>',
  );
  process.exit(1);
}

await import(pathToFileURL(entry).href);
