import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { build as esbuild, type OutputFile } from 'esbuild';
import type { Plugin } from 'vite';
import { appCsp } from './src/shared/csp';

const CHARSET_TAG = '<meta charset="UTF-8" />';

/**
 * Puts the app's CSP (src/shared/csp.ts, the policy `kho serve` and the Electron session send too) in
 * index.html, right after the charset declaration so it applies before anything loads.
 */
function cspMetaTag(): Plugin {
  return {
    name: 'kho-csp-meta',
    transformIndexHtml(html) {
      const policy = appCsp({ assets: 'kho-asset', delivery: 'meta' });
      if (!html.includes(CHARSET_TAG))
        throw new Error(`index.html needs ${CHARSET_TAG} for the CSP to follow.`);
      if (policy.includes('"')) throw new Error('The CSP cannot go in a double-quoted attribute.');
      return html.replace(
        CHARSET_TAG,
        `${CHARSET_TAG}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
      );
    },
  };
}

/**
 * The archive host (a utilityProcess, which also runs the browser extension's connector) and the search
 * worker it starts, bundled by esbuild as the CLI is: Rollup took ~11 s for these 2.3 MB, esbuild ~1 s.
 * They go beside the main bundle, where src/main/archive-process.ts and src/core/search look. Bundled at
 * the start of each main build (its inputs watched under `npm run dev`), written once out/main is there.
 * Only package.json "dependencies" stay external: they ship as node_modules in app.asar.
 */
function hostBundle(): Plugin {
  const pkg = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  let files: OutputFile[] = [];
  return {
    name: 'kho-host-bundle',
    async buildStart() {
      const result = await esbuild({
        entryPoints: {
          'archive-host': resolve(__dirname, 'src/host/entry.ts'),
          'search-worker': resolve(__dirname, 'src/core/search/worker.ts'),
        },
        outdir: resolve(__dirname, 'out/main'),
        // Chunks stay beside the entries: the engine finds search-worker.js next to its own file.
        chunkNames: 'host-[name]-[hash]',
        bundle: true,
        splitting: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        external: [...Object.keys(pkg.dependencies ?? {}), 'electron'],
        // ESM bundles have no require; some bundled CommonJS packages call it.
        banner: {
          js: "import { createRequire as __khoCreateRequire } from 'node:module'; const require = __khoCreateRequire(import.meta.url);",
        },
        metafile: true,
        write: false,
        logLevel: 'warning',
      });
      files = result.outputFiles;
      for (const input of Object.keys(result.metafile.inputs))
        if (!input.includes('node_modules')) this.addWatchFile(resolve(__dirname, input));
    },
    writeBundle() {
      for (const file of files) {
        mkdirSync(dirname(file.path), { recursive: true });
        writeFileSync(file.path, file.contents);
      }
    },
  };
}

// main and preload are thin Electron glue; the engine lives in src/core (run by the archive host) and is
// shared with the CLI.
export default defineConfig({
  main: {
    // Keeps only package.json "dependencies" (better-sqlite3, electron-updater) external: they ship as
    // node_modules in app.asar. Every other package is bundled (ARCHITECTURE.md, "Packaging").
    plugins: [externalizeDepsPlugin(), hostBundle()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/index.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    // No externalised dependencies: a sandboxed preload can require only electron, so anything it
    // imports is bundled (today only the zod-free src/shared/operations.ts).
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [cspMetaTag()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  },
});
