import * as Comlink from 'comlink'
import type { GapOptions } from '../core/coverage/gaps.ts'
import type { GapMask } from '../core/coverage/grid/grid-model.ts'
import type {
  CommunityFeature,
  CoverageInput,
  CoverageResult,
  FacilityFeature,
} from '../core/coverage/types.ts'
import type { FacilityChange, FacilityChangeResult } from '../core/coverage/what-if-update.ts'
import type { LngLat } from '../core/geo/units.ts'
import type { CoverageChange } from '../core/coverage/coverage-model.ts'
import type { CoverageSettings } from '../core/coverage/types.ts'
import type { SuggestSitesResult } from '../core/siting/suggest-sites.ts'
import type { CoverageApi, SuggestOptions } from './coverage-api.ts'
import { LatestWins } from './latest-wins.ts'

/**
 * The app's handle on the coverage worker. Questions (`computeCoverage`, `buildGridModel`,
 * `thresholdGrid`, `gapMask`) are latest-wins per kind: asking again rejects the earlier
 * promise with an `AbortError` and only the newest waiting question is computed. Edits of the
 * what-if model (`addFacility`, `moveFacility`, `removeFacility`) change state the next
 * question depends on, so they are never dropped: they run in order.
 */
export interface CoverageClient {
  /**
   * The worker keeps the input's communities, facilities and population arrays: asked again
   * with the same arrays (only settings changed), it is sent only the settings and reuses its
   * preparation.
   */
  computeCoverage(input: CoverageInput, signal?: AbortSignal): Promise<CoverageResult>
  buildGridModel(input: CoverageInput, signal?: AbortSignal): Promise<CoverageResult>
  thresholdGrid(
    reachByCategory: Readonly<Record<string, number>>,
    signal?: AbortSignal,
  ): Promise<CoverageResult>
  gapMask(communityId: string, category: string, signal?: AbortSignal): Promise<GapMask | null>
  addFacility(facility: FacilityFeature): Promise<CoverageResult>
  moveFacility(id: string, to: LngLat): Promise<CoverageResult>
  removeFacility(id: string): Promise<CoverageResult>
  /** The grid model's gap outline of one community and category. */
  gridGaps(
    communityId: string,
    category: string,
    signal?: AbortSignal,
  ): ReturnType<CoverageApi['gridGaps']> extends infer R ? Promise<R> : never
  buildExactModel(input: CoverageInput, signal?: AbortSignal): Promise<CoverageResult>
  /** A selected community's gap from Turf circles (exact; for the map), latest-wins. */
  exactGaps(
    community: CommunityFeature,
    facilities: FacilityFeature[],
    reachM: number,
    options?: GapOptions,
    signal?: AbortSignal,
  ): Promise<ReturnType<CoverageApi['exactGaps']>>
  /** An edit of the exact what-if model (in order, never dropped). */
  applyExactChange(change: FacilityChange): Promise<FacilityChangeResult>
  /**
   * The kept data's figures after a what-if scenario's edits (an append-only log), latest-wins.
   * Ask after `computeCoverage` has answered for the same data.
   */
  computeScenario(
    settings: CoverageSettings,
    edits: readonly CoverageChange[],
    signal?: AbortSignal,
  ): Promise<CoverageResult>
  /** Every community's gaps for these categories, baseline or scenario, latest-wins per kind. */
  districtGaps(
    which: 'baseline' | 'scenario',
    categories: string[],
    signal?: AbortSignal,
  ): Promise<ReturnType<CoverageApi['districtGaps']>>
  /** Suggested sites over the kept data (after the scenario's edits), latest-wins. */
  suggestKept(
    options: SuggestOptions,
    edits?: readonly CoverageChange[],
    signal?: AbortSignal,
  ): Promise<SuggestSitesResult>
  /** Stops the worker; pending promises reject. */
  dispose(): void
}

