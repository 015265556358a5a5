import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../helpers/paths.js';
import { cleanEnv, productionClosure, readJson, requireBuilt, run, writeFile } from './support.js';

/**
 * What `npm install -g` of Kho's npm package gives a user, without the internet:
 * - `npm pack` makes the tarball from the built checkout (its `prepack` builds; the suite has built already).
 * - A registry on 127.0.0.1 serves Kho's runtime dependencies (better-sqlite3 and electron-updater with theirs),
 *   packed from this checkout's node_modules at the versions installed here.
 * - better-sqlite3's install script (prebuild-install) finds its prebuilt binary in npm's cache, where a
 *   download would have put it; the cache is seeded with this machine's Node build of it. Compiling from
 *   source is switched off, so a cache miss fails at once instead of building for minutes.
 * Then `<prefix>/bin/kho add` and `kho search` run from the installed package against a temp archive.
 */

const require = createRequire(import.meta.url);
const isWindows = process.platform === 'win32';
const npm = isWindows ? 'npm.cmd' : 'npm';

let tmp: ReturnType<typeof makeTempDir>;
let registry: Server;
let tarball: string;
let packedFiles: string[];
let prefix: string;
let installLog: string;

/** A package's folder as an npm tarball (`package/…`), without its installed node_modules or build output. */
async function packFolder(dir: string, out: string): Promise<void> {
  const files = readdirSync(dir).filter((f) => f !== 'node_modules' && f !== 'build');
  await tar.c({ gzip: { level: 1 }, cwd: dir, file: out, prefix: 'package', portable: true }, files);
}

interface Served {
  name: string;
  version: string;
  manifest: Record<string, unknown>;
  file: string;
  integrity: string;
  shasum: string;
}

/** Packs each package and serves npm's registry API for them: packuments and tarballs. */
async function startRegistry(packages: { name: string; version: string; dir: string }[], dir: string) {
  const served = new Map<string, Served[]>();
  for (const p of packages) {
    const file = path.join(dir, `${p.name.replace('/', '-')}-${p.version}.tgz`);
    await packFolder(p.dir, file);
    const bytes = readFileSync(file);
    const entry: Served = {
      name: p.name,
      version: p.version,
      manifest: readJson(path.join(p.dir, 'package.json')),
      file,
      integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
      shasum: createHash('sha1').update(bytes).digest('hex'),
    };
    served.set(p.name, [...(served.get(p.name) ?? []), entry]);
  }
  const server = createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname).slice(1);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tgz = /^-\/(.+)$/.exec(url);
    if (tgz) {
      const hit = [...served.values()].flat().find((s) => path.basename(s.file) === tgz[1]);
      if (!hit) return res.writeHead(404).end();
      return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(hit.file));
    }
    const versions = served.get(url);
    if (!versions)
      return res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    const latest = versions[versions.length - 1]!.version;
    const body = {
      name: url,
      'dist-tags': { latest },
      versions: Object.fromEntries(
        versions.map((v) => [
          v.version,
          {
            ...v.manifest,
            name: v.name,
            version: v.version,
            _id: `${v.name}@${v.version}`,
            dist: {
              tarball: `${origin}/-/${path.basename(v.file)}`,
              integrity: v.integrity,
              shasum: v.shasum,
            },
          },
        ]),
      ),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/**
 * Puts this machine's Node build of better-sqlite3 where prebuild-install looks before downloading:
 * `<npm cache>/_prebuilds/<hash of the download URL>-<file name>`, computed by prebuild-install itself.
 */
async function seedPrebuild(cache: string, dir: string): Promise<void> {
  const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
  const pkg = readJson<{ name: string; version: string }>(path.join(sqliteDir, 'package.json'));
  const rc = require(require.resolve('prebuild-install/rc.js', { paths: [sqliteDir] })) as (
    p: unknown,
  ) => object;
  const util = require(require.resolve('prebuild-install/util.js', { paths: [sqliteDir] })) as {
    getDownloadUrl: (o: object) => string;
    cachedPrebuild: (url: string) => string;
  };
  const url = util.getDownloadUrl({ ...rc(pkg), pkg });
  const staging = path.join(dir, 'prebuild');
  mkdirSync(path.join(staging, 'build', 'Release'), { recursive: true });
  copyFileSync(
    path.join(sqliteDir, 'build', 'Release', 'better_sqlite3.node'),
    path.join(staging, 'build', 'Release', 'better_sqlite3.node'),
  );
  const target = path.join(cache, '_prebuilds', path.basename(util.cachedPrebuild(url)));
  mkdirSync(path.dirname(target), { recursive: true });
  await tar.c({ gzip: true, cwd: staging, file: target, portable: true }, ['build']);
}

function kho(args: string[], cwd: string) {
  const bin = isWindows ? path.join(prefix, 'kho.cmd') : path.join(prefix, 'bin', 'kho');
  return run(bin, args, { cwd, env: cleanEnv(), timeoutMs: 60_000 });
}

beforeAll(async () => {
  requireBuilt();
  tmp = makeTempDir('kho-npm-pack-');
  const packDir = path.join(tmp.dir, 'pack');
  mkdirSync(packDir);
  // --ignore-scripts: prepack would build again; the suite built moments ago.
  const packed = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
    env: cleanEnv(),
  });
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const info = (JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[])[0]!;
  tarball = path.join(packDir, info.filename);
  packedFiles = info.files.map((f) => f.path.replaceAll('\\', '/'));

  const pkg = readJson<{ dependencies: Record<string, string> }>(path.join(REPO_ROOT, 'package.json'));
  const regDir = path.join(tmp.dir, 'registry');
  mkdirSync(regDir);
  registry = await startRegistry(productionClosure(Object.keys(pkg.dependencies)), regDir);
  const cache = path.join(tmp.dir, 'npm-cache');
  await seedPrebuild(cache, tmp.dir);
  const noGyp = path.join(tmp.dir, 'no-node-gyp.js');
  writeFile(
    noGyp,
    "console.error('node-gyp is off in this test: the prebuilt binary was expected in the npm cache');\nprocess.exit(1);\n",
  );

  prefix = path.join(tmp.dir, 'prefix');
  mkdirSync(prefix);
  const origin = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
  const install = await run(
    npm,
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--registry',
      origin,
      '--cache',
      cache,
      // npm runs a dependency's install script only when allowed; README gives users the same command.
      '--allow-scripts=better-sqlite3',
      '--no-audit',
      '--no-fund',
      '--no-update-notifier',
      tarball,
    ],
    {
      cwd: tmp.dir,
      env: cleanEnv({ npm_config_node_gyp: noGyp, npm_config_userconfig: path.join(tmp.dir, 'npmrc') }),
      timeoutMs: 150_000,
    },
  );
  installLog = `${install.stdout}\n${install.stderr}`;
  if (install.code !== 0) throw new Error(`npm install -g of the tarball failed:\n${installLog}`);
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => (registry ? registry.close(resolve) : resolve(undefined)));
  tmp?.cleanup();
});

