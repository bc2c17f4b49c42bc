// `npm run lint`: ESLint for correctness (typescript-eslint's recommended rules), Prettier
// for layout (`npm run format` rewrites, `lint` checks). eslint-config-prettier turns off
// the ESLint rules that would argue with Prettier.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.e2e/**', '.vscode-test/**', 'test/fixtures/**', '.gpu/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // An unused binding is dead code; a leading underscore marks one kept on purpose (a callback's slot).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `import x = require('m')` is TypeScript's typed import of a CommonJS `export =` module.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    // The server reads every match with allMatches (engine/text/matches.ts): matchAll copies the expression on each
    // call, and V8 compiles the copy again once two major collections have emptied its cache (20-29 ms on a keystroke).
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='matchAll']",
          message: 'Use allMatches (engine/text/matches.ts): matchAll compiles a copy of the expression.',
        },
      ],
    },
  },
  {
    // Plain Node scripts (build, e2e setup helpers, the legend and settings-doc generators).
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
