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
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
