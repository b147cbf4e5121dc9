import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { importX } from 'eslint-plugin-import-x'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const features = ['nearby', 'planner', 'editor']

export default tseslint.config(
  {
    ignores: [
      'dist',
      'bin',
      'node_modules',
      'test-results',
      'data',
      'supabase',
      'scripts/*.local.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { typescript: true, node: true } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-default-export': 'off',
      // The dependency direction of ARCHITECTURE.md: app -> routes -> features ->
      // map / components / data (with state, i18n, testing) -> core. Routes are the only place
      // where features meet; the map shell and shared components never import a feature.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './web/src/core',
              from: './web/src',
              except: ['./core'],
              message: 'core/ is pure: it imports nothing above it.',
            },
            {
              target: './web/src/workers',
              from: './web/src',
              except: ['./core', './workers'],
              message: 'workers/ only re-export core/ functions.',
            },
            ...features.map((f) => ({
              target: `./web/src/features/${f}`,
              from: ['./web/src/features', './web/src/app'],
              except: [`./${f}`],
              message: 'Features do not import each other or the app; routes compose them.',
            })),
            {
              target: ['./web/src/app/*.ts', './web/src/app/*.tsx'],
              from: './web/src/features',
              message: 'Only app/routes/ brings features together.',
            },
            {
              target: ['./web/src/map', './web/src/components'],
              from: ['./web/src/features', './web/src/app'],
              message: 'The map shell and shared components never import a feature or the app.',
            },
            {
              target: './web/src/components',
              from: './web/src/map',
              message: 'Shared components do not depend on the map shell.',
            },
            {
              target: ['./web/src/data', './web/src/state', './web/src/i18n', './web/src/testing'],
              from: [
                './web/src/features',
                './web/src/app',
                './web/src/map',
                './web/src/components',
              ],
              message: 'Shared layers do not import features, the app, the map or components.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/core/**/*.ts'],
    ignores: ['web/src/core/**/*.test.ts', 'web/src/core/**/*.bench.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'react',
            'react-dom',
            'maplibre-gl',
            '@supabase/supabase-js',
            '@electric-sql/pglite',
            'comlink',
          ],
          patterns: ['node:*'],
        },
      ],
    },
  },
  prettier,
)
