// Lets `npm test` reuse the last build when nothing it is made from has changed, as ESLint, Prettier, knip
// and tsc reuse their caches. The stamp (out/.cache/build-stamp.json) holds a digest of every input file and
// of the outputs' names, sizes and times: an edited source, a changed dependency or an output touched by
// something else (`npm run dev`, a partial build) each make the next `npm test` build again.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = (root) => path.join(root, 'out', '.cache', 'build-stamp.json');
const INPUTS = [
  'src',
  'extension',
  'resources',
  'electron.vite.config.ts',
  'scripts/build-cli.mjs',
  'scripts/build-extension.mjs',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];
const OUTPUTS = ['out/main', 'out/preload', 'out/renderer', 'out/cli', 'out/extension'];

/** Every file under the given paths of `root`, sorted (missing paths are simply absent). */
function filesUnder(root, paths) {
  const out = [];
  const walk = (rel) => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    if (!statSync(abs).isDirectory()) return void out.push(rel);
    for (const name of readdirSync(abs).sort()) walk(path.join(rel, name));
  };
  for (const p of paths) walk(p);
  return out;
}

/** The digest of the build's inputs, by content. */
export function inputsDigest(root = REPO) {
  const hash = createHash('sha256');
  for (const rel of filesUnder(root, INPUTS))
    hash.update(`${rel}\0`).update(readFileSync(path.join(root, rel)));
  return hash.digest('hex');
}

/** The digest of the outputs as they are on disk (an empty folder digests differently from a built one). */
function outputsDigest(root) {
  const hash = createHash('sha256');
  for (const rel of filesUnder(root, OUTPUTS)) {
    const s = statSync(path.join(root, rel));
    hash.update(`${rel}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** True when the last build recorded here was made from exactly `inputs` and its outputs are untouched. */
export function upToDate(inputs, root = REPO) {
  if (!existsSync(stampFile(root))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile(root), 'utf8'));
    return stamp.inputs === inputs && stamp.outputs === outputsDigest(root);
  } catch {
    return false;
  }
}

/** Records a successful build made from `inputs` (the digest taken before it started). */
export function record(inputs, root = REPO) {
  mkdirSync(path.dirname(stampFile(root)), { recursive: true });
  writeFileSync(stampFile(root), JSON.stringify({ inputs, outputs: outputsDigest(root) }));
}
