import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { inputsDigest, record, upToDate } from '../../scripts/build-stamp.mjs';
import { makeTempDir } from '../helpers/paths.js';

/** `npm test` reuses the last build only while neither its inputs nor its outputs changed. */

const tmp = makeTempDir('kho-build-stamp-');
afterAll(() => tmp.cleanup());

function write(rel: string, text: string): string {
  const file = path.join(tmp.dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe('the build stamp', () => {
  it('is stale until a build is recorded, then stale again after an edit or a touched output', () => {
    write('src/core/a.ts', 'export const a = "Hà Nội";\n');
    write('package.json', '{}');
    const output = write('out/main/index.js', 'built');
    const inputs = inputsDigest(tmp.dir);

    expect(upToDate(inputs, tmp.dir)).toBe(false);
    record(inputs, tmp.dir);
    expect(upToDate(inputsDigest(tmp.dir), tmp.dir)).toBe(true);

    write('src/core/a.ts', 'export const a = "Ha Noi";\n');
    expect(upToDate(inputsDigest(tmp.dir), tmp.dir)).toBe(false);
    write('src/core/a.ts', 'export const a = "Hà Nội";\n');
    expect(upToDate(inputsDigest(tmp.dir), tmp.dir)).toBe(true);

    // Another build (npm run dev, a bench build) rewrote an output: the stamp no longer vouches for it.
    utimesSync(output, new Date(), new Date(Date.now() + 5000));
    expect(upToDate(inputsDigest(tmp.dir), tmp.dir)).toBe(false);

    // A new input file counts too.
    record(inputsDigest(tmp.dir), tmp.dir);
    write('src/core/b.ts', 'export {};\n');
    expect(upToDate(inputsDigest(tmp.dir), tmp.dir)).toBe(false);
  });
});
