import { parentPort } from 'node:worker_threads'
import {
  computeCoverage,
  type CoverageCache,
} from '../../web/src/core/coverage/compute-coverage.ts'
import type { CoverageInput } from '../../web/src/core/coverage/types.ts'
import type { PoolDataKey, PoolReply, PoolRequest } from './coverage-pool.ts'

const port = parentPort
if (!port) throw new Error('coverage-pool-worker.ts runs as a worker thread')

/** The city's data, kept between computations (see CoveragePool.load). */
let data: Omit<CoverageInput, 'settings'> | null = null
/** The parts of the next load. */
let parts: Partial<Record<PoolDataKey, unknown[]>> = {}
/** Its preparation, reused while only reaches change. */
let cache: CoverageCache = {}

port.on('message', (msg: PoolRequest) => {
  let reply: PoolReply
  try {
    if (msg.type === 'load-part') {
      // New data is coming: the old is dropped now, not held beside the new until it is whole.
      data = null
      cache = {}
      const list = (parts[msg.key] ??= [])
      for (const f of JSON.parse(msg.json) as unknown[]) list.push(f)
      reply = { id: msg.id, loaded: true }
    } else if (msg.type === 'load') {
      data = {
        communities: (parts.communities ?? []) as CoverageInput['communities'],
        facilities: (parts.facilities ?? []) as CoverageInput['facilities'],
        population: parts.population as CoverageInput['population'],
      }
      parts = {}
      cache = {}
      reply = { id: msg.id, loaded: true }
    } else {
      if (!data) throw new Error('coverage pool thread: no data loaded')
      const input: CoverageInput = { ...data, settings: msg.settings }
      // The pool checked the input before sending it.
      reply = {
        id: msg.id,
        result: computeCoverage(input, { communityIndices: msg.indices, validate: false, cache }),
      }
    }
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e))
    reply = { id: msg.id, error: { name: err.name, message: err.message, stack: err.stack ?? '' } }
  }
  port.postMessage(reply)
})
port.postMessage({ id: -1, ready: true } satisfies PoolReply)
