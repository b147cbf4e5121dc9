import * as Comlink from 'comlink'
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs'
import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { cityTotals } from '../../web/src/core/coverage/city-totals.ts'
import {
  computeCoverage,
  type CoverageCache,
} from '../../web/src/core/coverage/compute-coverage.ts'
import { assertValidCoverageInput } from '../../web/src/core/coverage/validate-input.ts'
import { polygonalBbox } from '../../web/src/core/geo/bbox.ts'
import type {
  CommunityResult,
  CoverageInput,
  CoverageResult,
} from '../../web/src/core/coverage/types.ts'
import type { PoolDataKey, PoolThreadApi } from './coverage-pool-worker.ts'
import { tsWorker } from './ts-worker.ts'

export type { PoolDataKey, PoolThreadApi }

/**
 * The worker threads' module: the TypeScript source when this file runs as TypeScript (tests,
 * tsx), the built `coverage-pool-worker.mjs` beside the bundle when it runs built (`bin/`).
 */
export const POOL_WORKER = import.meta.url.endsWith('.ts')
  ? new URL('./coverage-pool-worker.ts', import.meta.url)
  : new URL('./coverage-pool-worker.mjs', import.meta.url)

/**
 * Features per piece of a load. The data goes as JSON text: stringified and copied as strings,
 * it reaches two threads in about a third of the time of structured-cloning the object graph to
 * each (measured on the large benchmark city: 0.3 s + 1.1 s parse in parallel vs 1.8 s per
 * thread); in pieces, each answered before the next goes, so that neither side holds the whole
 * text (the large city's 22 MB) beside the objects made from it.
 */
export const LOAD_PIECE = 5000

/** A pool thread: its Comlink proxy, and a promise that rejects if the thread dies. */
interface PoolThread {
  worker: Worker
  api: Comlink.Remote<PoolThreadApi>
  died: Promise<never>
}

/**
 * Cuts the communities into `parts` spatially compact blocks of (nearly) equal size by
 * recursive bisection of their bbox centres along the longer side. Compact blocks keep what a
 * thread prepares beyond its own communities (the facilities within reach and the 2SFCA
 * neighbours) to a thin rim; each block lists its indices ascending.
 * @example spatialBlocks(communities, 2) // [[west half…], [east half…]]
 */
export function spatialBlocks(
  communities: CoverageInput['communities'],
  parts: number,
): number[][] {
  const n = communities.length
  const cx = new Float64Array(n)
  const cy = new Float64Array(n)
  communities.forEach((f, i) => {
    const [w, s, e, no] = polygonalBbox(f.geometry)
    cx[i] = (w + e) / 2
    cy[i] = (s + no) / 2
  })
  // Degrees of longitude are shorter than degrees of latitude by cos(latitude); one scale for
  // the whole city (it only decides which side of a block is the longer).
  const scale = n > 0 ? Math.cos((cy.reduce((a, b) => a + b, 0) / n) * (Math.PI / 180)) : 1
  const out: number[][] = []
  const cut = (idx: number[], k: number): void => {
    if (k <= 1 || idx.length <= 1) {
      out.push(idx.sort((a, b) => a - b))
      return
    }
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity]
    for (const i of idx) {
      x0 = Math.min(x0, cx[i]!)
      x1 = Math.max(x1, cx[i]!)
      y0 = Math.min(y0, cy[i]!)
      y1 = Math.max(y1, cy[i]!)
    }
    const key = (x1 - x0) * scale >= y1 - y0 ? cx : cy
    idx.sort((a, b) => key[a]! - key[b]! || a - b)
    const left = Math.floor(k / 2)
    const at = Math.round((idx.length * left) / k)
    cut(idx.slice(0, at), left)
    cut(idx.slice(at), k - left)
  }
  cut(
    Array.from({ length: n }, (_, i) => i),
    Math.max(1, Math.min(parts, n)),
  )
  return out
}

/**
 * Puts per-thread results back in input order and recomputes the city figures from the merged
 * communities (a thread's own city totals only cover its share).
 */
