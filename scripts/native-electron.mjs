// Prepares better-sqlite3 for Electron's ABI beside (never over) the Node build in node_modules.
// Output: build/native/electron-<version>-<platform>-<arch>/better_sqlite3.node, which src/main passes to
// better-sqlite3 as `nativeBinding`. Runs before `npm start` and `npm run dev`; a no-op once built.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronPkg = path.join(root, 'node_modules', 'electron', 'package.json');
if (!existsSync(electronPkg)) {
  console.error('Electron is not installed; run "npm install" first.');
  process.exit(1);
}
const version = JSON.parse(readFileSync(electronPkg, 'utf8')).version;
const target = path.join(root, 'build', 'native', `electron-${version}-${process.platform}-${process.arch}`);
const out = path.join(target, 'better_sqlite3.node');
if (existsSync(out)) process.exit(0);

console.log(`Preparing SQLite for Electron ${version} (one time)…`);
const src = path.join(root, 'build', 'native', '.better-sqlite3-src');
rmSync(src, { recursive: true, force: true });
cpSync(path.join(root, 'node_modules', 'better-sqlite3'), src, {
  recursive: true,
  filter: (p) => !p.includes(`${path.sep}build${path.sep}`) && !p.endsWith(`${path.sep}build`),
});

const run = (cmd, args) => execFileSync(cmd, args, { cwd: src, stdio: 'inherit', env: { ...process.env } });
const prebuild = path.join(root, 'node_modules', 'prebuild-install', 'bin.js');
let built = false;
try {
  // A prebuilt binary for this Electron version, when the project publishes one.
  run(process.execPath, [prebuild, '--runtime', 'electron', '--target', version, '--arch', process.arch]);
  built = existsSync(path.join(src, 'build', 'Release', 'better_sqlite3.node'));
} catch {
  built = false;
}
if (!built) {
  // Otherwise compile against Electron's headers with node-gyp (npm ships one; npm sets npm_config_node_gyp).
  const gyp =
    process.env.npm_config_node_gyp ??
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    );
  try {
    run(process.execPath, [
      gyp,
      'rebuild',
      '--release',
      `--target=${version}`,
      '--runtime=electron',
      '--dist-url=https://electronjs.org/headers',
    ]);
  } catch {
    console.error(
      `Could not build SQLite for Electron ${version}: neither a prebuilt binary nor Electron's headers could be downloaded.\n` +
        'The CLI, tests and `kho serve` do not need this step; the desktop window does.',
    );
    process.exit(1);
  }
}
mkdirSync(target, { recursive: true });
copyFileSync(path.join(src, 'build', 'Release', 'better_sqlite3.node'), out);
rmSync(src, { recursive: true, force: true });
console.log(`SQLite for Electron ready: ${path.relative(root, out)}`);
