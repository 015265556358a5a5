#!/usr/bin/env node
import { runCli } from './main.js';

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`kho: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
