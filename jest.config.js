/** One jest run covers unit specs (beside the code) and integration suites (apps/<app>/test). */
// Transpile only: `npm run typecheck` does the type checking once, for the whole tree.
// (ts-jest rather than @swc/jest: the registry here lacks swc's other-platform binaries, which breaks `npm ci`.)
const tsJest = ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/scripts', '<rootDir>/bench'],
  testMatch: ['**/*.spec.ts', '**/test/**/*.e2e.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^@app/shared$': '<rootDir>/libs/shared/src/index.ts',
    '^@app/server$': '<rootDir>/libs/server/src/index.ts',
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
};
