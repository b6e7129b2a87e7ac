import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // tsup and vite bundle their config files to a temporary `*.bundled_*.mjs` / `*.timestamp-*.mjs`
  // beside them while a build or test runs, maybe at the same time as lint.
  globalIgnores(['**/dist/**', '**/coverage/**', '**/.turbo/**', '**/src/generated/**', '**/*.bundled_*.mjs', '**/*.timestamp-*.mjs']),
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `import { type X } from 'm'` keeps a bare `import 'm'` under verbatimModuleSyntax: loading a
      // module (ajv, msw) only for its types costs start-up time in every CLI run.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // strictTypeChecked forbids `!`; an explicit `as T` after a checked index is the clearer form.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
    },
  },
  { files: ['**/*.test.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  {
    files: ['**/*.{js,mjs}', '**/*.config.ts'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
