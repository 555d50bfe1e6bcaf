// ESLint flat config, run as `eslint --config .ci/eslint.config.js` (the top level holds no tool files).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'docs/**', 'bench/**', '**/*.tmp.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-throw-literal': 'error',
      // a `let` a closure reads before its one assignment (a timer the callback clears) stays a `let`
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // terminal and report safety: these modules match control characters on purpose
      'no-control-regex': 'off',
      // `_name` marks a value left out on purpose (a rest-spread that drops a key, an unused parameter)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**'],
    rules: {
      // tests read untyped JSON (results files, replies) and poke at it
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
