import { area } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { computeCoverage } from './compute-coverage.ts'
import { gapPolygons } from './gaps.ts'
import { generateTestCity } from './test-city.ts'

describe('gapPolygons', () => {
  const city = generateTestCity({
    seed: 4,
    communities: 9,
    facilities: 40,
    categories: ['store'],
    reachM: 400,
  })
  const stores = city.facilities
  const result = computeCoverage(
    {
      communities: city.communities,
      facilities: stores,
      settings: { method: 'exact', categories: city.categories },
    },
    { nearest: false },
  )

  it('is the community minus the reach, agreeing with the exact uncovered area', () => {
    let checked = 0
    city.communities.forEach((c, i) => {
      const gap = gapPolygons(c, stores, 400, { min_gap_area_m2: 0 })
      expect(gap.geometry.type).toBe('MultiPolygon')
      const uncovered = 1 - result.communities[i]!.categories.store!.area_share
      // 64-gons cover a little less than the true discs (≤ 0.16% of a disc's area)
      expect(gap.properties.gap_area_m2 / area(c) - uncovered).toBeGreaterThanOrEqual(-1e-4)
      expect(gap.properties.gap_area_m2 / area(c) - uncovered).toBeLessThan(0.003)
      if (uncovered > 0.01 && uncovered < 0.99) checked++
    })
    expect(checked).toBeGreaterThan(1)
  })

  it('drops slivers under the minimum area and returns an empty MultiPolygon when covered', () => {
    const c = city.communities[0]!
    const all = gapPolygons(c, stores, 1000, { min_gap_area_m2: 0 })
    const big = gapPolygons(c, stores, 1000, { min_gap_area_m2: 1e12 })
    expect(big.geometry.coordinates).toEqual([])
    expect(big.properties.gap_area_m2).toBe(0)
    expect(all.properties.gap_area_m2).toBeGreaterThanOrEqual(0)
    const covered = gapPolygons(c, stores, 50_000)
    expect(covered.geometry.coordinates).toEqual([])
  })
})
