import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { importX } from 'eslint-plugin-import-x'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const features = ['map', 'nearby', 'planner', 'editor']

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'data', 'supabase'] },
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
      // The dependency direction of ARCHITECTURE.md: app -> features -> data/state/i18n -> core.
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
              from: './web/src/features',
              except: [`./${f}`],
              message: 'Features do not import each other; share through data/, state/ or core/.',
            })),
            {
              target: ['./web/src/data', './web/src/state', './web/src/i18n'],
              from: ['./web/src/features', './web/src/app'],
              message: 'Shared layers do not import features or the app shell.',
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