describe('the npm package', () => {
  it('holds the built CLI, the renderer for kho serve, the sample article and the licences — nothing else', () => {
    for (const f of [
      'package.json',
      'bin/kho.js',
      'out/cli/kho.js',
      'out/cli/search-worker.js',
      'out/renderer/index.html',
      'resources/sample/welcome.md',
      'resources/licenses/THIRD-PARTY-NOTICES.md',
      'LICENSE',
      'README.md',
    ])
      expect(packedFiles, `${f} is not in the npm package`).toContain(f);
    const allowed =
      /^(package\.json|README\.md|LICENSE|bin\/kho\.js|out\/cli\/[^/]+\.js|out\/renderer\/.+|resources\/(sample|licenses)\/.+|resources\/fonts-notice\.md)$/;
    // npm always packs package.json's "main" (the Electron entry, unused by the CLI); nothing else of out/main.
    expect(packedFiles.filter((f) => !allowed.test(f))).toEqual(['out/main/index.js']);
    expect(packedFiles.filter((f) => /\.map$|^out\/cli\/bench\.js$/.test(f))).toEqual([]);
  });

  it('installs with only the runtime dependencies, and better-sqlite3 from its prebuilt binary', () => {
    const installed = path.join(prefix, isWindows ? '' : 'lib', 'node_modules', 'kho');
    expect(existsSync(path.join(installed, 'out', 'cli', 'kho.js'))).toBe(true);
    const top = readdirSync(path.join(installed, 'node_modules')).flatMap((n) =>
      n.startsWith('@') ? readdirSync(path.join(installed, 'node_modules', n)).map((s) => `${n}/${s}`) : [n],
    );
    const pkg = readJson<{ dependencies: Record<string, string> }>(path.join(REPO_ROOT, 'package.json'));
    const closure = new Set(productionClosure(Object.keys(pkg.dependencies)).map((p) => p.name));
    expect(top.filter((n) => !n.startsWith('.') && !closure.has(n))).toEqual([]);
    for (const bundled of ['linkedom', 'zod', 'lunr', '@mozilla/readability'])
      expect(top).not.toContain(bundled);
    expect(
      existsSync(
        path.join(installed, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
      ),
      installLog,
    ).toBe(true);
  });

  it('gives a working kho command: add a file, then search it without diacritics', async () => {
    const work = path.join(tmp.dir, 'work');
    const data = path.join(tmp.dir, 'archive');
    writeFile(
      path.join(work, 'cho-ben-thanh.md'),
      '# Chợ Bến Thành\n\nHà Nội và Sài Gòn có nhiều chợ. Chợ Bến Thành ở trung tâm thành phố.\n',
    );
    const added = await kho(['add', 'cho-ben-thanh.md', '--data', data, '--json'], work);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ title: 'Chợ Bến Thành' });

    const found = await kho(['search', 'cho ben thanh', '--data', data, '--json'], work);
    expect(found.code, found.stderr).toBe(0);
    const hits = JSON.parse(found.stdout) as { title: string; snippet: string }[];
    expect(hits.map((h) => h.title)).toEqual(['Chợ Bến Thành']);
    expect(hits[0]!.snippet).toContain('Sài Gòn');

    const missing = await kho(['search', 'Đà Lạt', '--data', data, '--json'], work);
    expect(JSON.parse(missing.stdout)).toEqual([]);
  });
});
