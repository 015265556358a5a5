// Builds the browser extension (extension/) for Chromium browsers and Firefox, one zip for each store, and the
// bookmarklet's install page: out/extension/{chromium,firefox}/, out/extension/kho-<browser>-<version>.zip,
// out/extension/bookmarklet/. `--out DIR` builds elsewhere (the tests build a fresh copy).
import { Resvg } from '@resvg/resvg-js';
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'extension');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'out', 'extension');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const version = pkg.version;

/** Chromium 116 (storage.session, scripting) and Firefox 128 (MV3 host access rules) and later. */
const TARGET = ['chrome116', 'firefox128'];
const ICON_SIZES = [16, 32, 48, 128];
// Fixed file dates keep the zips byte-identical from one build to the next.
const ZIP_DATE = new Date('2024-01-01T00:00:00Z');

rmSync(out, { recursive: true, force: true });
const shared = path.join(out, '.shared');
mkdirSync(shared, { recursive: true });

// Readable (unminified) bundles: store reviewers read them.
await build({
  entryPoints: {
    background: path.join(src, 'src/background.ts'),
    content: path.join(src, 'src/content.ts'),
    popup: path.join(src, 'src/popup/popup.ts'),
    options: path.join(src, 'src/options/options.ts'),
  },
  outdir: shared,
  bundle: true,
  format: 'iife',
  target: TARGET,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const f of ['popup/popup.html', 'popup/popup.css', 'options/options.html']) {
  copyFileSync(path.join(src, 'src', f), path.join(shared, path.basename(f)));
}

// Icons: one drawing, rendered at each size.
const svg = readFileSync(path.join(src, 'icons/icon.svg'));
mkdirSync(path.join(shared, 'icons'));
for (const size of ICON_SIZES) {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
  writeFileSync(path.join(shared, 'icons', `icon-${size}.png`), png);
}

const base = JSON.parse(readFileSync(path.join(src, 'manifest.json'), 'utf8'));
const manifests = {
  chromium: { ...base, version },
  firefox: (() => {
    const { minimum_chrome_version: _chromeOnly, ...rest } = base;
    return {
      ...rest,
      version,
      // Firefox runs MV3 backgrounds as event pages, not service workers.
      background: { scripts: ['background.js'] },
      browser_specific_settings: {
        gecko: {
          id: 'save-to-kho@kho-archive.app',
          strict_min_version: '140.0',
          data_collection_permissions: { required: ['none'] },
        },
        gecko_android: { strict_min_version: '142.0' },
      },
    };
  })(),
};

function filesUnder(dir, prefix = '') {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, `${prefix}${name}/`));
    else out.push(`${prefix}${name}`);
  }
  return out;
}

for (const [browser, manifest] of Object.entries(manifests)) {
  const dir = path.join(out, browser);
  mkdirSync(path.join(dir, 'icons'), { recursive: true });
  for (const f of filesUnder(shared)) copyFileSync(path.join(shared, f), path.join(dir, f));
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const entries = {};
  for (const f of filesUnder(dir)) entries[f] = [readFileSync(path.join(dir, f)), { mtime: ZIP_DATE }];
  writeFileSync(path.join(out, `kho-${browser}-${version}.zip`), zipSync(entries, { level: 9 }));
}
rmSync(shared, { recursive: true, force: true });

// The bookmarklet: one minified expression, its port filled in by the install page.
const bookmarklet = await build({
  entryPoints: [path.join(src, 'bookmarklet/bookmarklet.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  minify: true,
  target: TARGET,
  define: { KHO_PORT: '"__KHO_PORT__"' },
  legalComments: 'none',
  logLevel: 'warning',
});
const code = bookmarklet.outputFiles[0].text.trim();
const bookmarkletDir = path.join(out, 'bookmarklet');
mkdirSync(bookmarkletDir, { recursive: true });
writeFileSync(path.join(bookmarkletDir, 'bookmarklet.js'), `${code}\n`);
const install = readFileSync(path.join(src, 'bookmarklet/install.html'), 'utf8');
// JSON text is a valid JS string literal; "<" escaped so the code cannot close the <script> element.
const literal = JSON.stringify(code).replaceAll('<', '\\u003c');
writeFileSync(path.join(bookmarkletDir, 'index.html'), install.replace('__BOOKMARKLET_CODE__', literal));

console.log(`extension ${version} -> ${path.relative(root, out) || out}`);
