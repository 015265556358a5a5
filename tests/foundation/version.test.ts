import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KHO_VERSION } from '../../src/core/version.js';
import { REPO_ROOT } from '../helpers/paths.js';

describe('version', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(KHO_VERSION).toBe(pkg.version);
  });
});
