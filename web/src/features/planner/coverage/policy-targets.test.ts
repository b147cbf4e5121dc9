import { describe, expect, it } from 'vitest'
import type { CityResult } from '../../../core/coverage/types.ts'
import { compareWithTargets } from './policy-targets.ts'

const city = (shares: Record<string, number | null>): CityResult => ({
  population: 1000,
  categories: Object.fromEntries(
    Object.entries(shares).map(([code, s]) => [
      code,
      { area_share: 0.5, population_share: s, population_covered: 0 },
    ]),
  ),
  complete_share: null,
})

describe('compareWithTargets', () => {
  it('meets the canteen target only at full elderly coverage, fitness at 95%', () => {
    const rows = compareWithTargets(city({ canteen: 0.999, fitness: 0.95, store: 0.2 }), 15)
    expect(rows.map((r) => [r.target.key, r.met])).toEqual([
      ['canteen', false],
      ['fitness', true],
    ])
    expect(compareWithTargets(city({ canteen: 1 }), 15)[0]?.met).toBe(true)
  })

  it('says whether the reach in use is the policy`s and leaves null shares unjudged', () => {
    const rows = compareWithTargets(city({ canteen: null, fitness: 0.5 }), 10)
    expect(rows.map((r) => [r.target.key, r.met, r.sameMinutes])).toEqual([
      ['canteen', null, false],
      ['fitness', false, true],
    ])
    expect(rows.every((r) => r.target.approximate)).toBe(true)
  })
})
