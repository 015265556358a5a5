#!/usr/bin/env node
// The built CLI (npm run build writes out/cli/kho.js); a clear message when it has not been built.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'cli', 'kho.js');
if (!existsSync(entry)) {
  console.error('kho: Kho is not built yet. Run "npm run build" in the Kho folder first.');
  process.exit(1);
}
await import(pathToFileURL(entry).href);
