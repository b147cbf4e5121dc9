import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { cityTotals } from '../../web/src/core/coverage/city-totals.ts'
import type {
  CommunityResult,
  CoverageInput,
  CoverageResult,
} from '../../web/src/core/coverage/types.ts'
import { tsWorker } from './ts-worker.ts'

export interface PoolRequest {
  id: number
  /**
   * The input as JSON text: stringified once and copied as one string, it reaches two threads
   * in about a third of the time of structured-cloning the object graph to each (measured on
   * the large benchmark city: 0.3 s + 1.1 s parse in parallel vs 1.8 s per thread).
   */
  json: string
  indices: number[]
}

export type PoolReply =
  | { id: number; result: CoverageResult }
  | { id: number; error: { name: string; message: string; stack: string } }
  | { id: -1; ready: true }

/**
 * Deals community indices 0…n-1 out to `parts` lists round-robin. Dense and sparse parts of a
 * city sit next to each other in the input, so dealing (rather than cutting in contiguous
 * blocks) gives every thread a similar mix of easy and hard communities.
 * @example splitIndices(5, 2) // [[0, 2, 4], [1, 3]]
 */
export function splitIndices(n: number, parts: number): number[][] {
  const out: number[][] = Array.from({ length: Math.max(1, Math.min(parts, n)) }, () => [])
  for (let i = 0; i < n; i++) out[i % out.length]!.push(i)
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
 * Worker threads computing coverage together: the communities are split between threads,
 * each thread gets the whole facility list (reach crosses community boundaries) and computes
 * its share with `computeCoverage(input, { communityIndices })`, and the parts are merged.
 * Start it once and reuse it: starting a thread and loading the core costs ~0.3 s.
 */
export class CoveragePool {
  private nextId = 0
  private readonly waiting = new Map<
    number,
    { resolve: (r: CoverageResult) => void; reject: (e: Error) => void }
  >()

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (reply: PoolReply) => {
        if ('ready' in reply) return
        const job = this.waiting.get(reply.id)
        if (!job) return
        this.waiting.delete(reply.id)
        if ('result' in reply) job.resolve(reply.result)
        else
          job.reject(
            Object.assign(new Error(reply.error.message), {
              name: reply.error.name,
              stack: reply.error.stack,
            }),
          )
      })
      w.on('error', (e) => this.failAll(e))
    }
  }

  /**
   * Starts `threads` worker threads (default: the machine's cores) and waits until each has
   * loaded the coverage code.
   * @example const pool = await CoveragePool.start(2); const result = await pool.compute(input); await pool.close()
   */
  static async start(threads = availableParallelism()): Promise<CoveragePool> {
    const workers = Array.from({ length: Math.max(1, threads) }, () =>
      tsWorker(new URL('./coverage-pool-worker.ts', import.meta.url)),
    )
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const onMessage = (m: PoolReply): void => {
              if ('ready' in m) {
                w.off('message', onMessage)
                w.off('error', reject)
                resolve()
              }
            }
            w.on('message', onMessage)
            w.once('error', reject)
          }),
      ),
    )
    return new CoveragePool(workers)
  }

  get threads(): number {
    return this.workers.length
  }

  /** The same result as `computeCoverage(input)`, computed on all threads. */
  async compute(input: CoverageInput): Promise<CoverageResult> {
    const n = input.communities.length
    // The fast method rasterises and builds distance fields for the whole city whichever
    // communities are asked for, so splitting it would only repeat that work on every thread.
    const indices = splitIndices(n, input.settings.method === 'fast' ? 1 : this.workers.length)
    const json = JSON.stringify(input)
    const parts = await Promise.all(indices.map((idx, k) => this.send(this.workers[k]!, json, idx)))
    return mergeInOrder(parts, indices, n)
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
    this.failAll(new Error('coverage pool closed'))
  }

  private send(worker: Worker, json: string, indices: number[]): Promise<CoverageResult> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      worker.postMessage({ id, json, indices } satisfies PoolRequest)
    })
  }

  private failAll(e: Error): void {
    for (const job of this.waiting.values()) job.reject(e)
    this.waiting.clear()
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
