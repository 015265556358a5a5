import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROCESS_TIER, QUICK_PROJECTS } from '../tiers.js';
import { REPO_ROOT } from '../helpers/paths.js';

/**
 * `npm test` stays quick as the suite grows only if what starts browsers and processes stays in the
 * process tier (tests/tiers.ts). A quick-tier file may not import child_process or playwright-core, nor
 * the helpers that start a process or a browser; a new module that can start one must be named here.
 */

/** Test modules that import child_process or playwright-core, and which of their exports start something. */
const STARTERS: Record<string, string[]> = {
  'tests/helpers/cli.ts': ['kho', 'khoAsync', 'khoJson', 'KHO_BIN'],
  'tests/trust/support.ts': ['runScenario', 'mountTmpfs'],
  'tests/e2e/support/kho.ts': ['launchChromium', 'startKho'],
  'tests/e2e/support/session.ts': ['openSession'],
  'tests/extension/support/chromium.ts': ['launchWithExtension'],
  'tests/packaging/support.ts': ['run'],
  // Forks only for utilityProcess, which tests/main/support.ts's startedHost drives (process tier).
  'tests/main/mocks/electron.ts': [],
};
const STARTING_MODULE = /from '(?:node:)?child_process'|from '(?:playwright-core)'/;

const toPosix = (p: string) => p.split(path.sep).join('/');

function testModules(): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'fixtures') walk(child);
      } else if (entry.name.endsWith('.ts')) out.push(child);
    }
  };
  walk('tests');
  return out.sort();
}

/** The few glob forms tests/tiers.ts uses: `**` for any folders, `*` within a name. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('**/')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('(?:[^/]+/)*');
  return new RegExp(`^${body}$`);
}
const inProcessTier = (file: string) => PROCESS_TIER.some((g) => globToRegExp(g).test(file));

/** Named imports of `file` from test modules, resolved to repository paths. */
function namedImports(file: string, source: string): Array<{ from: string; names: string[] }> {
  const out: Array<{ from: string; names: string[] }> = [];
  for (const m of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(\.[^']+)'/g)) {
    const from = toPosix(path.normalize(path.join(path.dirname(file), m[2]!))).replace(/\.js$/, '.ts');
    const names = m[1]!
      .split(',')
      .map(
        (n) =>
          n
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0]!,
      )
      .filter(Boolean);
    out.push({ from, names });
  }
  return out;
}

const modules = testModules();
const sources = new Map(modules.map((f) => [f, readFileSync(path.join(REPO_ROOT, f), 'utf8')]));
const quick = modules.filter((f) => f.endsWith('.test.ts') && !inProcessTier(f));

describe('the quick tier', () => {
  it('has most of the suite, and every process-tier entry names a file', () => {
    expect(quick.length).toBeGreaterThan(100);
    for (const glob of PROCESS_TIER)
      expect(
        modules.some((f) => globToRegExp(glob).test(f)),
        glob,
      ).toBe(true);
  });

  it('starts no process and no browser', () => {
    const found: string[] = [];
    for (const file of quick) {
      const source = sources.get(file)!;
      if (STARTING_MODULE.test(source)) found.push(`${file} imports child_process or playwright-core`);
      for (const { from, names } of namedImports(file, source)) {
        const starters = STARTERS[from] ?? [];
        for (const name of names.filter((n) => starters.includes(n)))
          found.push(`${file} uses ${name} from ${from}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('knows every test module that can start a process or a browser', () => {
    const unknown = modules.filter(
      (f) =>
        STARTING_MODULE.test(sources.get(f)!) &&
        !(f in STARTERS) &&
        !(f.endsWith('.test.ts') && inProcessTier(f)),
    );
    expect(unknown).toEqual([]);
  });

  it('is what package.json runs for `npm test` and `npm run test:watch`', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const projects = QUICK_PROJECTS.map((p) => `--project ${p}`).join(' ');
    expect(scripts['test:vitest']).toBe(`vitest run ${projects}`);
    expect(scripts['test:watch']).toBe(`vitest ${projects}`);
    expect(scripts['test:vitest:all']).toBe('vitest run');
  });
});
