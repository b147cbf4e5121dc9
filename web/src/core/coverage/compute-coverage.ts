import { cityTotals } from './city-totals.ts'
import { runExactCoverage } from './exact-coverage.ts'
import { computeCoverageFast } from './grid-coverage.ts'
import { prepareCoverage } from './prepare-coverage.ts'
import type { CoverageInput, CoverageResult } from './types.ts'
import { assertValidCoverageInput } from './validate-input.ts'

export interface ComputeCoverageOptions {
  /** Compute only these communities (indices into input.communities), for a worker's share. */
  communityIndices?: readonly number[]
  /** Compute nearest_m_median / nearest_m_p90 (default true). */
  nearest?: boolean
  /** Check the input first and throw CoverageInputError naming every problem (default true). */
  validate?: boolean
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
  if (options.communityIndices) run.communityIndices = options.communityIndices
  if (options.nearest !== undefined) run.nearest = options.nearest
  return runExactCoverage(prepareCoverage(input), run)
}
