import type { Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { meters } from '../../geo/units.ts'
import { createGridModel, maxCells } from './grid-model.ts'
import { generateTestCity, type TestCity } from '../test-city.ts'
import type { CoverageInput, CoverageResult, FacilityFeature } from '../types.ts'

function inputOf(
  city: TestCity,
  reach: number,
  population: boolean,
  facilities = city.facilities,
): CoverageInput {
  return {
    communities: city.communities,
    facilities,
    ...(population ? { population: city.population } : {}),
    settings: {
      method: 'fast',
      cell_m: meters(20),
      categories: city.categories.map((c) => ({ ...c, reach_m: meters(reach) })),
    },
  }
}

/** The figures a user sees; warnings may differ (a rebuild re-reads the whole input). */
const figures = (r: CoverageResult) => ({ communities: r.communities, city: r.city })

function moved(f: FacilityFeature, to: [number, number]): FacilityFeature {
  return { ...f, geometry: { type: 'Point', coordinates: to } }
}

describe('staged grid model', () => {
  for (const population of [false, true]) {
    it(`re-threshold equals a rebuild at the new reach, exactly${population ? ' (population layer)' : ''}`, () => {
      const city = generateTestCity({
        seed: 21,
        communities: 16,
        facilities: 260,
        populationBlocks: population,
      })
      const model = createGridModel(inputOf(city, 1000, population))
      for (const r of [600, 1300, 850]) {
        const staged = model.threshold(Object.fromEntries(city.categories.map((c) => [c.code, r])))
        expect(figures(staged)).toEqual(
          figures(createGridModel(inputOf(city, r, population)).result()),
        )
      }
    })

    it(`add, move and remove equal a rebuild of the edited input, exactly${population ? ' (population layer)' : ''}`, () => {
      const city = generateTestCity({
        seed: 22,
        communities: 16,
        facilities: 240,
        populationBlocks: population,
      })
      const reach = 700
      const model = createGridModel(inputOf(city, reach, population))
      const before = model.result()
      let facilities = city.facilities.slice()
      const check = (result: CoverageResult): void => {
        expect(figures(result)).toEqual(
          figures(createGridModel(inputOf(city, reach, population, facilities)).result()),
        )
      }
      // A new canteen with a capacity in the middle of the city.
      const added: FacilityFeature = {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [121.3 + 0.02, 31.1 + 0.017] },
        properties: { id: 'new-canteen', category: 'canteen', capacity: 40 },
      }
      facilities.push(added)
      const afterAdd = model.addFacility(added)
      check(afterAdd)
      expect(afterAdd).not.toEqual(before)
      // Move an existing open store; the model appends the moved one, so does the edited input.
      const store = city.facilities.find(
        (f) => f.properties.category === 'store' && (f.properties.status ?? 'open') === 'open',
      )!
      const to: [number, number] = [121.3 + 0.031, 31.1 + 0.004]
      facilities = facilities.filter((f) => f !== store).concat([moved(store, to)])
      check(model.moveFacility(store.properties.id, to))
      // Remove an open canteen with a capacity.
      const canteen = city.facilities.find(
        (f) =>
          f.properties.category === 'canteen' &&
          (f.properties.status ?? 'open') === 'open' &&
          f.properties.capacity,
      )!
      facilities = facilities.filter((f) => f !== canteen)
      check(model.removeFacility(canteen.properties.id))
      // Remove the added one again: back to the original figures for everything but the two edits.
      facilities = facilities.filter((f) => f !== added)
      check(model.removeFacility('new-canteen'))
    })
  }

  it('removing the last facility of a category leaves nothing covered, then adding one restores it', () => {
    const city = generateTestCity({
      seed: 23,
      communities: 4,
      facilities: 0,
      categories: ['childcare'],
    })
    const input = inputOf(city, 500, false)
    const model = createGridModel(input)
    expect(model.result().communities.every((c) => c.categories.childcare!.area_share === 0)).toBe(
      true,
    )
    expect(model.result().communities[0]!.categories.childcare!.capacity_per_1000).toBeNull()
    const f: FacilityFeature = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [121.3 + 0.005, 31.1 + 0.004] },
      properties: { id: 'only', category: 'childcare', capacity: 25 },
    }
    const added = model.addFacility(f)
    expect(added.communities[0]!.categories.childcare!.area_share).toBeGreaterThan(0)
    expect(added.communities[0]!.categories.childcare!.capacity_per_1000).toBeGreaterThan(0)
    expect(figures(added)).toEqual(figures(createGridModel({ ...input, facilities: [f] }).result()))
    const removed = model.removeFacility('only')
    expect(figures(removed)).toEqual(figures(createGridModel(input).result()))
    expect(() => model.removeFacility('only')).toThrow(/no counted facility/)
  })

  it('a facility outside every community serves people only once its reach touches one, staged as rebuilt', () => {
    const city = generateTestCity({
      seed: 25,
      communities: 1,
      facilities: 0,
      categories: ['canteen'],
    })
    const ring = (city.communities[0]!.geometry as Polygon).coordinates[0]!
    const east = Math.max(...ring.map((p) => p[0]!))
    const lat = ring.reduce((s, p) => s + p[1]!, 0) / ring.length
    // 150 m east of the community's easternmost point.
    const lon = east + 150 / (111_320 * Math.cos((lat * Math.PI) / 180))
    const facility: FacilityFeature = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { id: 'outside', category: 'canteen', capacity: 30 },
    }
    const at = (reach: number): CoverageInput => inputOf(city, reach, false, [facility])
    const model = createGridModel(at(100))
    const capacity = (r: CoverageResult) => r.communities[0]!.categories.canteen!.capacity_per_1000
    expect(capacity(model.result())).toBe(0)
    for (const reach of [400, 100, 0, 1000, 120, 600]) {
      const staged = model.threshold({ canteen: reach })
      expect(figures(staged)).toEqual(figures(createGridModel(at(reach)).result()))
      if (reach < 150) expect(capacity(staged)).toBe(0)
      else expect(capacity(staged)).toBeGreaterThan(0)
    }
  })

  it('coarsens cells with a warning when the city would need more than maxCells', () => {
    const city = generateTestCity({ seed: 24, communities: 1, facilities: 20 })
    const input = inputOf(city, 1000, false)
    // 1 km² at 0.45 m cells would be 4.9 M cells: over the limit (2.5 M for four categories).
    const model = createGridModel({
      ...input,
      settings: { ...input.settings, cell_m: meters(0.45) },
    })
    expect(model.grid.cell).toBeGreaterThan(0.45)
    expect(model.cells.col.length).toBeLessThanOrEqual(maxCells(city.categories.length))
    expect(model.result().warnings.some((w) => w.includes('m cells'))).toBe(true)
    expect(model.result().settings.cell_m).toBe(model.grid.cell)
  })
})
