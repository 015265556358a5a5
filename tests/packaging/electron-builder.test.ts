import * as asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../helpers/paths.js';
import { cleanEnv, productionClosure, readJson, requireBuilt, run, writeFile } from './support.js';

/**
 * Packs Kho the way a release does (electron-builder with electron-builder.yml) and checks what a user
 * receives: the Linux x64 app folder, its app.asar, the Electron fuses and the .deb's contents.
 *
 * Nothing is downloaded. Electron's binary is a stand-in folder with the real file names and the fuse wire
 * of Electron's defaults (so @electron/fuses really flips it); fpm, which writes the .deb and is normally
 * downloaded, is a stand-in that records the files electron-builder hands it; native modules are not
 * rebuilt for Electron (npmRebuild false), so the unpacked better_sqlite3.node is this machine's Node build.
 * It stays one file because every check reads the one packed folder, which takes the longest to make.
 */

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's own defaults for the eight fuses @electron/fuses knows, in wire order ('1' on, '0' off).
const ELECTRON_DEFAULT_FUSES = '10110001';
const OWNER = 'kho-release-owner';
// The Linux package is built on Linux: elsewhere electron-builder fetches Linux tools for the .deb (macOS) or
// cannot start the stand-in fpm by its #! line (Windows). The release workflow builds each platform natively.
const RUNS = process.platform === 'linux';

let tmp: ReturnType<typeof makeTempDir>;
let appDir: string; // dist/linux-unpacked
let asarFile: string;
let entries: string[];
let fpmArgs: string[];
let debContents: string;

function standInElectron(dir: string, version: string): void {
  const wire = Buffer.concat([
    Buffer.from('\x7fELF stand-in for the Electron executable\n'),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]),
    Buffer.from(ELECTRON_DEFAULT_FUSES),
  ]);
  writeFile(path.join(dir, 'electron'), wire, 0o755);
  writeFile(path.join(dir, 'version'), version);
  for (const f of [
    'LICENSE',
    'LICENSES.chromium.html',
    'chrome-sandbox',
    'chrome_crashpad_handler',
    'chrome_100_percent.pak',
    'chrome_200_percent.pak',
    'icudtl.dat',
    'libEGL.so',
    'libGLESv2.so',
    'libffmpeg.so',
    'libvk_swiftshader.so',
    'libvulkan.so.1',
    'resources.pak',
    'snapshot_blob.bin',
    'v8_context_snapshot.bin',
    'vk_swiftshader_icd.json',
    'locales/en-US.pak',
    'locales/vi.pak',
  ])
    writeFile(path.join(dir, f), `stand-in ${f}\n`);
}

/**
 * Stands in for fpm: where the .deb would go it records its arguments, and it stages every single file it is
 * given at its place in the package (`<deb>.contents/<destination>`), as fpm would put it in the archive.
 */
function standInFpm(file: string): void {
  writeFile(
    file,
    `#!${process.execPath}\n` +
      `const fs = require('node:fs'), path = require('node:path');\n` +
      `const args = process.argv.slice(2), deb = args[args.indexOf('--package') + 1];\n` +
      `fs.writeFileSync(deb, JSON.stringify(args));\n` +
      `for (const a of args) {\n` +
      `  const [src, dest] = a.split('=');\n` +
      `  if (!dest || !fs.existsSync(src) || !fs.statSync(src).isFile()) continue;\n` +
      `  const to = path.join(deb + '.contents', dest);\n` +
      `  fs.mkdirSync(path.dirname(to), { recursive: true });\n` +
      `  fs.copyFileSync(src, to);\n` +
      `}\n`,
    0o755,
  );
}

