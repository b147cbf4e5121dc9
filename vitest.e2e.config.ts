import { defineConfig } from 'vitest/config'

// End-to-end specs drive real Chromium against the production build served by `vite preview`.
export default defineConfig({
  test: {
    root: '.',
    include: ['tests/e2e/**/*.spec.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    passWithNoTests: false,
  },
})
