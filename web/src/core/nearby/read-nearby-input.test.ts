import { describe, expect, it } from 'vitest'
import { InputError } from '../io/input-issue.ts'
import { readCommunityAreas, readResidentFacilities } from './read-nearby-input.ts'

const point = (lon: number, lat: number, properties: Record<string, unknown>): unknown => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties,
})
const collection = (features: unknown[]): string =>
  JSON.stringify({ type: 'FeatureCollection', features })

describe('readResidentFacilities', () => {
  it('keeps published, address, hours and phone beside what the coverage reader reads', () => {
    const { features } = readResidentFacilities(
      collection([
        point(121.43, 31.04, {
          id: 'a',
          category: 'canteen',
          name: '长者食堂',
          status: 'open',
          published: true,
          address: '滨河路1号',
          hours: 'Mo-Fr 10:30-13:00',
          phone: '021-1',
        }),
        point(121.44, 31.04, { id: 'b', category: 'store', status: 'closed', published: false }),
        point(121.45, 31.04, { id: 'c', category: 'store' }),
      ]),
      { source: 'f.geojson' },
    )
    expect(features).toEqual([
      {
        id: 'a',
        category: 'canteen',
        name: '长者食堂',
        lon: 121.43,
        lat: 31.04,
        status: 'open',
        published: true,
        address: '滨河路1号',
        hours: 'Mo-Fr 10:30-13:00',
        phone: '021-1',
      },
      expect.objectContaining({ id: 'b', status: 'closed', published: false, address: null }),
      expect.objectContaining({ id: 'c', status: null, published: null, name: null }),
    ])
  })

  it('stays aligned with the rows when some are skipped (NA coordinates), in CSV too', () => {
    const csv = [
      '名稱,地址,lon,lat,公開',
      '甲,一路1號,121.43,25.04,是',
      '乙,二路2號,NA,NA,是',
      '丙,三路3號,121.45,25.04,否',
    ].join('\n')
    const r = readResidentFacilities(csv, { source: 'x.csv', category: 'store' })
    expect(r.features.map((f) => [f.name, f.address, f.published])).toEqual([
      ['甲', '一路1號', true],
      ['丙', '三路3號', false],
    ])
    expect(r.issues.map((i) => [i.where, i.severity])).toEqual([['row 3', 'skipped']])
  })

  it('rejects an unreadable published value, naming the row and field', () => {
    const csv = 'name,lon,lat,published\nA,121.43,25.04,maybe\nB,121.44,25.04,1\n'
    try {
      readResidentFacilities(csv, { source: 'x.csv', category: 'store' })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(InputError)
      expect((e as Error).message).toBe(
        'x.csv row 2, field "published": "maybe" is not a yes/no value (true/false, 1/0, 是/否)',
      )
    }
  })

  it('drops markup from the shown fields instead of passing it on', () => {
    const { features } = readResidentFacilities(
      collection([point(121.43, 31.04, { category: 'store', address: '<img src=x onerror=1>' })]),
    )
    expect(features[0]!.address).toBeNull()
  })
})

describe('readCommunityAreas', () => {
  const square = [
    [
      [121.4, 31],
      [121.5, 31],
      [121.5, 31.1],
      [121.4, 31.1],
      [121.4, 31],
    ],
  ]
  it('reads id, name and polygon, no population needed; the id stands in for a missing name', () => {
    const text = collection([
      {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: square },
        properties: { id: 'A', name: '甲' },
      },
      {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: square },
        properties: { id: 'B' },
      },
    ])
    expect(readCommunityAreas(text).map((c) => [c.id, c.name, c.geometry.type])).toEqual([
      ['A', '甲', 'Polygon'],
      ['B', 'B', 'Polygon'],
    ])
  })

  it('names every feature and field at fault', () => {
    const text = collection([
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [121, 31] },
        properties: { id: 'A' },
      },
      {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: square },
        properties: { id: 'A', name: '<b>x</b>' },
      },
    ])
    expect(() => readCommunityAreas(text, { source: 'c.geojson' })).toThrow(
      /c\.geojson feature 0, field "geometry": expected a Polygon or MultiPolygon[\s\S]*c\.geojson feature 1, field "id": duplicate id "A" \(also feature 0\)[\s\S]*feature 1, field "name": HTML is not allowed/,
    )
    expect(() => readCommunityAreas(collection([]), { source: 'e.geojson' })).toThrow(
      /e\.geojson file, field "features": no communities in the file/,
    )
  })
})
