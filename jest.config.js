/**
 * One `npm test` runs every tier. Unit tests sit beside the code (`src/**\/*.test.ts`) and need
 * nothing; integration tests (`<workspace>/test/`) and end-to-end tests (`test/e2e/`) get real
 * PostgreSQL and Kafka from the global setup (see packages/testing/src/global-setup.ts).
 */
// tsconfig has isolatedModules: ts-jest transpiles file by file (type checking is `npm run typecheck`).
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }] };
const infra = {
  globalSetup: '<rootDir>/packages/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/packages/testing/src/global-teardown.ts',
};
const common = { testEnvironment: 'node', transform, rootDir: __dirname, modulePathIgnorePatterns: ['<rootDir>/.data/', '<rootDir>/tools/kafka/.run/'] };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  // Test files are isolated (each has its own databases, topic prefix and ports) and mostly wait
  // on PostgreSQL and Kafka, so two run at once even on two cores (jest's default there is one,
  // in band). Workers also contain what a file leaves running: they are stopped at the end.
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{packages,subgraphs,gateway,sync-worker}/**/src/**/*.test.ts', '<rootDir>/scripts/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/deploy/**/*.test.ts', '<rootDir>/clients/*/src/**/*.test.ts'] },
    { ...common, ...infra, displayName: 'integration', testMatch: ['<rootDir>/{packages,subgraphs}/*/test/**/*.test.ts', '<rootDir>/{gateway,sync-worker}/test/**/*.test.ts', '<rootDir>/test/integration/**/*.test.ts', '<rootDir>/clients/*/test/**/*.test.ts'] },
    { ...common, ...infra, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
