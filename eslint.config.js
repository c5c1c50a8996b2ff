// ESLint catches mistakes the type checker lets through (promises nobody waits for, unused code, switches that miss
// a case, inaccessible markup). Layout and style belong to Prettier, so no stylistic rule is enabled here.
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores(['build/', 'public/build/', '.data/', '.cache/', 'coverage/', 'test-results/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        // A `default` is a deliberate answer for the rest (the policy denies what it does not name).
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        // `typeof import('…')` types a module loaded at run time (tsImport in the browser test set-up).
        { disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      // Remix loaders and guards throw Responses (redirect, notFound, forbidden) on purpose.
      '@typescript-eslint/only-throw-error': [
        'error',
        {
          allow: [
            { from: 'lib', name: 'Response' },
            { from: 'package', package: '@remix-run/server-runtime', name: 'TypedResponse' },
          ],
        },
      ],
      // Passing on a rejection whose type is unknown (React's onShellError) is not inventing a non-Error.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // `never` in a message is a value the types rule out but a caller sent anyway: printing it is the point.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNever: true }],

      // Turned off, with the reason:
      // - any: the code uses `any` in few, visible places (Kysely<any> in migrations, as Kysely documents; JSON
      //   bodies in tests). The no-unsafe-* family reported about 340 hits, nearly all reads of test response bodies
      //   and of action data that Remix's serialisation types leave as any: noise, not mistakes.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // - tsconfig has noUncheckedIndexedAccess off, so `values[name] ?? ''` and `levels[code]!` look unnecessary to
      //   these two rules while being real guards (about 80 and 30 hits); removing them would add bugs.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // - Kysely's expression builder is meant to be destructured (`({ exists, selectFrom }) =>`); its methods do
      //   not use `this`.
      '@typescript-eslint/unbound-method': 'off',
      // - An async loader or method without await is how Remix and Kysely's provider interface are written.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    extends: [reactHooks.configs['recommended-latest'], jsxA11y.flatConfigs.recommended],
    rules: {
      // Hook dependencies that are wrong cause stale values; a warning would be ignored, so it fails the lint.
      'react-hooks/exhaustive-deps': 'error',
      // A scrolling table region must be reachable by keyboard (WCAG 2.1.1; axe's scrollable-region-focusable).
      'jsx-a11y/no-noninteractive-tabindex': [
        'error',
        { tags: [], roles: ['tabpanel', 'region'], allowExpressionValues: true },
      ],
      // The server, the scripts and the tests log on purpose; the pages and models do not.
      'no-console': 'error',
    },
  },
  {
    files: ['app/entry.server.tsx'],
    rules: { 'no-console': 'off' },
  },
)
