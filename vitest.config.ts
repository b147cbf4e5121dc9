import { defineConfig } from 'vitest/config'

// Tests run from the repository root (vite.config.ts roots the app at web/).
export default defineConfig({
  test: {
    root: '.',
    include: [
      'web/src/**/*.test.ts',
      'web/src/**/*.test.tsx',
      'tests/db/**/*.test.ts',
      'tests/unit/**/*.test.ts',
      'tests/real-data/**/*.test.ts',
    ],
    exclude: ['node_modules', 'dist', 'tests/e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One printed fast-check seed per run (FC_SEED replays it).
    globalSetup: ['tests/setup/fast-check-global.ts'],
    setupFiles: ['tests/setup/fast-check-seed.ts'],
  },
})
