// ESLint (flat config): typescript-eslint's recommended rules plus a few project conventions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/generated/**', '.data/**', 'tools/kafka/.run/**', 'coverage/**', 'gateway/supergraph.graphql', 'clients/*/src/gql/**', '**/dist/**', 'clients/mobile/.expo/**', 'test/e2e/.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // Structured logging only (pino); scripts write to process.stdout explicitly.
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Shared packages are used through their exports map only, never by path.
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/packages/*/src/**', '@miw/*/src/**'], message: 'import the package by name (@miw/...)' }] }],
    },
  },
  // The subgraph shape (CONTRIBUTING.md), checked: who may import whom. Type-only imports are free.
  {
    files: ['subgraphs/*/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['@miw/subgraph-*', '@miw/gateway', '@miw/gateway/*'], message: 'a subgraph depends on @miw/contracts and the shared packages, never on another subgraph or the gateway' },
      ] }],
    },
  },
  {
    files: ['subgraphs/*/src/resolvers/**/*.ts'],
    ignores: ['**/*.test.ts', 'subgraphs/*/src/resolvers/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['@miw/subgraph-*', '@miw/gateway', '@miw/gateway/*'], message: 'a subgraph never depends on another subgraph or the gateway' },
        { group: ['./*'], message: 'a resolver file never imports another: share through services/ or domain/' },
        { group: ['../data/*', '@miw/events', '@miw/db'], allowTypeImports: true, message: 'resolvers call services; data and events are theirs' },
      ] }],
    },
  },
  {
    files: ['subgraphs/*/src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['@miw/subgraph-*', '@miw/gateway', '@miw/gateway/*'], message: 'a subgraph never depends on another subgraph or the gateway' },
        { group: ['../data/*', '../services/*', '../events/*', '../resolvers/*', '@miw/events', '@miw/db', '@prisma/*', 'pg', 'kafkajs', 'node:fs', 'node:http', 'node:https', 'node:net'], allowTypeImports: true, message: 'domain/ is pure: no database, broker, file or network; services bring the I/O' },
      ] }],
    },
  },
  {
    files: ['**/*.cjs', 'tools/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['jest.config.js'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', __dirname: 'readonly' } } },
);