/**
 * Wraps a Comlink endpoint (a `Worker`, or a `MessagePort` in tests) exposing {@link CoverageApi}.
 * @example const client = createCoverageClient(new Worker(new URL('./coverage.worker.ts', import.meta.url), { type: 'module' }))
 */
export function createCoverageClient(
  endpoint: Comlink.Endpoint & { terminate?: () => void },
): CoverageClient {
  const remote = Comlink.wrap<CoverageApi>(endpoint)
  /** The data arrays the worker holds (sent once, until other arrays come). */
  let sent: Omit<CoverageInput, 'settings'> | null = null
  const computeOnWorker = async (input: CoverageInput): Promise<CoverageResult> => {
    const { communities, facilities, population } = input
    if (
      sent &&
      sent.communities === communities &&
      sent.facilities === facilities &&
      sent.population === population
    ) {
      return remote.computeKept(input.settings)
    }
    sent = null
    // Both messages go at once: the worker handles them in order, and waiting for the first
    // answer would wait for this thread, which at start-up is busy drawing the map (~60 ms).
    // A failed hand-over fails the computation too, never yielding figures of older data.
    const [, result] = await Promise.all([
      remote.keepCoverageData({ communities, facilities, population }),
      remote.computeKept(input.settings),
    ])
    sent = { communities, facilities, population }
    return result
  }
  const lanes = {
    compute: new LatestWins(),
    build: new LatestWins(),
    threshold: new LatestWins(),
    gap: new LatestWins(),
    gridGaps: new LatestWins(),
    exactBuild: new LatestWins(),
    exactGaps: new LatestWins(),
    scenario: new LatestWins(),
    baselineGaps: new LatestWins(),
    scenarioGaps: new LatestWins(),
    suggest: new LatestWins(),
  }
  return {
    computeCoverage: (input, signal) => lanes.compute.run(() => computeOnWorker(input), signal),
    buildGridModel: (input, signal) => lanes.build.run(() => remote.buildGridModel(input), signal),
    thresholdGrid: (reach, signal) =>
      lanes.threshold.run(() => remote.thresholdGrid(reach), signal),
    gapMask: (id, category, signal) => lanes.gap.run(() => remote.gapMask(id, category), signal),
    addFacility: (facility) => remote.addFacility(facility),
    moveFacility: (id, to) => remote.moveFacility(id, to),
    removeFacility: (id) => remote.removeFacility(id),
    gridGaps: (id, category, signal) =>
      lanes.gridGaps.run(() => remote.gridGaps(id, category), signal),
    buildExactModel: (input, signal) =>
      lanes.exactBuild.run(() => remote.buildExactModel(input), signal),
    applyExactChange: (change) => remote.applyExactChange(change),
    exactGaps: (community, facilities, reachM, options, signal) =>
      lanes.exactGaps.run(() => remote.exactGaps(community, facilities, reachM, options), signal),
    computeScenario: (settings, edits, signal) =>
      lanes.scenario.run(() => remote.computeScenario(settings, [...edits]), signal),
    districtGaps: (which, categories, signal) =>
      (which === 'scenario' ? lanes.scenarioGaps : lanes.baselineGaps).run(
        () => remote.districtGaps(which, categories),
        signal,
      ),
    suggestKept: (options, edits = [], signal) =>
      lanes.suggest.run(() => remote.suggestKept(options, [...edits]), signal),
    dispose: () => {
      remote[Comlink.releaseProxy]()
      endpoint.terminate?.()
    },
  }
}

let shared: CoverageClient | undefined

/**
 * The one coverage worker of the app, started on first use (a worker costs a thread and a
 * copy of the city; there is no reason for two).
 */
export function coverageClient(): CoverageClient {
  shared ??= createCoverageClient(
    new Worker(new URL('./coverage.worker.ts', import.meta.url), {
      type: 'module',
      name: 'coverage',
    }),
  )
  return shared
}
