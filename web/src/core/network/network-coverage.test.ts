import { describe, expect, it } from 'vitest'
import { createGridModel } from '../coverage/grid/grid-model.ts'
import { generateTestCity } from '../coverage/test-city.ts'
import type { CoverageInput, CoverageResult, FacilityFeature } from '../coverage/types.ts'
import { mulberry32 } from '../geo/prng.ts'
import { meters } from '../geo/units.ts'
import { importGeoJsonNetwork } from './import-geojson-network.ts'
import { networkFieldFactory } from './network-distance-field.ts'

const city = generateTestCity({ seed: 5, communities: 9, facilities: 90, categories: 2 })

/** Streets every ~100 m over the city (lon/lat lattice), a tenth of the links missing. */
function lattice(): ReturnType<typeof importGeoJsonNetwork> {
  let w = 180
  let e = -180
  let s = 90
  let n = -90
  for (const c of city.communities) {
    const rings = c.geometry.type === 'Polygon' ? [c.geometry.coordinates] : c.geometry.coordinates
    for (const p of rings.flat(2)) {
      w = Math.min(w, p[0]!)
      e = Math.max(e, p[0]!)
      s = Math.min(s, p[1]!)
      n = Math.max(n, p[1]!)
    }
  }
  const step = 0.001
  const rand = mulberry32(3)
  const features: unknown[] = []
  const at = (i: number, j: number): number[] => [
    Number((w - 0.005 + i * step).toFixed(6)),
    Number((s - 0.005 + j * step).toFixed(6)),
  ]
  const nx = Math.ceil((e - w + 0.01) / step)
  const ny = Math.ceil((n - s + 0.01) / step)
  for (let i = 0; i <= nx; i++) {
    for (let j = 0; j <= ny; j++) {
      for (const [di, dj] of [
        [1, 0],
        [0, 1],
      ] as const) {
        if (i + di > nx || j + dj > ny || rand() < 0.1) continue
        features.push({
          type: 'Feature',
          properties: {},
          geometry: { type: 'LineString', coordinates: [at(i, j), at(i + di, j + dj)] },
        })
      }
    }
  }
  return importGeoJsonNetwork(JSON.stringify({ type: 'FeatureCollection', features }))
}

const { graph } = lattice()
const input = (reach: number, facilities = city.facilities): CoverageInput => ({
  communities: city.communities,
  facilities,
  settings: {
    method: 'fast',
    cell_m: meters(25),
    categories: city.categories.map((c) => ({ ...c, reach_m: meters(reach) })),
  },
})
const figures = (r: CoverageResult) => ({ communities: r.communities, city: r.city })

describe('grid coverage with the network distance field', () => {
  it('network coverage ≤ circle coverage at the same distance (per community and category, 0.5 pp for boundary cells)', () => {
    for (const reach of [300, 800]) {
      const circle = createGridModel(input(reach), { editable: false }).result()
      const network = createGridModel(input(reach), {
        editable: false,
        distanceField: networkFieldFactory(graph),
      }).result()
      let lower = 0
      circle.communities.forEach((c, i) => {
        for (const [code, fc] of Object.entries(c.categories)) {
          const fn = network.communities[i]!.categories[code]!
          // Circle boundary cells are clipped exactly, network ones take the averaged fraction.
          expect(fn.area_share!).toBeLessThanOrEqual(fc.area_share! + 0.005)
          expect(fn.population_share!).toBeLessThanOrEqual(fc.population_share! + 0.005)
          if (fn.area_share! < fc.area_share! - 0.01) lower++
        }
      })
      // Streets make real walks longer: many communities lose coverage.
      expect(lower).toBeGreaterThan(0)
    }
  })

  it('what-if edits on a network model equal a rebuild exactly', () => {
    const factory = networkFieldFactory(graph)
    const model = createGridModel(input(600), { distanceField: factory })
    const canteen = city.facilities.find((f) => f.properties.category === city.categories[0]!.code)!
    const added: FacilityFeature = {
      ...canteen,
      properties: { ...canteen.properties, id: 'what-if' },
      geometry: {
        type: 'Point',
        coordinates: [
          canteen.geometry!.coordinates[0]! + 0.004,
          canteen.geometry!.coordinates[1]! - 0.003,
        ],
      },
    }
    const afterAdd = model.addFacility(added)
    const rebuilt = createGridModel(input(600, [...city.facilities, added]), {
      distanceField: networkFieldFactory(graph),
    }).result()
    expect(figures(afterAdd)).toEqual(figures(rebuilt))
    const afterRemove = model.removeFacility(canteen.properties.id)
    const rest = [...city.facilities, added].filter((f) => f !== canteen)
    const rebuilt2 = createGridModel(input(600, rest), {
      distanceField: networkFieldFactory(graph),
    }).result()
    expect(figures(afterRemove)).toEqual(figures(rebuilt2))
  })
})
