// Packages Kho with electron-builder (config: electron-builder.yml); arguments pass through, e.g.
//   node scripts/dist.mjs --linux          node scripts/dist.mjs --mac --publish always
// electron-builder rebuilds better-sqlite3 for Electron inside node_modules. That folder also serves the
// tests, the CLI and `kho serve`, which need the Node build, so the Node binary is put back afterwards
// (whether packaging worked or not) and `npm test` keeps working after `npm run dist`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodeBuild = path.join(
  root,
  'node_modules',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node',
);
const keep = mkdtempSync(path.join(tmpdir(), 'kho-dist-'));
const saved = path.join(keep, 'better_sqlite3.node');
if (existsSync(nodeBuild)) copyFileSync(nodeBuild, saved);

const cli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
const args = process.argv.slice(2);
if (!args.includes('--publish')) args.push('--publish', 'never');
const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });

if (existsSync(saved)) copyFileSync(saved, nodeBuild);
rmSync(keep, { recursive: true, force: true });
process.exit(result.status ?? 1);
