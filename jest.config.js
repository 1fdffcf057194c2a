/**
 * Two projects: `unit` (the `*.spec.ts` beside the code: no Postgres, no Redis, no global setup;
 * `npm run test:unit` runs them in seconds) and `integration` (the `test/**` suites of every app, the
 * bench and the launchers, against the real services found by test/global-setup.ts). `npm test` runs both.
 * A spec that needs Postgres or Redis is an integration suite: put it under the app's `test/` as `*.e2e.ts`.
 */
// Transpile only: `npm run typecheck` does the type checking once, for the whole tree.
// (ts-jest rather than @swc/jest: the registry here lacks swc's other-platform binaries, which breaks `npm ci`.)
const tsJest = ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/scripts', '<rootDir>/bench'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^@app/shared$': '<rootDir>/libs/shared/src/index.ts',
    '^@app/server$': '<rootDir>/libs/server/src/index.ts',
  },
};

module.exports = {
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/test/**/*.e2e.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
