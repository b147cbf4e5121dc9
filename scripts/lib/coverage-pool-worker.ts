import * as Comlink from 'comlink'
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs'
import { parentPort } from 'node:worker_threads'
import type {
  CoverageChange,
  CoverageData,
  RecomputeOptions,
} from '../../web/src/core/coverage/coverage-model.ts'
import { createCoverageModel } from '../../web/src/core/coverage/create-coverage-model.ts'
import type { CoverageMethod, CoverageSettings } from '../../web/src/core/coverage/types.ts'
import type { CoverageArgs } from './coverage-args.ts'
import { loadCoverageInput } from './coverage-input.ts'

/** Which array of the city's data a piece sent by {@link poolThreadApi.loadPart} belongs to. */
export type PoolDataKey = 'communities' | 'facilities' | 'population'

/** One CoverageModel per method, as the app's worker hosts them. */
const models = { exact: createCoverageModel('exact'), fast: createCoverageModel('fast') }
/** The city's data, kept between computations, and which models have it. */
let data: CoverageData | null = null
const loaded: Record<CoverageMethod, boolean> = { exact: false, fast: false }
/** The parts of the next load. */
let parts: Partial<Record<PoolDataKey, unknown[]>> = {}

function modelFor(method: CoverageMethod) {
  if (!data) throw new Error('coverage pool thread: no data loaded')
  if (!loaded[method]) {
    models[method].load(data)
    loaded[method] = true
  }
  return models[method]
}

/**
 * What a pool thread does: it hosts the same CoverageModel objects as the app's worker, through
 * Comlink, plus a load in pieces (see CoveragePool.load for why the data comes as JSON text).
 */
export const poolThreadApi = {
  /** Answers once the thread has loaded its code. */
  ready(): true {
    return true
  },
  /** Appends a piece of the city's data (JSON text of features) to what the next load takes. */
  loadPart(key: PoolDataKey, json: string): void {
    // New data is coming: the old is dropped now, not held beside the new until it is whole.
    if (data) poolThreadApi.drop()
    const list = (parts[key] ??= [])
    for (const f of JSON.parse(json) as unknown[]) list.push(f)
  },
  /**
   * Reads the city's data from the files named on the command line, as the CLI's own thread
   * does (same code, same files: the same data).
   */
  async loadFiles(args: CoverageArgs): Promise<void> {
    poolThreadApi.drop()
    const { input } = await loadCoverageInput(args)
    const { communities, facilities, population } = input
    data =
      population === undefined
        ? { communities, facilities }
        : { communities, facilities, population }
  },
  /** The pieces sent since the last load become the city's data. */
  load(): void {
    data = {
      communities: (parts.communities ?? []) as CoverageData['communities'],
      facilities: (parts.facilities ?? []) as CoverageData['facilities'],
      ...(parts.population ? { population: parts.population as CoverageData['population'] } : {}),
    }
    parts = {}
    loaded.exact = loaded.fast = false
  },
  recompute(settings: CoverageSettings, options?: RecomputeOptions) {
    return modelFor(settings.method).recompute(settings, options)
  },
  apply(method: CoverageMethod, change: CoverageChange) {
    return modelFor(method).apply(change)
  },
  gaps(method: CoverageMethod, communityId: string, categories: string[]) {
    return modelFor(method).gaps(communityId, categories)
  },
  drop(): void {
    models.exact.drop()
    models.fast.drop()
    data = null
    loaded.exact = loaded.fast = false
  },
}

export type PoolThreadApi = typeof poolThreadApi

if (parentPort) Comlink.expose(poolThreadApi, nodeEndpoint(parentPort))
