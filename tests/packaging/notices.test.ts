import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { NOTICES_FILE, thirdPartyNotices } from '../../scripts/third-party-notices.mjs';

// The app and the npm package bundle their dependencies, so the licences travel in one notices file;
// it must list exactly what the bundles take today.
it('third-party notices match the bundled packages (regenerate with npm run notices)', async () => {
  const current = (await thirdPartyNotices()) as string;
  expect(
    readFileSync(NOTICES_FILE as string, 'utf8'),
    'resources/licenses/THIRD-PARTY-NOTICES.md is stale: run npm run notices',
  ).toBe(current);
  for (const pkg of ['linkedom', 'zod', '@mozilla/readability', 'lunr', 'preact', '@fontsource/noto-serif'])
    expect(current).toContain(`## ${pkg} `);
  expect(current).not.toContain('## better-sqlite3 ');
});