/** A copy of the checkout as a release job sees it: built, with a git remote naming the repository. */
function releaseCheckout(dir: string): void {
  for (const f of ['package.json', 'electron-builder.yml', 'LICENSE', 'out', 'resources'])
    cpSync(path.join(REPO_ROOT, f), path.join(dir, f), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  writeFile(
    path.join(dir, '.git', 'config'),
    `[remote "origin"]\n\turl = https://github.com/${OWNER}/kho.git\n`,
  );
}

const fail = (what: string) => `${what} — see electron-builder.yml and ARCHITECTURE.md "Packaging"`;

beforeAll(async () => {
  if (!RUNS) return;
  requireBuilt();
  tmp = makeTempDir('kho-builder-');
  const project = path.join(tmp.dir, 'kho');
  const electronDist = path.join(tmp.dir, 'electron-dist');
  const fpm = path.join(tmp.dir, 'fpm.cjs');
  mkdirSync(project);
  releaseCheckout(project);
  const electronVersion = readJson<{ version: string }>(
    path.join(REPO_ROOT, 'node_modules', 'electron', 'package.json'),
  ).version;
  standInElectron(electronDist, electronVersion);
  standInFpm(fpm);

  const result = await run(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      'deb',
      '--x64',
      '--publish',
      'never',
      '--projectDir',
      project,
      `-c.electronDist=${electronDist}`,
      '-c.npmRebuild=false',
    ],
    {
      cwd: project,
      env: cleanEnv({
        CUSTOM_FPM_PATH: fpm,
        ELECTRON_BUILDER_CACHE: path.join(tmp.dir, 'cache'),
        // The copy's node_modules links to the checkout's, which `npm ls` cannot describe; electron-builder's
        // own node_modules walk (its fallback collector) finds the same production packages.
        npm_config_user_agent: 'traversal',
      }),
      timeoutMs: 170_000,
    },
  );
  if (result.code !== 0) throw new Error(`electron-builder failed:\n${result.stdout}\n${result.stderr}`);
  appDir = path.join(project, 'dist', 'linux-unpacked');
  asarFile = path.join(appDir, 'resources', 'app.asar');
  entries = asar.listPackage(asarFile, { isPack: false }).map((e) => e.replaceAll('\\', '/'));
  fpmArgs = readJson<string[]>(path.join(project, 'dist', 'kho_0.1.0_amd64.deb'));
  debContents = path.join(project, 'dist', 'kho_0.1.0_amd64.deb.contents');
}, 180_000);

afterAll(() => tmp?.cleanup());

