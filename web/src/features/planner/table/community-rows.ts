import type { CoverageResult, TargetGroup } from '../../../core/coverage/types.ts'
import { formatFigure } from '../../../core/io/export/format-figure.ts'
import { targetMet } from '../../../core/io/export/coverage-table.ts'

/** One category's figures in a table row, rounded as every export rounds them. */
export interface RowFigures {
  group: TargetGroup
  /** People of the category's target group in the community. */
  targetPopulation: number | null
  share: number | null
  covered: number | null
  medianM: number | null
  p90M: number | null
  capacityPer1000: number | null
  /** '✓' / '✗' against the community target, '' without one (or without people). */
  met: '✓' | '✗' | ''
}

/** One community's row of the planner's table. */
export interface CommunityRowData {
  id: string
  name: string
  street: string
  population: number
  categories: Record<string, RowFigures>
  complete: number | null
}

/**
 * The table's rows from a coverage result: one per community, in the result's order, every
 * figure through the exports' rounding ({@link formatFigure}) and ✓/✗ by the exports' rule
 * ({@link targetMet}), so the screen, the CSV and the XLSX print the same digits.
 * @example communityRows(result, { streets: { c1: '示范街道' }, targets: { canteen: 1 } })[0].categories.canteen.met
 */
export function communityRows(
  result: Pick<CoverageResult, 'settings' | 'communities'>,
  options: {
    streets?: Readonly<Record<string, string>>
    /** Per category: the population share (fraction) a community must reach. */
    targets?: Readonly<Record<string, number>>
  } = {},
): CommunityRowData[] {
  return result.communities.map((c) => {
    const categories: Record<string, RowFigures> = {}
    for (const s of result.settings.categories) {
      const f = c.categories[s.code]
      if (!f) continue
      categories[s.code] = {
        group: s.target_group,
        targetPopulation: formatFigure('people', f.target_population),
        share: formatFigure('share', f.population_share),
        covered: formatFigure('people', f.population_covered),
        medianM: formatFigure('metres', f.nearest_m_median),
        p90M: formatFigure('metres', f.nearest_m_p90),
        capacityPer1000: formatFigure('per_1000', f.capacity_per_1000),
        met: targetMet(f.population_share, options.targets?.[s.code]),
      }
    }
    return {
      id: c.id,
      name: c.name,
      street: options.streets?.[c.id] ?? '',
      population: formatFigure('people', c.population) ?? 0,
      categories,
      complete: formatFigure('share', c.complete_share),
    }
  })
}

/** The district's figures for one category (or the complete life circle). */
export interface DistrictSummary {
  category: string
  /** Population-weighted share: Σ people covered / Σ target people (the engine's city figure). */
  share: number | null
  targetPopulation: number
  covered: number
  /** Communities with people of the group. */
  communities: number
  /** Of them, below the community target (✗); null without a target. */
  belowTarget: number | null
}

/**
 * The population-weighted district summary of one category with the count of communities below
 * target. For `complete`: the engine's complete-life-circle share over everyone.
 * @example districtSummary(result, 'canteen', 1).belowTarget
 */
export function districtSummary(
  result: Pick<CoverageResult, 'settings' | 'communities' | 'city'>,
  category: string,
  target: number | undefined,
): DistrictSummary {
  let targetPopulation = 0
  let covered = 0
  let communities = 0
  let below = 0
  for (const c of result.communities) {
    let share: number | null
    if (category === 'complete') {
      share = c.complete_share
      if (share === null) continue
      targetPopulation += c.population
      covered += share * c.population
    } else {
      const f = c.categories[category]
      if (!f || f.population_share === null) continue
      share = f.population_share
      targetPopulation += f.target_population ?? 0
      covered += f.population_covered
    }
    communities++
    if (targetMet(share, target) === '✗') below++
  }
  const share =
    category === 'complete'
      ? result.city.complete_share
      : (result.city.categories[category]?.population_share ?? null)
  return {
    category,
    share: formatFigure('share', share),
    targetPopulation: formatFigure('people', targetPopulation) ?? 0,
    covered: formatFigure('people', covered) ?? 0,
    communities,
    belowTarget: target === undefined ? null : below,
  }
}

/** One community's change in a scenario, for one category. */
export interface CommunityChange {
  id: string
  name: string
  before: number | null
  after: number | null
  /** after − before, percentage points (4 decimals). */
  deltaPp: number | null
  /** People of the target group newly within reach (negative: no longer). */
  newlyCovered: number
}

/** A scenario against the baseline for one category. */
export interface ScenarioDiff {
  category: string
  /** District share before / after and the change in percentage points. */
  before: number | null
  after: number | null
  deltaPp: number | null
  /** Σ of the communities' newly covered people. */
  newlyCovered: number
  /** Only the communities whose figures changed. */
  communities: CommunityChange[]
}

const pp = (before: number | null, after: number | null) =>
  before === null || after === null ? null : formatFigure('pp', (after - before) * 100)

/**
 * A scenario's difference from the baseline for one category: per community (only those that
 * changed) and for the district, in percentage points and in people of the target group. The
 * district's people are the sum of the communities' (each rounded as shown), so the table's
 * column and the summary add up.
 * @example scenarioDiff(before, after, 'canteen').newlyCovered
 */
export function scenarioDiff(
  baseline: Pick<CoverageResult, 'communities' | 'city'>,
  scenario: Pick<CoverageResult, 'communities' | 'city'>,
  category: string,
): ScenarioDiff {
  const byId = new Map(scenario.communities.map((c) => [c.id, c]))
  const communities: CommunityChange[] = []
  let newlyCovered = 0
  for (const b of baseline.communities) {
    const a = byId.get(b.id)
    const fb = b.categories[category]
    const fa = a?.categories[category]
    if (!fb || !fa) continue
    const before = formatFigure('share', fb.population_share)
    const after = formatFigure('share', fa.population_share)
    const people = formatFigure('people', fa.population_covered - fb.population_covered) ?? 0
    if (before === after && people === 0) continue
    communities.push({
      id: b.id,
      name: b.name,
      before,
      after,
      deltaPp: pp(before, after),
      newlyCovered: people,
    })
    newlyCovered += people
  }
  const before = formatFigure('share', baseline.city.categories[category]?.population_share)
  const after = formatFigure('share', scenario.city.categories[category]?.population_share)
  return {
    category,
    before,
    after,
    deltaPp: pp(before, after),
    newlyCovered: formatFigure('people', newlyCovered) ?? 0,
    communities,
  }
}
