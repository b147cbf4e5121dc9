import type { CoverageResult } from '../../coverage/types.ts'
import { formatFigure } from './format-figure.ts'

/** One community × category gap, by the people of the target group out of reach. */
export interface LargestGap {
  rank: number
  community_id: string
  community_name: string
  category: string
  target_group: string
  /** People of the target group in the community. */
  target_population: number
  /** Of them, out of reach: target_population − population_covered. */
  uncovered_people: number
  population_share: number | null
}

/**
 * The largest gaps for a report: community × category pairs ranked by uncovered target people
 * (ties by community id, then category), the `n` first (default 10), optionally of one
 * category. Figures go through formatFigure, as in the table.
 * @example largestGaps(result, { n: 10 })[0].uncovered_people
 */
export function largestGaps(
  result: Pick<CoverageResult, 'settings' | 'communities'>,
  options: { n?: number; category?: string } = {},
): LargestGap[] {
  const n = options.n ?? 10
  const gaps: Omit<LargestGap, 'rank'>[] = []
  for (const c of result.communities) {
    for (const s of result.settings.categories) {
      if (options.category !== undefined && s.code !== options.category) continue
      const f = c.categories[s.code]
      if (!f || f.target_population === undefined) continue
      const uncovered = Math.max(0, f.target_population - f.population_covered)
      if (!(uncovered > 0)) continue
      gaps.push({
        community_id: c.id,
        community_name: c.name,
        category: s.code,
        target_group: s.target_group,
        target_population: formatFigure('people', f.target_population)!,
        uncovered_people: uncovered,
        population_share: formatFigure('share', f.population_share),
      })
    }
  }
  gaps.sort(
    (a, b) =>
      b.uncovered_people - a.uncovered_people ||
      (a.community_id < b.community_id ? -1 : a.community_id > b.community_id ? 1 : 0) ||
      (a.category < b.category ? -1 : a.category > b.category ? 1 : 0),
  )
  return gaps.slice(0, n).map((g, i) => ({
    rank: i + 1,
    ...g,
    uncovered_people: formatFigure('people', g.uncovered_people)!,
  }))
}
