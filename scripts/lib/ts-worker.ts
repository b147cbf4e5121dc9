import { Worker } from 'node:worker_threads'

/**
 * Starts a worker thread on a TypeScript module. Node 20 does not pass tsx's module hooks
 * on to worker threads, so the worker registers tsx itself before importing the module; this
 * works the same under `tsx`, `node --import tsx` and vitest.
 * @example const w = tsWorker(new URL('./coverage-pool-worker.ts', import.meta.url))
 */
export function tsWorker(module: URL): Worker {
  const api = import.meta.resolve('tsx/esm/api')
  const code = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}) })`
  return new Worker(code, { eval: true, execArgv: [] })
}
