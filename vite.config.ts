import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import type { Logger, Plugin, ViteDevServer } from 'vite'
import { defineConfig, loadEnv } from 'vite'
import { buildDbImage } from './scripts/build-db-image.ts'
import { contentSecurityPolicyPlugin } from './scripts/lib/content-security-policy.ts'
import type { DbImageFile } from './scripts/build-db-image.ts'

const repo = fileURLToPath(new URL('.', import.meta.url))
const root = fileURLToPath(new URL('./web', import.meta.url))
const supabaseDir = fileURLToPath(new URL('./supabase/', import.meta.url))

const IMAGE_MODULE = 'virtual:lifecircle-db-image'
const RESOLVED_IMAGE_MODULE = `\0${IMAGE_MODULE}`
const DEV_IMAGE_PATH = '/@lifecircle-db-image/'

/**
 * The database image a first visit loads (scripts/build-db-image.ts), built from the SQL in
 * supabase/ as it is when the app is built or served, and exposed to the app as
 * `virtual:lifecircle-db-image`. `vite build` emits it as an asset; `vite` serves it and
 * rebuilds it when a SQL file changes. If it cannot be built the app is told there is none
 * and builds the database from the SQL in the browser, as before.
 */
function databaseImage(): Plugin {
  let command: 'build' | 'serve' = 'serve'
  let logger: Logger | undefined
  let current: Promise<DbImageFile | null> | null = null
  const image = (): Promise<DbImageFile | null> =>
    (current ??= buildDbImage({ repo, log: (m) => logger?.info(m) }).catch((error: unknown) => {
      logger?.warn(
        `database image not built (${error instanceof Error ? error.message : String(error)}); ` +
          'the app will build the database in the browser',
      )
      return null
    }))

  return {
    name: 'lifecircle-db-image',
    configResolved(config) {
      command = config.command
      logger = config.logger
    },
    resolveId(id) {
      return id === IMAGE_MODULE ? RESOLVED_IMAGE_MODULE : undefined
    },
    async load(id) {
      if (id !== RESOLVED_IMAGE_MODULE) return undefined
      const built = await image()
      if (!built) return 'export const dbImage = null'
      let url: string
      let publicUrl: string
      if (command === 'build') {
        const ref = this.emitFile({
          type: 'asset',
          name: 'lifecircle-db.tgz',
          source: readFileSync(built.file),
        })
        const publicRef = this.emitFile({
          type: 'asset',
          name: 'lifecircle-public.json',
          source: readFileSync(built.publicFile),
        })
        url = `import.meta.ROLLUP_FILE_URL_${ref}`
        publicUrl = `import.meta.ROLLUP_FILE_URL_${publicRef}`
      } else {
        url = JSON.stringify(`${DEV_IMAGE_PATH}${built.digest}.tar.gz`)
        publicUrl = JSON.stringify(`${DEV_IMAGE_PATH}${built.digest}.public.json`)
      }
      return `export const dbImage = { url: ${url}, publicUrl: ${publicUrl}, digest: ${JSON.stringify(built.digest)}, names: ${JSON.stringify(built.names)} }`
    },
    configureServer(server: ViteDevServer) {
      void image() // start building while the server comes up
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? ''
        if (!path.startsWith(DEV_IMAGE_PATH)) return next()
        void image().then((built) => {
          const json = path === `${DEV_IMAGE_PATH}${built?.digest}.public.json`
          if (!built || (!json && path !== `${DEV_IMAGE_PATH}${built.digest}.tar.gz`)) {
            res.statusCode = 404
            res.end()
            return
          }
          res.setHeader('Content-Type', json ? 'application/json' : 'application/gzip')
          res.setHeader('Cache-Control', 'no-cache')
          res.end(readFileSync(json ? built.publicFile : built.file))
        }, next)
      })
      server.watcher.add(supabaseDir)
      server.watcher.on('all', (_event, file) => {
        if (!file.startsWith(supabaseDir) || !file.endsWith('.sql')) return
        current = null
        const module = server.moduleGraph.getModuleById(RESOLVED_IMAGE_MODULE)
        if (module) server.moduleGraph.invalidateModule(module)
      })
    },
  }
}

// Vite's root is web/; env files, the dist folder and the SQL under supabase/ sit one level up.
export default defineConfig(({ mode }) => ({
  root,
  envDir: repo,
  plugins: [
    react(),
    databaseImage(),
    // The built page allows only its own origin and the hosts configured in .env.
    contentSecurityPolicyPlugin(loadEnv(mode, repo, 'VITE_')),
  ],
  // PGlite ships its own WASM + data files; pre-bundling breaks their URL resolution.
  optimizeDeps: { exclude: ['@electric-sql/pglite'] },
  worker: { format: 'es' },
  server: {
    port: 5173,
    strictPort: true,
    fs: { allow: [repo] },
  },
  preview: { port: 4173, strictPort: true },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
  },
}))
