import * as Comlink from 'comlink'
import type {
  CoverageChange,
  CoverageData,
  CoverageModel,
  RecomputeOptions,
} from '../core/coverage/coverage-model.ts'
import { createExactModel } from '../core/coverage/exact-model.ts'
import { gapPolygons, type GapOptions } from '../core/coverage/gaps.ts'
import { createGridCoverageModel } from '../core/coverage/grid/grid-coverage-model.ts'
import type { GapMask, GridModel } from '../core/coverage/grid/grid-model.ts'
import { gapsFromGrid } from '../core/coverage/grid/vectorize.ts'
import type {
  CommunityFeature,
  CoverageInput,
  CoverageMethod,
  CoverageResult,
  CoverageSettings,
  FacilityFeature,
} from '../core/coverage/types.ts'
import type { FacilityChange, FacilityChangeResult } from '../core/coverage/what-if-update.ts'
import type { LngLat } from '../core/geo/units.ts'
import { editedFacilities } from '../core/coverage/coverage-model.ts'
import { suggestSites, type SuggestSitesInput } from '../core/siting/suggest-sites.ts'

export type { CoverageData }

/**
 * One CoverageModel per method lives in the worker between calls, so moving the minutes slider
 * or dragging a what-if site sends a few numbers instead of the whole city.
 */
const models = { exact: createExactModel(), fast: createGridCoverageModel() }
/** The data each model holds (the arrays last loaded into it). */
const loaded: Record<CoverageMethod, CoverageData | null> = { exact: null, fast: null }
/** The settings each model last computed under. */
const settingsOf: Record<CoverageMethod, CoverageSettings | null> = { exact: null, fast: null }
/**
 * The city's data for `computeKept`: moving the minutes control then sends only settings and
 * recomputes without preparing again (the demo city: ~150 → ~50 ms).
 */
let kept: CoverageData | null = null
/** The exact model's last whole-city figures, to tell which communities an edit recomputed. */
let lastExact: CoverageResult | null = null

/**
 * A what-if scenario over the kept data: its own exact model, so the baseline's figures are never
 * touched. Edits are an append-only log; a log that extends the one applied is applied
 * incrementally (only nearby communities are redone), anything else starts over.
 */
const scenarioModel = createExactModel()
let scenarioHeld: {
  data: CoverageData
  settings: string
  applied: string[]
  result: CoverageResult
} | null = null

/** Options of `suggestKept`: the siting input without the city's data. */
export type SuggestOptions = Omit<SuggestSitesInput, 'communities' | 'facilities' | 'population'>

function loadInto(method: CoverageMethod, data: CoverageData): CoverageModel {
  const model = models[method]
  if (loaded[method] !== data) {
    model.load(data)
    loaded[method] = data
    settingsOf[method] = null
  }
  return model
}

function recompute(
  method: CoverageMethod,
  settings: CoverageSettings,
  options?: RecomputeOptions,
): CoverageResult {
  const result = models[method].recompute(settings, options)
  if (!options?.communityIndices) {
    settingsOf[method] = settings
    if (method === 'exact') lastExact = result
  }
  return result
}

function requireGrid(): GridModel {
  const grid = models.fast.grid
  if (!grid || !settingsOf.fast) throw new Error('no grid model: call buildGridModel(input) first')
  return grid
}

function editGrid(change: CoverageChange): CoverageResult {
  requireGrid()
  return models.fast.apply(change)
}

function dataOf(input: CoverageInput): CoverageData {
  const { communities, facilities, population } = input
  return population === undefined
    ? { communities, facilities }
    : { communities, facilities, population }
}

/**
 * What the coverage worker does: a CoverageModel per method, hosted. Kept apart from
 * `coverage.worker.ts` (which only exposes it) so it is tested in Node without a worker.
 */
