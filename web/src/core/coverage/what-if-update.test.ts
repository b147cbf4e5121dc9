import { roundNumbers } from './round-numbers.ts'
import { describe, expect, it } from 'vitest'
import { runExactCoverage } from './exact-coverage.ts'
import { prepareCoverage } from './prepare-coverage.ts'
import { generateTestCity } from './test-city.ts'
import type { CoverageInput, FacilityFeature } from './types.ts'
import { applyFacilityChange } from './what-if-update.ts'

const rounded = (v: unknown): unknown => roundNumbers(v, 10)

describe('applyFacilityChange', () => {
  const city = generateTestCity({ seed: 33, communities: 36, facilities: 120 })
  const input: CoverageInput = {
    communities: city.communities,
    facilities: city.facilities,
    settings: { method: 'exact', categories: city.categories },
  }
  const canteen: FacilityFeature = {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [121.31, 31.11] },
    properties: { id: 'new-canteen', category: 'canteen', status: 'open', capacity: 60 },
  }

  it('matches a full recompute after adding and then removing facilities, touching few communities', () => {
    const prep = prepareCoverage(input)
    const before = runExactCoverage(prep)
    const added = applyFacilityChange(prep, before, { add: [canteen] })
    const full = runExactCoverage(
      prepareCoverage({ ...input, facilities: [...city.facilities, canteen] }),
    )
    expect(rounded(added.result)).toEqual(rounded(full))
    expect(added.recomputed.length).toBeGreaterThan(0)
    expect(added.recomputed.length).toBeLessThan(city.communities.length)
    // The new canteen raised coverage somewhere.
    const gained = added.recomputed.some(
      (i) =>
        added.result.communities[i]!.categories.canteen!.area_share >
        before.communities[i]!.categories.canteen!.area_share,
    )
    expect(gained).toBe(true)

    const gone = city.facilities.find(
      (f) => f.properties.category === 'store' && f.properties.status === 'open',
    )!
    const removed = applyFacilityChange(prep, added.result, { remove: [gone.properties.id] })
    const full2 = runExactCoverage(
      prepareCoverage({
        ...input,
        facilities: [...city.facilities.filter((f) => f !== gone), canteen],
      }),
    )
    expect(rounded(removed.result)).toEqual(rounded(full2))
  })
})
