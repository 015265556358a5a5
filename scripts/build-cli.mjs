// Bundles the `kho` command, its search worker and the bench into out/cli with esbuild.
// Node packages stay external (better-sqlite3 is native; the rest resolve from node_modules).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];

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
  sourcemap: true,
  external,
  logLevel: 'warning',
  // ESM bundles have no __dirname/require; some dependencies expect them.
  banner: {
    js: "import { createRequire as __khoCreateRequire } from 'node:module'; const require = __khoCreateRequire(import.meta.url);",
  },
});