export function mergeInOrder(
  parts: readonly CoverageResult[],
  indices: readonly number[][],
  n: number,
): CoverageResult {
  const first = parts[0]
  if (!first) throw new Error('mergeInOrder: no parts')
  const communities = new Array<CommunityResult>(n)
  parts.forEach((p, k) => {
    const idx = indices[k]!
    if (p.communities.length !== idx.length) {
      throw new Error(
        `thread ${k} returned ${p.communities.length} communities for ${idx.length} asked`,
      )
    }
    p.communities.forEach((c, j) => (communities[idx[j]!] = c))
  })
  return {
    ...first,
    communities,
    city: cityTotals(
      communities,
      first.settings.categories.map((c) => c.code),
    ),
    warnings: [...new Set(parts.flatMap((p) => p.warnings))],
  }
}

/**
 * Threads computing coverage together, kept running as a browser app keeps its workers. The
 * calling thread is one of them: with `threads` = N it computes one block of communities itself
 * while N − 1 worker threads compute the others, so N cores are used with N − 1 extra copies of
 * the city in memory (the caller holds its copy anyway). The city's data goes to every worker
 * once (`load`, or the first `compute` with new data); each computation then sends only the
 * settings and a compact block of communities per worker. A thread prepares its block, the
 * communities next to it (2SFCA) and the facilities within reach of it
 * (`computeCoverage(input, { communityIndices })`), and the parts are merged.
 */
export class CoveragePool {
  /** The data the threads hold: the very arrays last sent. */
  private loaded: Pick<CoverageInput, 'communities' | 'facilities' | 'population'> | null = null
  /** The calling thread's preparation of its block, reused while only reaches change. */
  private cache: CoverageCache = {}
  /** Loads and computations run one after another, so a computation sees the data it loaded. */
  private queue: Promise<unknown> = Promise.resolve()

  private constructor(private readonly pool: PoolThread[]) {}

  /**
   * A pool of `threads` threads (default: the machine's cores): the caller and `threads` − 1
   * worker threads, started here; waits until each has loaded the coverage code. `workerModule`
   * is where coverage-pool-worker is, for callers bundled elsewhere (the benchmark).
   * @example const pool = await CoveragePool.start(2); const result = await pool.compute(input); await pool.close()
   */
  static async start(
    threads = availableParallelism(),
    workerModule = POOL_WORKER,
  ): Promise<CoveragePool> {
    const pool = Array.from({ length: Math.max(1, threads) - 1 }, (): PoolThread => {
      const worker = tsWorker(workerModule)
      const died = new Promise<never>((_, reject) => {
        worker.once('error', reject)
        worker.once('exit', (code) => reject(new Error(`coverage pool thread exited (${code})`)))
      })
      // Only ever awaited in a race with a call: an unobserved rejection is not an error here.
      died.catch(() => undefined)
      return { worker, api: Comlink.wrap<PoolThreadApi>(nodeEndpoint(worker)), died }
    })
    const made = new CoveragePool(pool)
    try {
      await Promise.all(pool.map((t) => made.call(t, (api) => api.ready())))
    } catch (e) {
      await made.close()
      throw e
    }
    return made
  }

  /** Threads computing: the caller and the workers. */
  get threads(): number {
    return this.pool.length + 1
  }

  /**
   * Sends the city's communities, facilities and population layer to every thread, to be kept
   * for later computations (their settings are sent with each one).
   * @example await pool.load(input)
   */
  load(input: CoverageInput): Promise<void> {
    return this.exclusive(() => this.loadNow(input))
  }

