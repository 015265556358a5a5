/**
 * The two tiers of the suite. `npm test` runs every static check, the build and every in-process test, in
 * under a minute on a 2-core machine; `npm run test:all` (README's test command, and CI's) adds the files
 * below. These start real browsers or real processes, or run a whole corpus, so each costs seconds to tens
 * of seconds. tests/foundation/test-tiers.test.ts keeps browsers and processes out of the quick tier as the
 * suite grows.
 */
export const PROCESS_TIER = [
  // Real Chromium.
  'tests/e2e/**/*.test.ts',
  'tests/extension/chromium.test.ts',
  'tests/extension/settings-ui.test.ts',
  // Real processes: the built `kho`, the archive host, Electron stand-ins, SIGKILL loops, socket floods.
  'tests/archive/fetch-queue-crash.test.ts',
  'tests/extension/package.test.ts',
  'tests/foundation/cli-process.test.ts',
  'tests/main/archive-host.test.ts',
  'tests/main/event-loop.test.ts',
  'tests/main/host-connector.test.ts',
  'tests/packaging/electron-builder.test.ts',
  'tests/packaging/npm-pack.test.ts',
  'tests/server/concurrent-writers.test.ts',
  'tests/server/flood.test.ts',
  'tests/trust/capture-memory.test.ts',
  'tests/trust/corruption.test.ts',
  'tests/trust/crash.test.ts',
  'tests/trust/faults.test.ts',
  'tests/trust/write-lock.test.ts',
  // Whole corpora: every Readability page, every known-item query.
  'tests/capture/readability-suite.test.ts',
  'tests/search/known-item.test.ts',
];

/** Vitest's projects of the quick tier (vitest.config.ts); package.json's quick scripts name them. */
export const QUICK_PROJECTS = ['kho', 'electron-glue'] as const;
