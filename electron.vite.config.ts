import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
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

// main and preload are thin Electron glue; the engine lives in src/core (run by the archive host) and is
// shared with the CLI.
export default defineConfig({
  main: {
    // Keeps only package.json "dependencies" (better-sqlite3, electron-updater) external: they ship as
    // node_modules in app.asar. Every other package is bundled (ARCHITECTURE.md, "Packaging").
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The archive host (and the browser extension's connector) runs as a utilityProcess;
          // src/main/archive-process.ts looks for it here.
          'archive-host': resolve(__dirname, 'src/host/entry.ts'),
          // The search worker (started by the archive host) sits beside it, where src/core/search looks.
          'search-worker': resolve(__dirname, 'src/core/search/worker.ts'),
        },
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
