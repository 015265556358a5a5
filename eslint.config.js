import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** One no-restricted-imports rule per layer: the sibling layers it may not reach, and optionally electron / node:. */
function layerRules(layers) {
  return layers.map(({ files, forbid, electron = false, node = false }) => ({
    files: [`${files}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electron
            ? [{ name: 'electron', message: 'Only src/main and src/preload may import electron.' }]
            : [],
          patterns: [
            {
              regex: `^(\\.\\./)+(src/)?(${forbid.join('|')})(/|$)`,
              message: `${files} may not import from ${forbid.join(', ')} (see ARCHITECTURE.md "Layers").`,
            },
            ...(node ? [{ regex: '^node:', message: `${files} runs without Node (no node: imports).` }] : []),
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'build/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        window: 'readonly',
        document: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // Layer boundaries (ARCHITECTURE.md "Layers"): each folder lists the layers it must not import. Dependencies
  // point down only; electron stays in src/main and src/preload.
  ...layerRules([
    {
      files: 'src/shared',
      forbid: ['core', 'main', 'preload', 'server', 'cli', 'renderer', 'bench', 'host'],
      electron: true,
      node: true,
    },
    {
      files: 'src/core',
      forbid: ['main', 'preload', 'server', 'cli', 'renderer', 'bench', 'host'],
      electron: true,
    },
    { files: 'src/server', forbid: ['main', 'preload', 'cli', 'renderer', 'bench', 'host'], electron: true },
    { files: 'src/cli', forbid: ['main', 'preload', 'renderer', 'host'], electron: true },
    // The archive host process: core plus the connector of src/server, never Electron (it runs in a utilityProcess).
    { files: 'src/host', forbid: ['main', 'preload', 'cli', 'renderer', 'bench'], electron: true },
    {
      files: 'src/renderer',
      forbid: ['core', 'main', 'preload', 'server', 'cli', 'bench', 'host'],
      electron: true,
      node: true,
    },
    { files: 'src/preload', forbid: ['core', 'main', 'server', 'cli', 'renderer', 'bench', 'host'] },
    {
      files: 'extension',
      forbid: ['core', 'main', 'preload', 'server', 'cli', 'renderer', 'bench', 'host'],
      electron: true,
    },
  ]),
  {
    // The renderer's hooks (Preact's have the same rules): called unconditionally, and effects list what they read.
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
