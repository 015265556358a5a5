import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../helpers/paths.js';

/**
 * What the build hands to the stores: a zip per browser with a manifest each browser accepts. Firefox's
 * manifest (and code) are checked with Mozilla's own addons-linter, which runs offline.
 */

const tmp = makeTempDir('kho-ext-build-');
const out = path.join(tmp.dir, 'out');
const version = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-extension.mjs'), '--out', out], {
    cwd: REPO_ROOT,
  });
}, 60_000);
afterAll(() => tmp.cleanup());

function zipEntries(browser: string): Record<string, Uint8Array> {
  return unzipSync(readFileSync(path.join(out, `kho-${browser}-${version}.zip`)));
}

describe('the packaged extension', () => {
  it('Chromium: an MV3 service worker, the files it names, no host permissions', () => {
    const files = zipEntries('chromium');
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Record<string, unknown> & {
      background: { service_worker: string };
      action: { default_popup: string };
      icons: Record<string, string>;
      permissions: string[];
    };
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.version).toBe(version);
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.permissions.sort()).toEqual(['activeTab', 'contextMenus', 'scripting', 'storage']);
    for (const f of [
      manifest.background.service_worker,
      manifest.action.default_popup,
      'content.js',
      'popup.js',
      ...Object.values(manifest.icons),
    ]) {
      expect(files[f], f).toBeDefined();
    }
    // Icons are real PNGs of the size their key says.
    for (const [size, f] of Object.entries(manifest.icons)) {
      const png = Buffer.from(files[f]!);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(Number(size));
    }
  });

  it('Firefox: background scripts, a gecko id, and no errors or warnings from addons-linter', async () => {
    const files = zipEntries('firefox');
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as {
      background: Record<string, unknown>;
      browser_specific_settings: { gecko: { id: string } };
    };
    expect(manifest.background).toEqual({ scripts: ['background.js'] });
    expect(manifest.browser_specific_settings.gecko.id).toMatch(/@/);
    const { createInstance } = await import('addons-linter');
    const linter = createInstance({
      config: {
        _: [path.join(out, `kho-firefox-${version}.zip`)],
        logLevel: 'fatal',
        stack: false,
        pretty: false,
        warningsAsErrors: false,
        metadata: false,
        output: 'none',
        boring: true,
        selfHosted: false,
      },
      runAsBinary: false,
    });
    const report = await linter.run();
    expect(report.errors.map((e) => e.message)).toEqual([]);
    expect(report.warnings.map((w) => w.message)).toEqual([]);
  }, 120_000);

  it('the bookmarklet install page carries the built code, one javascript: link', () => {
    const page = readFileSync(path.join(out, 'bookmarklet', 'index.html'), 'utf8');
    const code = readFileSync(path.join(out, 'bookmarklet', 'bookmarklet.js'), 'utf8').trim();
    expect(code).toContain('__KHO_PORT__');
    expect(page).toContain(JSON.stringify(code).replaceAll('<', '\\u003c'));
    expect(page).not.toContain('__BOOKMARKLET_CODE__');
  });
});
