// `npm run stress`: the trust tests' long loops (SIGKILL during imports, concurrent writers, fuzzing) with
// many more rounds than `npm test` runs. KHO_STRESS=1 is what tests/trust/support.ts reads.
import { spawnSync } from 'node:child_process';

const r = spawnSync(
  'npx',
  ['vitest', 'run', 'tests/trust', '--testTimeout=900000', '--hookTimeout=900000', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: { ...process.env, KHO_STRESS: '1' },
    shell: process.platform === 'win32',
  },
);
process.exit(r.status ?? 1);