describe.skipIf(!RUNS)('the packaged app (Linux x64 folder)', () => {
  it('holds main, preload, renderer, the search worker, fonts and the sample article in app.asar', () => {
    for (const f of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/archive-host.js',
      '/out/main/search-worker.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/resources/sample/welcome.md',
    ])
      expect(entries, fail(`${f} is not in app.asar`)).toContain(f);
    const assets = entries.filter((e) => e.startsWith('/out/renderer/assets/'));
    expect(
      assets.some((a) => a.endsWith('.js')),
      fail('no renderer script'),
    ).toBe(true);
    for (const font of ['noto-serif-vietnamese-400-normal', 'be-vietnam-pro-vietnamese-400-normal'])
      expect(
        assets.some((a) => a.includes(font) && a.endsWith('.woff2')),
        fail(`font ${font} missing`),
      ).toBe(true);
    // The bundles reference the renderer by its built name: index.html's script must be in the package.
    const html = asar.extractFile(asarFile, 'out/renderer/index.html').toString();
    for (const src of html.match(/\/assets\/[^"]+/g) ?? []) expect(entries).toContain(`/out/renderer${src}`);
  });

  it('carries no sources, tests, source maps or development packages', () => {
    const offending = entries.filter(
      (e) =>
        /^\/(src|tests|scripts|bin|\.github)\//.test(e) ||
        /\.(ts|tsx|map)$/.test(e.replace(/\.d\.ts$/, '')) ||
        /\.test\.[cm]?js$/.test(e),
    );
    expect(offending, fail('files a user should not receive')).toEqual([]);

    const pkg = readJson<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>(
      path.join(REPO_ROOT, 'package.json'),
    );
    const shipped = new Set(
      entries
        .map((e) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(e)?.[1])
        .filter((n): n is string => !!n),
    );
    const closure = new Set(productionClosure(Object.keys(pkg.dependencies)).map((p) => p.name));
    expect(
      [...shipped].filter((n) => !closure.has(n)),
      fail('packages beyond the runtime dependencies'),
    ).toEqual([]);
    for (const dep of Object.keys(pkg.dependencies))
      expect(shipped, fail(`${dep} not shipped`)).toContain(dep);
    for (const dev of [
      'electron',
      'electron-builder',
      'vitest',
      'linkedom',
      'zod',
      'lunr',
      'preact',
      'typescript',
    ])
      expect(shipped.has(dev), fail(`devDependency ${dev} shipped`)).toBe(false);
  });

  /**
   * Built-ins newer than the Node running the tests: undici requires node:sqlite only when its optional
   * SqliteCacheStore is constructed (Kho never does), and Electron 38's Node 22 has it anyway.
   */
  const LAZY_BUILTINS = new Set(['node:sqlite']);

  it('finds every package its main process imports inside the package', () => {
    const shipped = new Set(entries);
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const mainFiles = entries.filter((e) => /^\/out\/main\/.*\.js$/.test(e));
    expect(mainFiles.length).toBeGreaterThanOrEqual(2);
    const missing: string[] = [];
    for (const file of mainFiles) {
      const code = asar.extractFile(asarFile, file.slice(1)).toString();
      const specs = [
        ...code.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']/gm),
        ...code.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
        ...code.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g),
      ]
        .map((m) => m[1]!)
        .filter((spec) => !spec.startsWith('.'));
      for (const spec of specs) {
        if (builtins.has(spec) || spec === 'electron' || LAZY_BUILTINS.has(spec)) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!shipped.has(`/node_modules/${name}/package.json`)) missing.push(`${file} imports ${spec}`);
      }
    }
    expect(missing, fail('imports that would fail when packaged')).toEqual([]);
  });

  it('unpacks better-sqlite3’s native module from app.asar, where the app loads it', () => {
    const rel = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(entries).toContain(`/${rel}`);
    expect(
      (asar.statFile(asarFile, rel) as { unpacked?: boolean }).unpacked,
      fail('better_sqlite3.node not unpacked'),
    ).toBe(true);
    const unpacked = path.join(appDir, 'resources', 'app.asar.unpacked', ...rel.split('/'));
    expect(existsSync(unpacked)).toBe(true);
    // It is a loadable module (the Node build here, since the test does not rebuild for Electron).
    const db = new Database(':memory:', { nativeBinding: unpacked });
    expect((db.prepare('select 1 + 1 as two').get() as { two: number }).two).toBe(2);
    db.close();
    const sqliteFiles = entries.filter((e) => e.startsWith('/node_modules/better-sqlite3/'));
    expect(
      sqliteFiles.filter((e) => /\/(deps|src)\/|test_extension|\.a$/.test(e)),
      fail('SQLite build leftovers'),
    ).toEqual([]);
  });

  it('names the executable kho-desktop and sets the Electron fuses', async () => {
    const exe = path.join(appDir, 'kho-desktop');
    expect(existsSync(exe)).toBe(true);
    const wire = await getCurrentFuseWire(exe);
    const state = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse] as number);
    const want: [FuseV1Options, string][] = [
      [FuseV1Options.RunAsNode, '0'],
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable, '0'],
      [FuseV1Options.EnableNodeCliInspectArguments, '0'],
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, '1'],
      [FuseV1Options.OnlyLoadAppFromAsar, '1'],
      [FuseV1Options.EnableCookieEncryption, '1'],
    ];
    for (const [fuse, value] of want) {
      // Each of these starts the other way in Electron, so a missing flip shows.
      expect(ELECTRON_DEFAULT_FUSES[fuse]).not.toBe(value);
      expect(state(fuse), fail(`fuse ${FuseV1Options[fuse]}`)).toBe(value);
    }
  });

  it('ships the licences and an update feed pointing at the repository’s GitHub Releases', () => {
    const resources = path.join(appDir, 'resources');
    expect(readdirSync(path.join(resources, 'licenses')).sort()).toEqual(
      ['LICENSE.txt', 'THIRD-PARTY-NOTICES.md', 'fonts-notice.md'].sort(),
    );
    expect(readFileSync(path.join(resources, 'licenses', 'LICENSE.txt'), 'utf8')).toContain('MIT License');
    const feed = readFileSync(path.join(resources, 'app-update.yml'), 'utf8');
    expect(feed).toMatch(/^provider: github$/m);
    expect(feed).toMatch(new RegExp(`^owner: ${OWNER}$`, 'm'));
    expect(feed).toMatch(/^repo: kho$/m);
  });
});

