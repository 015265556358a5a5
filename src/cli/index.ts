#!/usr/bin/env node
// The `kho` command (bundled into out/cli/kho.js): runCli wired to the real process.
import { runCli } from './run.js';

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  untilStopped: () =>
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`kho: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
