import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'apps/console/**', 'coverage/**', 'scripts/**', '*.js', '*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/common/exceptions/*'], message: 'Domain code throws DomainError, not HTTP exceptions.' }] },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    // Guards and gateways are the HTTP/socket edge, even when they live in a library.
    ignores: ['libs/**/*.spec.ts', 'libs/**/*.guard.ts', 'libs/**/*.gateway.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name=/^(BadRequest|NotFound|Forbidden|Unauthorized|Conflict|UnprocessableEntity|Http)Exception$/]",
          message: 'Domain libraries throw DomainError with a code; surfaces map it to HTTP.',
        },
      ],
    },
  },
);
