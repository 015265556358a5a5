// `npm test` and `npm run test:all` (`--all`), in as little wall-clock time as a 2-core machine allows.
// The build, ESLint, Prettier, knip, tsc and Electronegativity start together, each single-threaded step
// filling the gaps of the others. `npm test` starts Vitest with them: its tests run in-process and need no
// build. `--all` adds the process tier (tests/tiers.ts: real Chromium, the built CLI and host, stress), so
// Vitest starts the moment the build is done and overlaps the checks still running. The checks' output is
// printed whole at the end, after Vitest's; the exit code is non-zero if any step failed. Other arguments
// go to Vitest: `npm test -- tests/foundation`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { inputsDigest, record, upToDate } from './build-stamp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const all = args.includes('--all');
const env = {
  ...process.env,
  PATH: [path.join(root, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter),
};
const vitestArgs = args.filter((a) => a !== '--all');
const started = performance.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
/** One shell word, whatever it contains. */
const quote = (arg) =>
  process.platform === 'win32' ? `"${arg.replace(/"/g, '""')}"` : `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Runs a package.json script's command line (not through npm, which costs a process per step). A step in
 * the `background` runs at a lowest CPU priority (niceness 19, inherited by what it starts): Vitest is the
 * longest step, and the checks then fill the time its tests spend waiting instead of slowing them down.
 */
function run(name, { quiet, args = [], background = false }) {
  const t0 = performance.now();
  const command = [scripts[name], ...args.map(quote)].join(' ');
  const child = spawn(command, {
    cwd: root,
    env,
    shell: true,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  // Set before the shell has parsed its line, so every process it starts inherits it.
  if (background && child.pid) {
    try {
      setPriority(child.pid, 19);
    } catch {
      // Not permitted here: the step runs at normal priority, only slower overall.
    }
  }
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return new Promise((resolve) => {
    child.on('close', (code, signal) =>
      resolve({
        name,
        ok: code === 0,
        code: code ?? signal,
        output,
        took: performance.now() - t0,
        end: performance.now() - started,
      }),
    );
  });
}

const checks = ['lint:eslint', 'lint:prettier', 'lint:knip', 'typecheck', 'lint:electron'].map((name) =>
  run(name, { quiet: true, background: true }),
);
// The build is skipped when its inputs are those of the last build here (scripts/build-stamp.mjs). With
// --all, Vitest waits for the build, so the build is not in the background.
const inputs = inputsDigest();
const building = upToDate(inputs)
  ? Promise.resolve({ name: 'build', ok: true, code: 0, output: '', took: 0, end: 0, reused: true })
  : run('build', { quiet: true, background: !all }).then((r) => {
      if (r.ok) record(inputs);
      return r;
    });
const vitest = all ? 'test:vitest:all' : 'test:vitest';
const tests =
  !all || (await building).ok
    ? await run(vitest, { quiet: false, args: vitestArgs })
    : { name: vitest, ok: false, code: 'not run: the build failed', took: 0, end: 0 };
const results = [await building, ...(await Promise.all(checks)), tests];

for (const r of results) {
  if (r.output && (!r.ok || r.name !== 'build'))
    process.stdout.write(`\n── ${r.name} ──\n${r.output.trimEnd()}\n`);
}
process.stdout.write('\n');
for (const r of results) {
  const status = r.ok ? '✓' : `✗ (${r.code})`;
  const timing = r.reused
    ? 'reused: no input changed since the last build'
    : `${seconds(r.took).padStart(7)}   done at ${seconds(r.end)}`;
  process.stdout.write(`${status} ${r.name.padEnd(15)} ${timing}\n`);
}
process.stdout.write(`${all ? 'npm run test:all' : 'npm test'}: ${seconds(performance.now() - started)}\n`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