export const coverageApi = {
  /** Keeps the city's data for `computeKept` (each method's model loads it on first use). */
  keepCoverageData(data: CoverageData): void {
    kept = data
  },
  /** The figures of the kept data under these settings, by the settings' method. */
  computeKept(settings: CoverageSettings, options?: RecomputeOptions): CoverageResult {
    if (!kept) throw new Error('no data kept: call keepCoverageData(data) first')
    loadInto(settings.method, kept)
    return recompute(settings.method, settings, options)
  },
  /** Loads the input into the fast model and computes it; returns its figures. */
  buildGridModel(input: CoverageInput): CoverageResult {
    loadInto('fast', dataOf(input))
    return recompute('fast', input.settings)
  },
  /** Re-thresholds the fast model's distance fields at new reaches (metres per category). */
  thresholdGrid(reachByCategory: Readonly<Record<string, number>>): CoverageResult {
    requireGrid()
    const last = settingsOf.fast!
    const settings: CoverageSettings = {
      ...last,
      categories: last.categories.map((c) => ({
        ...c,
        reach_m: (reachByCategory[c.code] ?? c.reach_m) as typeof c.reach_m,
      })),
    }
    return recompute('fast', settings, { validate: false })
  },
  addFacility(facility: FacilityFeature): CoverageResult {
    return editGrid({ kind: 'add', facility })
  },
  moveFacility(id: string, to: LngLat): CoverageResult {
    return editGrid({ kind: 'move', id, to })
  },
  removeFacility(id: string): CoverageResult {
    return editGrid({ kind: 'remove', id })
  },
  /** Uncovered cells of one community for one category; the mask's buffer is transferred. */
  gapMask(communityId: string, category: string): GapMask | null {
    const m = requireGrid().gapMask(communityId, category)
    return m ? Comlink.transfer(m, [m.mask.buffer]) : null
  },
  /** The grid model's gap of one community for one category, outlined (WGS-84 MultiPolygon). */
  gridGaps(communityId: string, category: string, minGapAreaM2?: number) {
    return gapsFromGrid(requireGrid(), communityId, category, minGapAreaM2)
  },
  /** The gaps of one community for several categories, by a computed model of that method. */
  modelGaps(method: CoverageMethod, communityId: string, categories: string[]) {
    return models[method].gaps(communityId, categories)
  },
  /** A selected community's gap drawn with Turf circles (exact method; for the map). */
  exactGaps(
    community: CommunityFeature,
    facilities: FacilityFeature[],
    reachM: number,
    options?: GapOptions,
  ) {
    return gapPolygons(community, facilities, reachM, options)
  },
  /** Loads the input into the exact model and computes it, for what-if edits. */
  buildExactModel(input: CoverageInput): CoverageResult {
    loadInto('exact', dataOf(input))
    return recompute('exact', input.settings)
  },
  /**
   * Adds / removes facilities in the exact model, recomputing only the communities touched
   * (listed in `recomputed`).
   */
  applyExactChange(change: FacilityChange): FacilityChangeResult {
    if (!settingsOf.exact) throw new Error('no exact model: call buildExactModel(input) first')
    const edits: CoverageChange[] = [
      ...(change.remove ?? []).map((id): CoverageChange => ({ kind: 'remove', id })),
      ...(change.add ?? []).map((facility): CoverageChange => ({ kind: 'add', facility })),
    ]
    const before = lastExact
    let result = before
    for (const edit of edits) result = models.exact.apply(edit)
    lastExact = result
    if (!result || !before) throw new Error('no exact model: call buildExactModel(input) first')
    // Communities an edit did not touch keep their figures' very objects.
    const recomputed: number[] = []
    result.communities.forEach((c, i) => {
      if (c !== before.communities[i]) recomputed.push(i)
    })
    return { result, recomputed }
  },
  /**
   * The kept data's figures (exact method) after a scenario's edits, in order. Returns the
   * whole city's figures; a log extending the last one costs only the new edits.
   */
  computeScenario(settings: CoverageSettings, edits: readonly CoverageChange[]): CoverageResult {
    if (!kept) throw new Error('no data kept: call keepCoverageData(data) first')
    const key = JSON.stringify(settings)
    const log = edits.map((e) => JSON.stringify(e))
    const held = scenarioHeld
    const extends_ =
      held &&
      held.data === kept &&
      held.settings === key &&
      held.applied.length <= log.length &&
      held.applied.every((e, i) => e === log[i])
    let result: CoverageResult
    let from: number
    if (extends_) {
      result = held.result
      from = held.applied.length
    } else {
      scenarioModel.load(kept)
      result = scenarioModel.recompute({ ...settings, method: 'exact' })
      from = 0
    }
    for (let i = from; i < edits.length; i++) result = scenarioModel.apply(edits[i]!)
    scenarioHeld = { data: kept, settings: key, applied: log, result }
    return result
  },
  /**
   * Gaps of every community for these categories: the baseline's (exact model, last settings)
   * or the scenario's. Fully covered pairs give no feature.
   */
  districtGaps(which: 'baseline' | 'scenario', categories: string[]) {
    const model = which === 'scenario' ? scenarioModel : models.exact
    const data = which === 'scenario' ? scenarioHeld?.data : loaded.exact
    if (!data || (which === 'baseline' && !settingsOf.exact))
      throw new Error(`no ${which} figures: compute them first`)
    // Only communities not wholly covered have a gap: skipping the others saves drawing them.
    const figures = which === 'scenario' ? scenarioHeld?.result : lastExact
    const open = figures
      ? new Set(
          figures.communities
            .filter((c) => categories.some((k) => (c.categories[k]?.area_share ?? 0) < 1))
            .map((c) => c.id),
        )
      : null
    return data.communities
      .filter((c) => !open || open.has(String(c.properties.id)))
      .flatMap((c) => model.gaps(String(c.properties.id), categories))
  },
  /** "Suggest k sites" over the kept data, after a scenario's edits (if any). */
  suggestKept(options: SuggestOptions, edits: readonly CoverageChange[] = []) {
    if (!kept) throw new Error('no data kept: call keepCoverageData(data) first')
    let facilities = kept.facilities
    for (const e of edits) facilities = editedFacilities(facilities, e)
    return suggestSites({
      ...options,
      communities: kept.communities,
      facilities,
      ...(kept.population ? { population: kept.population } : {}),
    })
  },
  /** Drops the kept models (frees their memory). */
  dropModels(): void {
    scenarioModel.drop()
    scenarioHeld = null
    models.exact.drop()
    models.fast.drop()
    loaded.exact = loaded.fast = null
    settingsOf.exact = settingsOf.fast = null
    kept = null
    lastExact = null
  },
}

export type CoverageApi = typeof coverageApi
