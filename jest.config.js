/** Two projects: unit specs beside the code, end-to-end suites in test/ against a real PostgreSQL. */
const moduleNameMapper = {
  '^@mm/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@mm/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  '^.+/node_modules/.+\\.js$': '<rootDir>/test/support/esm-to-cjs.transform.js',
};
// ESM-only packages (pg-boss and its dependencies) are transformed; everything else in node_modules is not.
const transformIgnorePatterns = ['/node_modules/(?!(pg-boss|serialize-error|non-error|rrule-temporal)/)'];

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
      moduleNameMapper,
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      moduleNameMapper,
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/support/setup-env.ts'],
    },
  ],
};
