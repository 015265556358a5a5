// `npm test`: every check the project has, in as little wall-clock time as a 2-core machine allows.
// The build, ESLint, Prettier, knip, tsc and Electronegativity start together, each single-threaded step
// filling the gaps of the others; Vitest starts the moment the build is done (the CLI and end-to-end tests
// need it) and overlaps the checks still running. The checks' output is printed whole at the end, after Vitest's; the exit code
// is non-zero if any step failed. Arguments go to Vitest: `npm test -- tests/foundation`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const env = {
  ...process.env,
  PATH: [path.join(root, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter),
};
const started = performance.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
/** One shell word, whatever it contains. */
const quote = (arg) =>
  process.platform === 'win32' ? `"${arg.replace(/"/g, '""')}"` : `'${arg.replace(/'/g, `'\\''`)}'`;

/** Runs a package.json script's command line (not through npm, which costs a process per step). */
function run(name, { quiet, args = [] }) {
  const t0 = performance.now();
  const command = [scripts[name], ...args.map(quote)].join(' ');
  const child = spawn(command, {
    cwd: root,
    env,
    shell: true,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
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
  run(name, { quiet: true }),
);
const build = await run('build', { quiet: true });
let tests;
if (build.ok) {
  tests = await run('test:vitest', { quiet: false, args: process.argv.slice(2) });
} else {
  tests = { name: 'test:vitest', ok: false, code: 'not run: the build failed', took: 0, end: 0 };
}
const results = [build, ...(await Promise.all(checks)), tests];

for (const r of results) {
  if (r.output && (!r.ok || r.name !== 'build'))
    process.stdout.write(`\n── ${r.name} ──\n${r.output.trimEnd()}\n`);
}
process.stdout.write('\n');
for (const r of results) {
  const status = r.ok ? '✓' : `✗ (${r.code})`;
  process.stdout.write(
    `${status} ${r.name.padEnd(14)} ${seconds(r.took).padStart(7)}   done at ${seconds(r.end)}\n`,
  );
}
process.stdout.write(`npm test: ${seconds(performance.now() - started)}\n`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
