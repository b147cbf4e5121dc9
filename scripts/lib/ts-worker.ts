import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type * as Esbuild from 'esbuild'

/** Bundled worker code by module URL, as `data:` URLs: each module is bundled once a process. */
const bundles = new Map<string, URL>()

/**
 * Starts a worker thread on a TypeScript module, bundled once per process into one plain ES
 * module (esbuild, ~0.3 s). Why not tsx's loader in the thread: Node 20 does not pass module
 * hooks on to worker threads, and a thread that registers tsx itself costs ~60 MB of memory
 * against ~30 MB for the bundle (measured on this project's coverage worker), which is what kept
 * the pooled large benchmark city over 500 MB. Works the same under `tsx`, `node --import tsx`
 * and vitest; the bundle imports only Node's built-in modules. A `.mjs` / `.js` module (a built
 * worker beside a built CLI) starts as it is.
 * @example const w = tsWorker(new URL('./coverage-pool-worker.ts', import.meta.url))
 */
export function tsWorker(module: URL): Worker {
  // Already JavaScript (the built CLIs start their built workers): nothing to bundle.
  if (!module.pathname.endsWith('.ts')) return new Worker(module, { execArgv: [] })
  let url = bundles.get(module.href)
  if (!url) {
    // Loaded here, not at start: a built CLI never needs esbuild, and loading it costs time.
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof Esbuild
    const out = buildSync({
      entryPoints: [fileURLToPath(module)],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    })
    url = new URL(`data:text/javascript,${encodeURIComponent(out.outputFiles[0]!.text)}`)
    bundles.set(module.href, url)
  }
  return new Worker(url, { execArgv: [] })
}
