import { describe, expect, it } from 'vitest'
import { cityTotals } from './city-totals.ts'
import type { CategoryFigures, CommunityResult } from './types.ts'

const figures = (share: number, people: number): CategoryFigures => ({
  area_share: share,
  population_share: people > 0 ? share : null,
  population_covered: share * people,
  facilities_in_reach: 1,
  nearest_m_median: null,
  nearest_m_p90: null,
  capacity_per_1000: null,
  target_fallback: false,
  target_population: people,
})

describe('cityTotals', () => {
  it('weights area shares by area and population shares by the target group', () => {
    const communities: CommunityResult[] = [
      {
        id: 'a',
        name: 'a',
        population: 1000,
        area_m2: 3e6,
        categories: { k: figures(1, 100) },
        complete_share: 1,
      },
      {
        id: 'b',
        name: 'b',
        population: 3000,
        area_m2: 1e6,
        categories: { k: figures(0, 300) },
        complete_share: 0.5,
      },
      {
        id: 'c',
        name: 'c',
        population: 0,
        area_m2: 1e6,
        categories: { k: figures(0.5, 0) },
        complete_share: null,
      },
    ]
    const city = cityTotals(communities, ['k'])
    expect(city.population).toBe(4000)
    expect(city.categories.k!.area_share).toBeCloseTo(3.5 / 5, 12)
    expect(city.categories.k!.population_share).toBeCloseTo(100 / 400, 12)
    expect(city.categories.k!.population_covered).toBe(100)
    expect(city.complete_share).toBeCloseTo((1000 + 1500) / 4000, 12)
  })
})
