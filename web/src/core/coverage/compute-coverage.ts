import { polygonalBbox } from '../geo/bbox.ts'
import { EARTH_RADIUS_M } from '../geo/units.ts'
import { cityTotals } from './city-totals.ts'
import { NEAREST_MAX_M, runExactCoverage } from './exact-coverage.ts'
import { computeCoverageFast } from './grid/fast-coverage.ts'
import {
  prepareCoverage,
  withSettings,
  type LonLatBox,
  type PreparedCoverage,
} from './prepare-coverage.ts'
import type { CoverageInput, CoverageResult } from './types.ts'
import { assertValidCoverageInput } from './validate-input.ts'

export interface ComputeCoverageOptions {
  /** Compute only these communities (indices into input.communities), for a worker's share. */
  communityIndices?: readonly number[]
  /** Compute nearest_m_median / nearest_m_p90 (default true). */
  nearest?: boolean
  /** Check the input first and throw CoverageInputError naming every problem (default true). */
  validate?: boolean
  /**
   * Prepared input kept by the caller between computations (exact method): when the next call
   * has the same communities, facilities and population arrays and only other reaches, the
   * preparation is reused (see withSettings). Make one with `{}` per data set kept.
   */
  cache?: CoverageCache
}

/** What {@link computeCoverage} keeps between calls; an empty object to start with. */
export interface CoverageCache {
  held?: {
    data: Pick<CoverageInput, 'communities' | 'facilities' | 'population'>
    region: LonLatBox | null
    prep: PreparedCoverage
  }
}

/**
 * The one entry to the coverage engine: validates the input, then runs the method named by
 * `input.settings.method` — `exact` (analytic, Green's theorem; the default for figures) or
 * `fast` (grid). Shares are fractions in [0, 1], distances great-circle metres on the sphere
 * R = 6,371,008.8 m, areas m².
 * @example computeCoverage({ communities, facilities, settings: { method: 'exact', categories: [{ code: 'store', reach_m: meters(1000), target_group: 'all' }] } })
 */
export function computeCoverage(
  input: CoverageInput,
  options: ComputeCoverageOptions = {},
): CoverageResult {
  if (options.validate ?? true) assertValidCoverageInput(input)
  if (input.settings.method === 'fast') {
    const result = computeCoverageFast(input)
    const indices = options.communityIndices
    if (!indices) return result
    // The grid model is built for the whole city at once; a subset is cut from it.
    const communities = indices.map((i) => result.communities[i]!)
    const codes = input.settings.categories.map((c) => c.code)
    return { ...result, communities, city: cityTotals(communities, codes) }
  }
  const run: { communityIndices?: readonly number[]; nearest?: boolean } = {}
  if (options.nearest !== undefined) run.nearest = options.nearest
  const indices = options.communityIndices
  if (!indices) return runExactCoverage(prepared(input, null, options.cache), run)
  run.communityIndices = indices
  // A part of the city: prepare only the communities it touches, and only the facilities that
  // can reach them or be their nearest.
  const reach = Math.max(0, ...input.settings.categories.map((c) => c.reach_m))
  const margin = (run.nearest ?? true) ? Math.max(reach, NEAREST_MAX_M) : reach
  const region = regionAround(input, indices, margin)
  return runExactCoverage(prepared(input, region, options.cache), run)
}

/** The prepared input: the cache's, carried over to the new settings when it can be. */
function prepared(
  input: CoverageInput,
  region: LonLatBox | null,
  cache: CoverageCache | undefined,
): PreparedCoverage {
  const held = cache?.held
  if (
    held &&
    held.data.communities === input.communities &&
    held.data.facilities === input.facilities &&
    held.data.population === input.population &&
    // A preparation of the whole city, or of a box holding this one, has every facility needed.
    (held.region === null || (region !== null && contains(held.region, region)))
  ) {
    const prep = withSettings(held.prep, input.settings)
    if (prep) {
      held.prep = prep
      return prep
    }
  }
  const prep = prepareCoverage(input, region ? { lazy: true, region } : {})
  if (cache) {
    const { communities, facilities, population } = input
    cache.held = { data: { communities, facilities, population }, region, prep }
  }
  return prep
}

/** Whether box a holds box b. */
function contains(a: LonLatBox, b: LonLatBox): boolean {
  return a[0] <= b[0] && a[1] <= b[1] && a[2] >= b[2] && a[3] >= b[3]
}

const DEG = Math.PI / 180

/**
 * The lon/lat box holding every point within `marginM` metres of the listed communities, with
 * 1% to spare (the facility searches use the same degree conversion).
 */
export function regionAround(
  input: CoverageInput,
  indices: readonly number[],
  marginM: number,
): LonLatBox {
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (const i of indices) {
    const [bw, bs, be, bn] = polygonalBbox(input.communities[i]!.geometry)
    if (bw < w) w = bw
    if (bs < s) s = bs
    if (be > e) e = be
    if (bn > n) n = bn
  }
  if (!(w <= e)) return [0, 0, -1, -1]
  const dLat = (marginM / EARTH_RADIUS_M / DEG) * 1.01
  const maxLat = Math.min(89, Math.max(Math.abs(s), Math.abs(n)) + dLat)
  const dLon = dLat / Math.cos(maxLat * DEG)
  return [w - dLon, s - dLat, e + dLon, n + dLat]
}
