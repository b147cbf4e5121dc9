import type { CoverageResult } from '../coverage/types.ts'
import { toCsv } from './write-csv.ts'

/** Columns of {@link coverageCsv}, in order. */
export const COVERAGE_CSV_COLUMNS = [
  'community_id',
  'community_name',
  'population',
  'area_m2',
  'category',
  'reach_m',
  'target_group',
  'method',
  'area_share',
  'population_share',
  'population_covered',
  'facilities_in_reach',
  'nearest_m_median',
  'nearest_m_p90',
  'capacity_per_1000',
  'target_fallback',
  'complete_share',
] as const

/**
 * The coverage table: one row per community × category, with the reach, target group and
 * method on every row so a copied excerpt still says how it was computed. Shares are
 * fractions in [0, 1] rounded to 6 decimals (0.0001 pp); areas in m², distances in metres.
 * @example coverageCsv(result).split('\r\n')[0] // '\uFEFFcommunity_id,community_name,population,…'
 */
export function coverageCsv(result: CoverageResult): string {
  const rows: (string | number | boolean | null)[][] = []
  for (const c of result.communities) {
    for (const setting of result.settings.categories) {
      const f = c.categories[setting.code]
      if (!f) continue
      rows.push([
        c.id,
        c.name,
        c.population,
        round(c.area_m2, 1),
        setting.code,
        setting.reach_m,
        setting.target_group,
        result.method,
        round(f.area_share, 6),
        round(f.population_share, 6),
        round(f.population_covered, 1),
        f.facilities_in_reach,
        round(f.nearest_m_median, 1),
        round(f.nearest_m_p90, 1),
        round(f.capacity_per_1000, 3),
        f.target_fallback,
        round(c.complete_share, 6),
      ])
    }
  }
  return toCsv(COVERAGE_CSV_COLUMNS, rows)
}

function round(v: number | null, digits: number): number | null {
  if (v === null) return null
  const k = 10 ** digits
  return Math.round(v * k) / k
}
