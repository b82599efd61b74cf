// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Libraries are used only through their index (ARCHITECTURE §2): no deep or relative cross-library imports. */
const libraryBoundaries = {
  patterns: [
    { group: ['@hutong/*/*'], message: 'Import a library only through its index: @hutong/<lib>.' },
    { group: ['**/libs/*/src/**', '../../*/src/**'], message: 'Reach another library through @hutong/<lib>, not by path.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'bin/**', 'contracts/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-restricted-imports': ['error', libraryBoundaries],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest classes are legitimately empty (modules) and decorators need class members.
      '@typescript-eslint/no-extraneous-class': 'off',
      // DI needs value imports of classes used only as types in constructors.
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', 'tests/**/*.ts'],
    rules: {
      // Assertions on untyped JSON bodies (supertest) are the point of these files.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['eslint.config.mjs', 'vitest.config.mts'],
    ...tseslint.configs.disableTypeChecked,
  },
);
