import { describe, expect, it } from 'vitest'
import type { CategoryFigures, CoverageResult } from '../coverage/types.ts'
import { meters } from '../geo/units.ts'
import { COVERAGE_CSV_COLUMNS, coverageCsv } from './coverage-csv.ts'
import { parseCsv } from './parse-csv.ts'

const figures = (area_share: number, population_share: number | null): CategoryFigures => ({
  area_share,
  population_share,
  population_covered: 1234.5678,
  facilities_in_reach: 2,
  nearest_m_median: 300.04,
  nearest_m_p90: null,
  capacity_per_1000: null,
  target_fallback: population_share === null,
})

const result: CoverageResult = {
  settings: {
    categories: [
      { code: 'canteen', reach_m: meters(800), target_group: 'elderly' },
      { code: 'store', reach_m: meters(1000), target_group: 'all' },
    ],
    method: 'exact',
    distance: 'great-circle, sphere R = 6371008.8 m',
    population_placement: 'even',
  },
  method: 'exact',
  communities: [
    {
      id: 'a',
      name: '幸福, 社区',
      population: 5000,
      area_m2: 1e6,
      categories: { canteen: figures(0.123456789, 0.5), store: figures(1, 1) },
      complete_share: 0.5,
    },
    {
      id: 'b',
      name: '=cmd',
      population: 0,
      area_m2: 2e5,
      categories: { canteen: figures(0, null), store: figures(0, null) },
      complete_share: null,
    },
  ],
  city: { population: 5000, categories: {}, complete_share: 0.5 },
  warnings: [],
}

describe('coverageCsv', () => {
  it('writes one row per community and category with settings on each row', () => {
    const t = parseCsv(coverageCsv(result))
    expect(t.header).toEqual([...COVERAGE_CSV_COLUMNS])
    expect(t.rows).toHaveLength(4)
    const row = Object.fromEntries(t.header.map((h, i) => [h, t.rows[0]!.values[i]]))
    expect(row).toMatchObject({
      community_id: 'a',
      community_name: '幸福, 社区',
      category: 'canteen',
      reach_m: '800',
      target_group: 'elderly',
      method: 'exact',
      area_share: '0.123457',
      population_share: '0.5',
      population_covered: '1234.6',
      nearest_m_median: '300',
      nearest_m_p90: '',
      complete_share: '0.5',
    })
  })
  it('leaves null shares empty and defuses formula-like names', () => {
    const t = parseCsv(coverageCsv(result))
    const b = t.rows[2]!.values
    expect(b[1]).toBe("'=cmd")
    expect(b[COVERAGE_CSV_COLUMNS.indexOf('population_share')]).toBe('')
    expect(b[COVERAGE_CSV_COLUMNS.indexOf('target_fallback')]).toBe('true')
  })
})
