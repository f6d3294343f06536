// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.stack/**', 'coverage/**', 'eslint.config.mjs', 'infra/**/*.js'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // An async function without await is harmless, and handlers must return promises to fit Nest.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through the app config module (libs/config), not process.env.',
        },
      ],
    },
  },
  {
    // Tests, scripts and the config loader itself may read the environment directly.
    files: [
      'test/**',
      'scripts/**',
      'bench/**',
      'faults/**',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      'libs/config/**',
      'apps/cli/**',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The Kafka client is an implementation detail of libs/kafka, so that it can be swapped or
    // wrapped later in one place: everything else takes the client and its types from @hub/kafka.
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    ignores: ['libs/kafka/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kafkajs',
              message:
                'Import the Kafka client and its types from @hub/kafka (libs/kafka/src/kafka-types.ts): only libs/kafka may use kafkajs, so the client can be swapped later.',
            },
          ],
          patterns: [
            {
              group: ['kafkajs/*'],
              message: 'Only libs/kafka may reach into kafkajs, so the client can be swapped later.',
            },
          ],
        },
      ],
    },
  },
  {
    // Plain CommonJS helpers (jest reporter and setup, small scripts): linted without type information.
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: 'commonjs',
      parserOptions: { projectService: false, project: false },
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        jest: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The dashboard's script runs in the browser as it is: a classic script with the browser's globals.
    files: ['apps/monitor/src/dashboard/assets/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        document: 'readonly',
        localStorage: 'readonly',
        sessionStorage: 'readonly',
        fetch: 'readonly',
        setInterval: 'readonly',
      },
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
);
