import { defineConfig } from 'vitest/config';

// Tests that replace a module with a stand-in (only `electron`, which cannot run here) must not share a module
// cache with the rest, so they run in their own isolated project.
const MOCKING = [
  'tests/main/**/*.test.ts',
  'tests/packaging/native-binding.test.ts',
  'tests/packaging/updater.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits 1 s by default; end-to-end steps on a loaded 2-core machine can take longer.
    expect: { poll: { timeout: 10_000 } },
    // Two cores: keep worker count small so SQLite, Chromium and the search worker don't starve each other.
    maxWorkers: 2,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'kho',
          include: ['tests/**/*.test.ts'],
          exclude: MOCKING,
          // Test files share a worker's module cache instead of re-importing the engine, zod and linkedom for
          // each file: about a third of the suite's CPU. Safe because these tests mock no module and change no
          // globals; every test opens its own archive, server and temp dir.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'electron-glue', include: MOCKING, isolate: true } },
    ],
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
