import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { PreviewServer } from 'vite'
import { preview } from 'vite'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
  }
}

const repo = fileURLToPath(new URL('../..', import.meta.url))
let server: PreviewServer | undefined

/**
 * Serves the production build (dist/, or the absolute folder in E2E_DIST) on localhost for the
 * specs; `npm run test:e2e` builds it.
 */
export async function setup(project: TestProject): Promise<void> {
  const dist = process.env['E2E_DIST'] || `${repo}/dist`
  if (!existsSync(`${dist}/index.html`)) {
    throw new Error(`${dist} is missing: run \`npm run build\` first (npm run test:e2e does).`)
  }
  server = await preview({
    configFile: `${repo}/vite.config.ts`,
    ...(process.env['E2E_DIST'] ? { build: { outDir: dist } } : {}),
    preview: { port: 4173, strictPort: false, host: '127.0.0.1' },
    logLevel: 'warn',
  })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('vite preview did not report a local URL')
  project.provide('baseUrl', url)
}

export async function teardown(): Promise<void> {
  await server?.close()
}
