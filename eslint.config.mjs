// Lint: type-aware rules everywhere, plus the sandbox rule for workflow code (no Node built-ins,
// no clients, no activity code except `import type`).
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.tools/**', 'prisma/generated/**', 'bin/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // node:test's describe/it return promises the runner itself tracks.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, '@prisma/client', '@kubernetes/client-node', '@google-cloud/container', 'express', 'pg', '@temporalio/activity', '@temporalio/worker', '@temporalio/client'].map((name) => ({
            name,
            message: 'Workflow code runs in the deterministic sandbox: no Node built-ins, clients or activity code.',
          })),
          patterns: [
            { group: ['node:*'], message: 'No Node built-ins in workflow code.' },
            { group: ['**/activities', '**/activities/**', '**/prisma/**', '**/api/**'], allowTypeImports: true, message: 'Workflow code may only `import type` from activities, prisma and api.' },
          ],
        },
      ],
    },
  },
);
