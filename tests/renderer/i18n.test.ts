import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/renderer/src/i18n/en.js';
import { makeTranslate, resolveLang } from '../../src/renderer/src/i18n/index.js';
import { vi } from '../../src/renderer/src/i18n/vi.js';
import { REPO_ROOT } from '../helpers/paths.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) && !p.includes(`${path.sep}i18n${path.sep}`) ? [p] : [];
  });
}

describe('UI strings', () => {
  it('English and Vietnamese have exactly the same keys', () => {
    expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort());
  });

  it('every translation keeps the placeholders of the English string and is not empty', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(placeholders(vi[key]), key).toEqual(placeholders(en[key]));
      expect(vi[key].trim(), key).not.toBe('');
    }
  });

  it('every key the renderer uses exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(REPO_ROOT, 'src/renderer/src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z.]+)'/g)) used.add(m[1] as string);
      for (const m of text.matchAll(/key: '([a-z]+\.[a-zA-Z.]+)'/g)) used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it('follows the browser language unless a language was chosen', () => {
    expect(resolveLang(undefined, ['vi-VN', 'en-US'])).toBe('vi');
    expect(resolveLang(undefined, ['fr-FR', 'en-GB'])).toBe('en');
    expect(resolveLang(undefined, ['de-DE'])).toBe('en');
    expect(resolveLang('vi', ['en-US'])).toBe('vi');
    expect(resolveLang('auto', ['vi'])).toBe('vi');
  });

  it('fills placeholders and picks English singulars', () => {
    const t = makeTranslate('en');
    expect(t('list.total', { n: 1 })).toBe('1 article');
    expect(t('list.total', { n: 25000 })).toBe('25,000 articles');
    expect(makeTranslate('vi')('list.total', { n: 25000 })).toBe('25.000 bài viết');
  });
});
