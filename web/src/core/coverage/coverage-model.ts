import type { Feature, MultiPolygon } from 'geojson'
import type { LngLat } from '../geo/units.ts'
import type {
  CoverageInput,
  CoverageMethod,
  CoverageResult,
  CoverageSettings,
  FacilityFeature,
} from './types.ts'

/** The city's data part of a coverage input: what a model keeps between computations. */
export type CoverageData = Omit<CoverageInput, 'settings'>

/** One planner's edit of the facilities (what-if): open a site, move one, close one. */
export type CoverageChange =
  | { kind: 'add'; facility: FacilityFeature }
  | { kind: 'move'; id: string; to: LngLat }
  | { kind: 'remove'; id: string }

/** Options of {@link CoverageModel.recompute}. */
export interface RecomputeOptions {
  /** Compute only these communities (indices into the data's communities): a thread's share. */
  communityIndices?: readonly number[]
  /** Check the input first (default true); a caller that checked it once passes false. */
  validate?: boolean
}

/** Properties of a gap feature: the part of a community out of reach of a category. */
export interface GapProps {
  community_id: string
  community_name: string
  category: string
  reach_m: number
  method: CoverageMethod
  gap_area_m2: number
}

/**
 * A city's coverage held between questions, one implementation per method (exact: analytic;
 * fast: the staged grid), so the app's worker and the CLI's threads host the same object:
 * `load` the data once, `recompute` under any settings (a reach change reuses the preparation or
 * only re-thresholds), `apply` what-if edits (only nearby communities are redone), draw `gaps`,
 * and `drop` to free the memory.
 * @example
 * const model = createCoverageModel('exact')
 * model.load({ communities, facilities })
 * model.recompute(settings)
 * model.apply({ kind: 'add', facility })
 */
export interface CoverageModel {
  readonly method: CoverageMethod
  /** Keeps the city's data (the arrays as given; never modified), dropping anything before. */
  load(data: CoverageData): void
  /**
   * The figures under these settings (`settings.method` must be the model's). Edits applied
   * since `load` stay applied.
   */
  recompute(settings: CoverageSettings, options?: RecomputeOptions): CoverageResult
  /**
   * Applies one edit to the last computed figures (a `recompute` of the whole city must come
   * first) and returns the whole city's figures after it.
   */
  apply(change: CoverageChange): CoverageResult
  /**
   * The gap (WGS-84 MultiPolygon, pieces under the settings' minimum gap area dropped) of one
   * community for each of the categories, under the last settings; a category fully covered
   * gives no feature. Throws for an unknown community.
   */
  gaps(communityId: string, categories: readonly string[]): Array<Feature<MultiPolygon, GapProps>>
  /** Forgets the data and every preparation. */
  drop(): void
}

/**
 * The facilities after an edit, as a new array (the given one is not modified).
 * Throws a RangeError naming the id when a moved or removed facility does not exist.
 * @example editedFacilities(facilities, { kind: 'remove', id: 'f1' })
 */
export function editedFacilities(
  facilities: readonly FacilityFeature[],
  change: CoverageChange,
): FacilityFeature[] {
  if (change.kind === 'add') return [...facilities, change.facility]
  const at = facilities.findIndex((f) => String(f.properties.id) === change.id)
  if (at < 0) throw new RangeError(`no facility with id ${change.id}`)
  const out = facilities.slice()
  if (change.kind === 'remove') out.splice(at, 1)
  else {
    const f = out[at]!
    out[at] = { ...f, geometry: { type: 'Point', coordinates: [change.to[0], change.to[1]] } }
  }
  return out
}
