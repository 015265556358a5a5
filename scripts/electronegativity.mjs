// `npm run lint:electron`: Electronegativity (Doyensec's checker for Electron misconfigurations and security
// anti-patterns) over src/, offline, plus the app's Content-Security-Policy through the evaluator it uses.
// Every finding must be justified by a row of the table under "Electronegativity findings" in
// ARCHITECTURE.md (check id and file); a finding without a row fails, and so does a row nothing matches
// any more (remove it). Part of `npm test` (scripts/test.mjs).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const pkgDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const fromTool = createRequire(path.join(pkgDir, 'package.json'));

// Offline: the tool downloads fresh translations at start and Electron's release notes for one check.
// Its HTTP client answers "no connection" at once instead, so no run depends on, or reaches, the network;
// that one check is skipped (see ARCHITECTURE.md) and the messages are its bundled English ones.
const gotPath = fromTool.resolve('got');
const offline = () => Promise.reject(new Error('Kho runs Electronegativity offline.'));
offline.head = offline;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [] };
process.env.LANG = 'en-US';
const NETWORK_CHECKS = ['availablesecurityfixesglobalcheck'];

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = String(pkg.devDependencies.electron).replace(/^[^\d]*/, '');

/** `{ check, file }` of each justified finding, from the table in ARCHITECTURE.md. */
function justified() {
  const doc = readFileSync(path.join(root, 'ARCHITECTURE.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('Electronegativity findings'));
  if (!section) throw new Error('ARCHITECTURE.md has no "## Electronegativity findings" section.');
  const rows = [];
  for (const line of section.split('\n')) {
    const m = /^\|\s*`([A-Z0-9_]+)`\s*\|\s*`([^`]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (m && m[3].trim()) rows.push({ check: m[1], file: m[2] });
  }
  return rows;
}

/** The app's policy for each of its carriers (src/shared/csp.ts, bundled on the fly: it is TypeScript). */
async function appPolicies() {
  const out = await build({
    entryPoints: [path.join(root, 'src/shared/csp.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const url = `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`;
  const { appCsp } = await import(url);
  return [
    appCsp({ assets: 'kho-asset', delivery: 'meta' }),
    appCsp({ assets: 'kho-asset', delivery: 'header' }),
    appCsp({ assets: 'same-origin', delivery: 'header' }),
  ];
}

/**
 * Electronegativity's CSP check cannot read a policy built by a function (it reports the carriers as
 * "review"); this evaluates the real policies with the same evaluator, keeping what it would report
 * (anything from "maybe medium" up).
 */
async function cspFindings() {
  const csp = fromTool('@doyensec/csp-evaluator');
  const findings = [];
  for (const policy of await appPolicies()) {
    const parsed = new csp.CspParser(policy).csp;
    for (const f of new csp.CspEvaluator(parsed, csp.Version.CSP3).evaluate()) {
      if (f.severity <= csp.severities.MEDIUM_MAYBE)
        findings.push({
          check: 'CSP_GLOBAL_CHECK',
          file: 'src/shared/csp.ts',
          where: f.directive,
          what: f.description,
        });
    }
  }
  return findings;
}

const run = fromTool(pkgDir);
const logged = [];
const log = console.log;
console.log = (...args) => logged.push(args.join(' '));
let result;
try {
  result = await run(
    {
      input: path.join(root, 'src'),
      electronVersionOverride: electronVersion,
      excludeFromScan: NETWORK_CHECKS,
      isRelative: true,
    },
    false,
  );
} finally {
  console.log = log;
}

const findings = [
  ...result.issues.map((i) => ({
    check: i.id,
    file: path.posix.join('src', i.file.split(path.sep).join('/')),
    where: `${i.location.line}:${i.location.column}`,
    what: i.description,
  })),
  ...(await cspFindings()),
];
const rows = justified();
const isRow = (f) => (r) => r.check === f.check && r.file === f.file;
const unjustified = findings.filter((f) => !rows.some(isRow(f)));
const stale = rows.filter((r) => !findings.some((f) => f.check === r.check && f.file === r.file));
const broken = result.errors.filter((e) => !e.tolerable);

for (const e of broken) console.error(`✗ could not parse ${path.relative(root, e.file)}: ${e.message}`);
for (const f of unjustified)
  console.error(`✗ ${f.check} ${f.file}:${f.where} — ${f.what}\n  Fix it, or justify it in ARCHITECTURE.md.`);
for (const r of stale)
  console.error(
    `✗ ARCHITECTURE.md justifies ${r.check} in ${r.file}, which is no longer found: remove the row.`,
  );
const failed = broken.length + unjustified.length + stale.length > 0;
// The tool's own notes (minus the translations it was not allowed to fetch), when they may explain a failure.
const notes = logged.filter((l) => !/updated translations/.test(l));
if (failed && notes.length) console.error(notes.join('\n'));
console.log(
  `electronegativity ${fromTool('./package.json').version} (Electron ${electronVersion}): ` +
    `${result.globalChecks + result.atomicChecks} checks over src/, ${findings.length} findings ` +
    `(app CSP included), ${findings.length - unjustified.length} justified in ARCHITECTURE.md` +
    `, ${unjustified.length} not`,
);
process.exitCode = failed ? 1 : 0;
