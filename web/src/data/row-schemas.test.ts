import { describe, expect, it } from 'vitest'
import { categoryRowSchema, communityRowSchema, facilityRowSchema } from './row-schemas.ts'

const boundary = {
  type: 'Polygon',
  coordinates: [
    [
      [121.4, 31.2],
      [121.41, 31.2],
      [121.41, 31.21],
      [121.4, 31.2],
    ],
  ],
}

describe('row schemas', () => {
  it('read a PGlite-shaped facility row (Date timestamps) and a PostgREST-shaped one (strings) alike', () => {
    const base = {
      id: 'f1',
      category: 'canteen',
      name: '长者食堂',
      lon: 121.4,
      lat: 31.2,
      status: 'open',
      capacity: 40,
    }
    const fromPglite = facilityRowSchema.parse({
      ...base,
      verified_at: new Date('2026-01-02T03:04:05Z'),
      deleted_at: null,
    })
    const fromRest = facilityRowSchema.parse({ ...base, verified_at: '2026-01-02T03:04:05.000Z' })
    expect(fromPglite).toEqual(fromRest)
    expect(fromPglite.verified_at).toBe('2026-01-02T03:04:05.000Z')
  })

  it('reject a facility with an unknown status or no coordinates', () => {
    const base = { id: 'f1', category: 'canteen', name: 'x', lon: 121.4, lat: 31.2, status: 'open' }
    expect(facilityRowSchema.safeParse({ ...base, status: 'maybe' }).success).toBe(false)
    expect(facilityRowSchema.safeParse({ ...base, lon: null }).success).toBe(false)
  })

  it('turn numeric strings into numbers and a null count map into {}', () => {
    const c = communityRowSchema.parse({
      id: 'c1',
      name: '幸福社区',
      boundary,
      area_m2: '523000.5',
      population: 8000,
      facility_counts: null,
    })
    expect(c.area_m2).toBe(523000.5)
    expect(c.facility_counts).toEqual({})
  })

  it('reject a community boundary that is not a polygon', () => {
    const bad = { id: 'c1', name: 'x', boundary: { type: 'Point', coordinates: [121, 31] } }
    expect(communityRowSchema.safeParse(bad).success).toBe(false)
  })

  it('reject a category colour that is not #rrggbb', () => {
    const cat = { code: 'store', name_zh: '便利店', name_en: 'Convenience store', color: 'blue' }
    expect(categoryRowSchema.safeParse(cat).success).toBe(false)
    expect(
      categoryRowSchema.parse({ ...cat, color: '#1971c2', default_reach_min: '15' })
        .default_reach_min,
    ).toBe(15)
  })
})
