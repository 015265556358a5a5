import { defineConfig } from 'vitest/config';
import { PROCESS_TIER, QUICK_PROJECTS } from './tests/tiers';

// Tests that replace a module with a stand-in (only `electron`, which cannot run here) must not share a module
// cache with the rest, so they run in isolated projects.
const MOCKING = [
  'tests/main/**/*.test.ts',
  'tests/packaging/native-binding.test.ts',
  'tests/packaging/updater.test.ts',
];
const PROCESS_MOCKING = PROCESS_TIER.filter((f) => f.startsWith('tests/main/'));

// Test files share a worker's module cache instead of re-importing the engine, zod and linkedom for each
// file: about a third of the suite's CPU. Safe because these tests mock no module and change no globals;
// every test opens its own archive, server and temp dir.
const SHARED = { isolate: false };

const [quick, quickGlue] = QUICK_PROJECTS;

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
    // Transformed modules are kept in node_modules/.experimental-vitest-cache between runs (each run
    // re-transformed ~9 CPU-seconds of TypeScript); keyed by file content, cleared by reinstalling.
    experimental: { fsModuleCache: true },
    // The quick tier (`npm test`, `npm run test:watch`) and the process tier (tests/tiers.ts), each split
    // by whether a file mocks `electron`.
    projects: [
      {
        extends: true,
        test: {
          name: quick,
          include: ['tests/**/*.test.ts'],
          exclude: [...MOCKING, ...PROCESS_TIER],
          ...SHARED,
        },
      },
      {
        extends: true,
        test: { name: quickGlue, include: MOCKING, exclude: PROCESS_TIER, isolate: true },
      },
      {
        extends: true,
        test: { name: 'processes', include: PROCESS_TIER, exclude: MOCKING, ...SHARED },
      },
      { extends: true, test: { name: 'processes-glue', include: PROCESS_MOCKING, isolate: true } },
    ],
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
