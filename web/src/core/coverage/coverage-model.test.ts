import { describe, expect, it } from 'vitest'
import { meters } from '../geo/units.ts'
import { computeCoverage } from './compute-coverage.ts'
import { createCoverageModel } from './create-coverage-model.ts'
import { createGridModel } from './grid/grid-model.ts'
import { generateTestCity } from './test-city.ts'
import type { CoverageMethod, CoverageSettings, FacilityFeature } from './types.ts'

const city = generateTestCity({ seed: 41, communities: 9, facilities: 90 })
const data = { communities: city.communities, facilities: city.facilities }
const settings = (method: CoverageMethod, reach = 600): CoverageSettings => ({
  method,
  categories: city.categories.map((c) => ({ ...c, reach_m: meters(reach) })),
})
const code = city.categories[0]!.code
const [x0, y0] = city.facilities.find((f) => f.properties.category === code)!.geometry
  .coordinates as [number, number]
const site: FacilityFeature = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [x0 + 0.004, y0 + 0.003] },
  properties: { id: 'what-if', category: code, status: 'open', capacity: 20 },
}

describe.each(['exact', 'fast'] as const)('CoverageModel (%s)', (method) => {
  it('recomputes as computeCoverage does, and again after a reach change', () => {
    const model = createCoverageModel(method)
    expect(model.method).toBe(method)
    model.load(data)
    const first = model.recompute(settings(method))
    if (method === 'exact')
      expect(first).toEqual(computeCoverage({ ...data, ...{ settings: settings(method) } }))
    else expect(first).toEqual(createGridModel({ ...data, settings: settings(method) }).result())
    const near = model.recompute(settings(method, 300))
    const fresh =
      method === 'exact'
        ? computeCoverage({ ...data, settings: settings(method, 300) })
        : createGridModel({ ...data, settings: settings(method, 300) }).result()
    expect(near.communities).toEqual(fresh.communities)
    const part = model.recompute(settings(method, 300), { communityIndices: [2, 5] })
    expect(part.communities).toEqual([fresh.communities[2], fresh.communities[5]])
  })

  it('applies add, move and remove; removing the added site restores the figures', () => {
    const model = createCoverageModel(method)
    model.load(data)
    const base = model.recompute(settings(method))
    const added = model.apply({ kind: 'add', facility: site })
    // Shares within 1e-9 (0.0000001 pp): the edit may sum cells in another order.
    const TOL = 1e-9
    added.communities.forEach((c, i) => {
      expect(c.categories[code]!.area_share).toBeGreaterThanOrEqual(
        base.communities[i]!.categories[code]!.area_share - TOL,
      )
    })
    const fresh =
      method === 'exact'
        ? computeCoverage({
            ...data,
            facilities: [...data.facilities, site],
            settings: settings(method),
          })
        : createGridModel({
            ...data,
            facilities: [...data.facilities, site],
            settings: settings(method),
          }).result()
    added.communities.forEach((c, i) => {
      expect(
        Math.abs(
          c.categories[code]!.area_share - fresh.communities[i]!.categories[code]!.area_share,
        ),
      ).toBeLessThan(TOL)
    })
    model.apply({ kind: 'move', id: 'what-if', to: [x0 + 0.01, y0] as never })
    const back = model.apply({ kind: 'remove', id: 'what-if' })
    back.communities.forEach((c, i) => {
      for (const k of Object.keys(c.categories)) {
        expect(
          Math.abs(c.categories[k]!.area_share - base.communities[i]!.categories[k]!.area_share),
        ).toBeLessThan(TOL)
      }
    })
    expect(() => model.apply({ kind: 'remove', id: 'no-such-site' })).toThrow(/no-such-site/)
  })

  it('draws gaps of a community for categories, and forgets everything on drop', () => {
    const model = createCoverageModel(method)
    model.load(data)
    const result = model.recompute(settings(method, 200))
    const gappy = result.communities.find((c) => c.categories[code]!.area_share < 0.9)!
    const gaps = model.gaps(gappy.id, [code])
    expect(gaps).toHaveLength(1)
    expect(gaps[0]!.properties).toMatchObject({ community_id: gappy.id, category: code, method })
    const uncovered = (1 - gappy.categories[code]!.area_share) * gappy.area_m2
    // Gap outlines: Turf 64-gons (exact) or 10 m staircases (fast), within 10% of the figure.
    expect(Math.abs(gaps[0]!.properties.gap_area_m2 - uncovered) / uncovered).toBeLessThan(0.1)
    expect(() => model.gaps('no-such-community', [code])).toThrow(/no-such-community/)
    model.drop()
    expect(() => model.recompute(settings(method))).toThrow(/load/)
  })
})
