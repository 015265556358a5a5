import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep worker count small so SQLite, Chromium and the search worker don't starve each other.
    maxWorkers: 2,
    pool: 'forks',
    // Test files share a worker's module cache instead of re-importing the engine, zod and linkedom for each
    // file: about a third of the suite's CPU. Safe because no test mocks modules or changes globals; every
    // test opens its own archive, server and temp dir. A future test that must mock a module (electron)
    // goes in a second `projects` entry with isolate: true.
    isolate: false,
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
