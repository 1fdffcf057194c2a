// @ts-check
/**
 * Lint: typescript-eslint's recommended rules, the promise rules that need types, and the import
 * boundaries that state the architecture (README "Layout", docs STYLE "nothing points back up").
 * Formatting is Prettier's job (`npm run format`); eslint-config-prettier keeps the two apart.
 */
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;
/** Every app, so that a new one is fenced in without touching this file. */
const apps = readdirSync(`${root}/apps`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * The one file of an app that others outside the app may import (the bench). Everything else under
 * `src/` is the app's own business.
 */
const PUBLIC_ENTRY = 'src/public-api.ts';

/**
 * Import boundaries (import-x `no-restricted-paths` resolves each import, relative or through a
 * workspace package such as `@app/socket`, and checks where it lands):
 * - an app's code never imports another app: apps talk over HTTP / Socket.IO and share only libs;
 * - libs never import apps, and `libs/shared` (the wire contract) imports no other lib;
 * - shipped code (apps' and libs' `src/`) never imports tests, the bench or the launchers;
 * - the bench's code reaches an app only through its public entry (`PUBLIC_ENTRY`) or `libs/shared`.
 * Left open on purpose: `scripts/` (the launchers compose and start the apps, as a `main` would) and
 * every test (`apps/<app>/test`, `bench/test`, `scripts/test`, `test/`) may import any app's
 * internals, including another app's test support: integration suites start the whole stack.
 */
const appZones = (ownTestSupport) =>
  apps.map((app) => ({
    target: `./apps/${app}/src`,
    from: './apps',
    // The app's own dependencies may be installed under it (npm nests a version other apps do not share).
    except: ownTestSupport ? [`./${app}/src`, `./${app}/node_modules`, `./${app}/test/support`] : [`./${app}/src`, `./${app}/node_modules`],
    message: 'An app never imports another app (nor tests): they talk over HTTP/Socket.IO and share code only through libs/.',
  }));

const boundaryZones = [
  ...appZones(false),
  { target: './libs', from: './apps', message: 'libs/ never import apps/.' },
  { target: './libs/shared', from: './libs', except: ['./shared'], message: 'libs/shared is the wire contract: it imports no other lib.' },
  ...['./bench', './scripts', './test'].map((from) => ({
    target: ['./apps/*/src/**', './libs/*/src/**'],
    from,
    message: 'Shipped code never imports the bench, the launchers or test support.',
  })),
  {
    target: './bench/src',
    from: './apps',
    except: apps.map((app) => `./${app}/${PUBLIC_ENTRY}`),
    message: `The bench reaches an app only through its public entry (apps/<app>/${PUBLIC_ENTRY}) or @app/shared.`,
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/results/**', '.data/**', 'coverage/**', 'artifacts/**'] },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.{js,mjs,cjs,ts,tsx,mts}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{ts,tsx,mts}'],
    extends: [...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: ['tsconfig.json', 'apps/web/tsconfig.json'], noWarnOnMultipleProjects: true }),
      ],
    },
    rules: {
      // The type-aware rules worth their cost here: a promise nobody awaits or catches is an
      // unhandled rejection, which ends a Node process (the socket app and the API alike).
      '@typescript-eslint/no-floating-promises': 'error',
      // React ignores what an event handler returns; the handlers catch their own errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: boundaryZones }],
    },
  },
  {
    // Shipped code logs through Nest's Logger (LOG_LEVEL applies) and reads the environment only in
    // its config module (validated once at boot). The entry points print a boot failure on stderr:
    // by then no logger may exist.
    files: ['apps/*/src/**/*.{ts,tsx}', 'libs/*/src/**/*.ts'],
    ignores: ['apps/*/src/main.ts', '**/*.spec.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment only in the app config module (apps/<app>/src/config/).' },
      ],
    },
  },
  {
    // The web client's unit specs have a tsconfig of their own (jest types, no DOM-only build).
    files: ['apps/web/src/**/*.spec.ts'],
    languageOptions: { parserOptions: { projectService: false, project: ['apps/web/tsconfig.spec.json'], tsconfigRootDir: root } },
  },
  {
    // Unit specs sit beside the code but are tests: they may use their own app's test support.
    files: ['apps/*/src/**/*.spec.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: [...appZones(true), ...boundaryZones.slice(apps.length)] }],
    },
  },
  {
    // The libraries' unit specs may use the repository's shared test support (e.g. hostile input generators).
    files: ['libs/*/src/**/*.spec.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: boundaryZones.filter((zone) => zone.from !== './test') }],
    },
  },
  {
    files: ['apps/*/src/config/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Only the two classic hook rules: cheap, and they catch the bugs hooks are known for.
    files: ['apps/web/src/**/*.tsx', 'apps/web/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
  },
  prettier,
);
