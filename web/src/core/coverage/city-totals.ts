import type { CityResult, CommunityResult, CoverageResult } from './types.ts'

/**
 * City figures from community figures: area shares weighted by area, population shares by the
 * category's target group (Σ covered / Σ target), the complete life circle by total population.
 * Used by both methods and to merge partial (worker) results.
 * @example cityTotals(result.communities, ['canteen', 'store'])
 */
export function cityTotals(
  communities: readonly CommunityResult[],
  codes: readonly string[],
): CityResult {
  let population = 0
  let completeNum = 0
  let completeDen = 0
  for (const c of communities) {
    population += c.population
    if (c.complete_share !== null) {
      completeNum += c.complete_share * c.population
      completeDen += c.population
    }
  }
  const categories: CityResult['categories'] = {}
  for (const code of codes) {
    let area = 0
    let covered = 0
    let people = 0
    let reached = 0
    for (const c of communities) {
      const f = c.categories[code]
      if (!f) continue
      area += c.area_m2
      covered += c.area_m2 * f.area_share
      people += f.target_population ?? 0
      reached += f.population_covered
    }
    categories[code] = {
      area_share: area > 0 ? covered / area : 0,
      population_share: people > 0 ? reached / people : null,
      population_covered: reached,
    }
  }
  return {
    population,
    categories,
    complete_share: completeDen > 0 ? completeNum / completeDen : null,
  }
}

/**
 * Joins results computed on disjoint community subsets (e.g. one per worker) into one, in the
 * order given, and recomputes the city figures.
 * @example mergeCoverageResults([part0, part1])
 */
export function mergeCoverageResults(parts: readonly CoverageResult[]): CoverageResult {
  const first = parts[0]
  if (!first) throw new Error('mergeCoverageResults: no parts')
  const communities = parts.flatMap((p) => p.communities)
  const codes = first.settings.categories.map((c) => c.code)
  return {
    ...first,
    communities,
    city: cityTotals(communities, codes),
    warnings: [...new Set(parts.flatMap((p) => p.warnings))],
  }
}