  /**
   * Has every worker thread get the city's data by itself (`load`, e.g. reading the same files),
   * while the caller gets it too (`data`): nothing is copied between threads. Computations of
   * `data`'s arrays then use what the threads loaded.
   * @example await pool.loadFrom((api) => api.loadFiles(args), readInput(args))
   */
  loadFrom(
    load: (api: Comlink.Remote<PoolThreadApi>) => Promise<unknown>,
    data: Promise<Pick<CoverageInput, 'communities' | 'facilities' | 'population'>>,
  ): Promise<void> {
    return this.exclusive(async () => {
      this.loaded = null
      this.cache = {}
      const [own] = await Promise.all([data, ...this.pool.map((t) => this.call(t, load))])
      this.loaded = {
        communities: own.communities,
        facilities: own.facilities,
        population: own.population,
      }
    })
  }

  /** The same result as `computeCoverage(input)`, computed on all threads. */
  compute(input: CoverageInput): Promise<CoverageResult> {
    return this.exclusive(() => this.computeNow(input))
  }

  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job)
    this.queue = run.catch(() => undefined)
    return run
  }

  /** A call on one thread that fails, rather than hangs, if the thread dies. */
  private call<T>(
    t: PoolThread,
    f: (api: Comlink.Remote<PoolThreadApi>) => Promise<T>,
  ): Promise<T> {
    return Promise.race([f(t.api), t.died])
  }

  private async loadNow(input: CoverageInput): Promise<void> {
    const data = {
      communities: input.communities,
      facilities: input.facilities,
      population: input.population,
    }
    this.loaded = null
    this.cache = {}
    await Promise.all(this.pool.map((t) => this.loadInto(t, data)))
    this.loaded = data
  }

  /** Sends the data to one thread piece by piece, each piece answered before the next goes. */
  private async loadInto(t: PoolThread, data: NonNullable<typeof this.loaded>): Promise<void> {
    for (const key of ['communities', 'facilities', 'population'] as const) {
      const list = data[key]
      if (list === undefined) continue
      for (let i = 0; i === 0 || i < list.length; i += LOAD_PIECE) {
        const json = JSON.stringify(list.slice(i, i + LOAD_PIECE))
        await this.call(t, (api) => api.loadPart(key, json))
      }
    }
    await this.call(t, (api) => api.load())
  }

  private async computeNow(input: CoverageInput): Promise<CoverageResult> {
    // Checked once here rather than in every thread; a bad input then fails before any is busy.
    assertValidCoverageInput(input)
    // The fast method rasterises and builds distance fields for the whole city whichever
    // communities are asked for, so splitting it would only repeat that work on every thread.
    const parts = input.settings.method === 'fast' ? 1 : this.threads
    const indices = spatialBlocks(input.communities, parts)
    const held = this.loaded
    if (
      parts > 1 &&
      (!held ||
        held.communities !== input.communities ||
        held.facilities !== input.facilities ||
        held.population !== input.population)
    ) {
      await this.loadNow(input)
    }
    const replies = indices
      .slice(1)
      .map((idx, k) =>
        this.call(this.pool[k]!, (api) =>
          api.recompute(input.settings, { communityIndices: idx, validate: false }),
        ),
      )
    // The caller's own block, while the workers compute theirs.
    let own: CoverageResult
    try {
      own =
        parts === 1
          ? computeCoverage(input, { validate: false })
          : computeCoverage(input, {
              communityIndices: indices[0]!,
              validate: false,
              cache: this.cache,
            })
    } catch (e) {
      await Promise.allSettled(replies)
      throw e
    }
    const results = [own, ...(await Promise.all(replies))]
    return parts === 1 ? own : mergeInOrder(results, indices, input.communities.length)
  }

  async close(): Promise<void> {
    this.cache = {}
    for (const t of this.pool) t.api[Comlink.releaseProxy]()
    await Promise.all(this.pool.map((t) => t.worker.terminate()))
  }
}

/**
 * One-off pooled computation: starts the threads, computes, stops them.
 * @example const result = await computeCoverageInPool(input, 2)
 */
export async function computeCoverageInPool(
  input: CoverageInput,
  threads = availableParallelism(),
): Promise<CoverageResult> {
  const pool = await CoveragePool.start(threads)
  try {
    return await pool.compute(input)
  } finally {
    await pool.close()
  }
}
