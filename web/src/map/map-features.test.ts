import { describe, expect, it } from 'vitest'
import type { FacilityRow } from '../data/row-schemas.ts'
import { boundsOfAreas, padBbox } from '../core/geo/bbox.ts'
import { countByCategory, facilityCollection } from './map-features.ts'

const row = (
  id: string,
  category: string,
  lon: number,
  lat: number,
  status: FacilityRow['status'] = 'open',
): FacilityRow => ({
  id,
  category,
  name: `设施 ${id}`,
  lon,
  lat,
  status,
  address: '某路 1 号',
  phone: '021-12345678',
})

describe('facilityCollection', () => {
  it('turns every row into a point with id, category, name and status, and nothing else', () => {
    const fc = facilityCollection([
      row('a', 'canteen', 121.5, 31.2),
      row('b', 'store', 121.51, 31.21, 'closed'),
    ])
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features).toHaveLength(2)
    expect(fc.features[1]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [121.51, 31.21] },
      properties: { id: 'b', category: 'store', name: '设施 b', status: 'closed' },
    })
  })
})

describe('boundsOfAreas', () => {
  it('covers polygons and multipolygons', () => {
    const square = (x: number, y: number, d: number) => [
      [
        [x, y],
        [x + d, y],
        [x + d, y + d],
        [x, y + d],
        [x, y],
      ],
    ]
    expect(
      boundsOfAreas([
        { type: 'Polygon', coordinates: square(121.4, 31.2, 0.01) },
        {
          type: 'MultiPolygon',
          coordinates: [square(121.45, 31.25, 0.02), square(121.39, 31.21, 0.001)],
        },
      ]),
    ).toEqual([121.39, 31.2, 121.47, 31.27])
  })

  it('is null for nothing', () => {
    expect(boundsOfAreas([])).toBeNull()
  })
})

describe('padBbox', () => {
  it('grows the box and clamps to the globe', () => {
    expect(padBbox([121, 31, 122, 32], 0.5)).toEqual([120.5, 30.5, 122.5, 32.5])
    expect(padBbox([-179.9, -89.9, 179.9, 89.9], 1)).toEqual([-180, -90, 180, 90])
  })
})

describe('countByCategory', () => {
  it('counts rows per category', () => {
    const counts = countByCategory([
      { category: 'store' },
      { category: 'canteen' },
      { category: 'store' },
    ])
    expect(Object.fromEntries(counts)).toEqual({ store: 2, canteen: 1 })
  })
})
