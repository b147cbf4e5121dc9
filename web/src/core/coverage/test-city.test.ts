import { describe, expect, it } from 'vitest'
import { generateTestCity } from './test-city.ts'
import { validateCoverageInput } from './validate-input.ts'

describe('generateTestCity', () => {
  it('is deterministic and valid input', () => {
    const a = generateTestCity({
      seed: 1,
      communities: 30,
      facilities: 200,
      populationBlocks: true,
    })
    const b = generateTestCity({
      seed: 1,
      communities: 30,
      facilities: 200,
      populationBlocks: true,
    })
    const c = generateTestCity({ seed: 2, communities: 30, facilities: 200 })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(JSON.stringify(a.facilities)).not.toBe(JSON.stringify(c.facilities))
    expect(a.communities).toHaveLength(30)
    expect(a.facilities).toHaveLength(200)
    expect(a.population).toHaveLength(120)
    expect(
      validateCoverageInput({
        communities: a.communities,
        facilities: a.facilities,
        population: a.population,
        settings: { method: 'exact', categories: a.categories },
      }),
    ).toEqual([])
    expect(a.categories.map((k) => k.code)).toEqual(['canteen', 'childcare', 'fitness', 'store'])
    // the awkward shapes the engine must tolerate are all there
    expect(a.communities.some((f) => f.geometry.type === 'MultiPolygon')).toBe(true)
    expect(a.communities.some((f) => f.geometry.coordinates.length > 1)).toBe(true)
    expect(a.communities.some((f) => f.properties.population_elderly === null)).toBe(true)
  })
})