describe.skipIf(!RUNS)('the .deb', () => {
  const mapping = (dest: string) => fpmArgs.find((a) => a.endsWith(`=${dest}`))?.split('=')[0];
  const option = (name: string) => fpmArgs[fpmArgs.indexOf(name) + 1];
  const staged = (dest: string) => {
    const file = path.join(debContents, dest);
    expect(existsSync(file), fail(`${dest} is not in the .deb`)).toBe(true);
    return file;
  };

  it('installs the app under /opt/Kho as package "kho"', () => {
    expect(option('--name')).toBe('kho');
    expect(option('--license')).toBe('MIT');
    expect(option('--url')).toBe(`https://github.com/${OWNER}/kho`);
    expect(mapping('/opt/Kho')).toBe(`${appDir}/`);
  });

  it('has a desktop entry that starts Kho and opens kho:// links', () => {
    const file = staged('/usr/share/applications/kho-desktop.desktop');
    const entry = Object.fromEntries(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(entry).toMatchObject({
      Name: 'Kho',
      Exec: '/opt/Kho/kho-desktop %U',
      Icon: 'kho-desktop',
      Type: 'Application',
      Terminal: 'false',
      Categories: 'Office;',
      MimeType: 'x-scheme-handler/kho;',
      StartupWMClass: 'kho-desktop',
    });
    expect(entry.Comment).toContain('desktop archive reader');
  });

  it('installs the icon set made from resources/icon.svg', () => {
    for (const size of [16, 32, 48, 128, 256, 512]) {
      const png = readFileSync(staged(`/usr/share/icons/hicolor/${size}x${size}/apps/kho-desktop.png`));
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });
});

// Keep the written (not generated) config honest too: the three platforms and their installers.
it('electron-builder.yml builds AppImage+deb, dmg+zip for arm64 and x64, NSIS for x64 and arm64', () => {
  const yml = readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
  expect(yml).toMatch(/^ {2}target: \[AppImage, deb\]$/m);
  expect(yml).toMatch(/- target: dmg\n\s+arch: \[arm64, x64\]/);
  expect(yml).toMatch(/- target: zip\n\s+arch: \[arm64, x64\]/);
  expect(yml).toMatch(/- target: nsis\n\s+arch: \[x64, arm64\]/);
});

/**
 * The stand-in for the `electron` module (the one module the project may stand in for): it exports every
 * name the main bundle imports, records IPC handlers, protocol handlers, windows and app events, starts
 * utility processes as real Node child processes (what Electron does; the archive host runs in one), and
 * answers the rest inertly.
 */
function electronStandIn(names: string[], userData: string): string {
  const known = ['app', 'ipcMain', 'BrowserWindow', 'protocol', 'utilityProcess'];
  const rest = names.filter((n) => !known.includes(n));
  return `import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
const rec = (globalThis.__khoElectron = { handlers: new Map(), protocols: new Map(), windows: [], loaded: [], appEvents: new Map() });
const inert = () => new Proxy(function () {}, {
  get: (_t, p) => (p === 'then' ? undefined : p === Symbol.toPrimitive ? () => '' : inert()),
  apply: () => inert(),
  construct: () => inert(),
});
const withRest = (o) => new Proxy(o, { get: (t, p) => (p in t ? t[p] : p === 'then' ? undefined : inert()) });
const listen = (map) => (event, fn) => void (map.get(event) ?? map.set(event, []).get(event)).push(fn);
const paths = new Map([['userData', ${JSON.stringify(userData)}]]);
export const app = withRest({
  isPackaged: true,
  getPath: (n) => paths.get(n) ?? paths.get('userData') + '/' + n,
  setPath: (n, p) => void paths.set(n, p),
  getVersion: () => '0.1.0',
  getName: () => 'Kho',
  getLocale: () => 'en-US',
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  isReady: () => true,
  on: listen(rec.appEvents),
  once: listen(rec.appEvents),
});
export const ipcMain = withRest({ handle: (channel, fn) => void rec.handlers.set(channel, fn) });
export const protocol = withRest({
  registerSchemesAsPrivileged: () => undefined,
  handle: (scheme, fn) => void rec.protocols.set(scheme, fn),
});
export const utilityProcess = {
  fork(modulePath, args = []) {
    const child = fork(modulePath, args, { serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const proc = new EventEmitter();
    child.on('message', (m) => proc.emit('message', m));
    child.on('exit', (code) => proc.emit('exit', code ?? 1));
    return Object.assign(proc, {
      stdout: child.stdout,
      stderr: child.stderr,
      postMessage: (m) => child.connected && child.send(m),
      kill: () => child.kill(),
    });
  },
};
export class BrowserWindow {
  static getAllWindows() { return []; }
  constructor(options) {
    rec.windows.push(options);
    this.webContents = inert();
    return withRest(this);
  }
  loadFile(file) { rec.loaded.push(file); return Promise.resolve(); }
  loadURL(url) { rec.loaded.push(url); return Promise.resolve(); }
}
${rest.map((n) => `export const ${n} = inert();`).join('\n')}
export default { app, ipcMain, BrowserWindow, protocol, utilityProcess${rest.map((n) => `, ${n}`).join('')} };
`;
}

const DRIVER = `import { pathToFileURL } from 'node:url';
const [stub, main, html] = process.argv.slice(2);
await import(pathToFileURL(stub).href);
const rec = globalThis.__khoElectron;
await import(pathToFileURL(main).href);
const until = async (what, ok) => {
  for (let i = 0; i < 600; i++) { const v = await ok(); if (v) return v; await new Promise((r) => setTimeout(r, 25)); }
  throw new Error('timed out waiting for ' + what);
};
await until('the window', () => rec.loaded.length > 0);
const event = { senderFrame: { url: rec.loaded[0] } };
const call = async (name, input) => {
  const r = await rec.handlers.get('kho:' + name)(event, input);
  if (!r.ok) throw new Error(name + ': ' + JSON.stringify(r.error));
  return r.value;
};
const out = { page: rec.loaded[0], preload: rec.windows[0]?.webPreferences?.preload };
const served = await rec.protocols.get('kho')(new Request(rec.loaded[0]));
out.pageHtml = await served.text();
out.listed = (await call('articles.list', {})).items.map((a) => a.title);
out.added = (await call('articles.add', { source: 'text', text: html, name: 'cho-ben-thanh.html' })).article.title;
out.hits = await until('the search index', async () => {
  const r = await call('search.query', { query: 'cho ben thanh' });
  return r.hits.length ? r.hits.map((h) => h.title) : null;
});
for (const fn of rec.appEvents.get('will-quit') ?? []) fn({ preventDefault() {} });
await new Promise((r) => setTimeout(r, 100));
console.log(JSON.stringify(out));
process.exit(0);
`;

describe.skipIf(!RUNS)('the packaged main process (run by Node, Electron stood in)', () => {
  let result: {
    page: string;
    pageHtml: string;
    preload: string;
    listed: string[];
    added: string;
    hits: string[];
  };
  let resources: string;

  beforeAll(async () => {
    // The package as Electron reads it: app.asar as a folder of the same name beside app.asar.unpacked.
    resources = path.join(tmp.dir, 'run', 'resources');
    asar.extractAll(asarFile, path.join(resources, 'app.asar'));
    cpSync(path.join(appDir, 'resources', 'app.asar.unpacked'), path.join(resources, 'app.asar.unpacked'), {
      recursive: true,
    });
    const main = readFileSync(path.join(resources, 'app.asar', 'out', 'main', 'index.js'), 'utf8');
    const names = [...main.matchAll(/^import\s*\{([^}]*)\}\s*from\s*["']electron["']/gm)].flatMap((m) =>
      m[1]!.split(',').map((s) => s.trim().split(/\s+as\s+/)[0]!),
    );
    const home = path.join(tmp.dir, 'run', 'home');
    const stub = path.join(resources, 'node_modules', 'electron', 'index.js');
    writeFile(
      path.join(resources, 'node_modules', 'electron', 'package.json'),
      '{"name":"electron","type":"module","main":"index.js"}',
    );
    writeFile(stub, electronStandIn([...new Set(names)], path.join(home, 'user-data')));
    const driver = path.join(tmp.dir, 'run', 'driver.mjs');
    writeFile(driver, DRIVER);
    const html =
      '<!doctype html><html lang="vi"><head><title>Chợ Bến Thành</title></head><body><article><h1>Chợ Bến Thành</h1>' +
      '<p>Hà Nội và Sài Gòn có nhiều chợ. Chợ Bến Thành ở trung tâm thành phố, mở cửa từ sáng sớm.</p>' +
      '<p>Người bán và người mua đông vui suốt cả ngày, nhất là vào dịp Tết.</p></article></body></html>';
    const env = cleanEnv({
      HOME: home,
      USERPROFILE: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      // The packaged archive host starts the browser extension's connector: on a free port, not 7718.
      KHO_CONNECTOR_PORT: '0',
    });
    delete env.KHO_DATA_DIR;
    delete env.ELECTRON_RENDERER_URL;
    const r = await run(
      process.execPath,
      [driver, stub, path.join(resources, 'app.asar', 'out', 'main', 'index.js'), html],
      { cwd: path.join(tmp.dir, 'run'), env, timeoutMs: 60_000 },
    );
    if (r.code !== 0) throw new Error(`the packaged main process failed:\n${r.stdout}\n${r.stderr}`);
    result = JSON.parse(r.stdout.trim().split('\n').pop()!);
  }, 90_000);

  it('loads the renderer (served at kho://app/) and the preload from inside the package', () => {
    expect(result.page).toBe('kho://app/index.html');
    expect(result.pageHtml).toBe(
      readFileSync(path.join(resources, 'app.asar', 'out', 'renderer', 'index.html'), 'utf8'),
    );
    expect(result.preload).toBe(path.join(resources, 'app.asar', 'out', 'preload', 'index.cjs'));
  });

  it('opens the archive with the unpacked SQLite module and seeds the sample article from the package', () => {
    expect(result.listed).toEqual(['Chào mừng đến với Kho — Welcome to Kho']);
  });

  it('saves an HTML page and finds it through the search worker, all from the bundles', () => {
    expect(result.added).toBe('Chợ Bến Thành');
    expect(result.hits).toEqual(['Chợ Bến Thành']);
  });
});
