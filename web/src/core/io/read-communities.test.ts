import { describe, expect, it } from 'vitest'
import { catchInputError } from './input-issue.ts'
import { readCommunities, readPopulationLayer } from './read-communities.ts'

const square = (x: number, y: number, z?: number): number[][][] => [
  [
    [x, y, ...(z === undefined ? [] : [z])],
    [x + 0.01, y],
    [x + 0.01, y + 0.01],
    [x, y + 0.01],
    [x, y],
  ],
]
const poly = (
  properties: Record<string, unknown>,
  coordinates: unknown = square(121.5, 25),
): unknown => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates },
  properties,
})
const fc = (...features: unknown[]): string =>
  JSON.stringify({ type: 'FeatureCollection', features })

describe('readCommunities', () => {
  it('reads the standard properties, numeric strings and missing age groups as null', () => {
    const text = fc(
      poly({ id: 'c1', name: '幸福社区', population: '5,000', population_elderly: 800 }),
      poly(
        { id: 'c2', name: '和平社区', population: 3000, population_elderly: null },
        square(121.6, 25, 0),
      ),
    )
    const { features, issues } = readCommunities(text)
    expect(issues).toEqual([])
    expect(features.map((f) => f.properties)).toEqual([
      {
        id: 'c1',
        name: '幸福社区',
        population: 5000,
        population_elderly: 800,
        population_infants: null,
      },
      {
        id: 'c2',
        name: '和平社区',
        population: 3000,
        population_elderly: null,
        population_infants: null,
      },
    ])
    expect(features[1]!.geometry.coordinates[0]![0]).toEqual([121.6, 25])
  })

  it('sums several properties into one figure (Taipei age bands)', () => {
    const text = fc(
      poly({
        V_ID: '63000020-011',
        VILLAGE: '雅祥里',
        A0A14_CNT: 485,
        A15A64_CNT: 3314,
        A65UP_CNT: 1104,
      }),
    )
    const { features } = readCommunities(text, {
      fields: { population: ['A0A14_CNT', 'A15A64_CNT', 'A65UP_CNT'] },
    })
    expect(features[0]!.properties).toEqual({
      id: '63000020-011',
      name: '雅祥里',
      population: 4903,
      population_elderly: 1104,
      population_infants: null,
    })
  })

  it('names every bad feature and property', () => {
    const text = fc(
      poly({ id: 'a', name: 'ok', population: 10 }),
      poly({ id: 'b', name: 'x', population: -1 }),
      poly({ id: 'a', name: 'dup', population: 1 }),
      poly({ id: 'd', name: '<b>d</b>', population: 1 }),
      poly({ id: 'e', name: 'e', population: 'many' }),
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [121, 25] },
        properties: { id: 'f', population: 1 },
      },
      poly({ id: 'g', population: 1 }, [
        [
          [25, 121.5],
          [25, 121.6],
          [25.1, 121.6],
          [25, 121.5],
        ],
      ]),
      poly({ id: 'h', name: 'h' }),
    )
    const e = catchInputError(() => readCommunities(text, { source: 'c.geojson' }))!
    expect(e.issues.map((i) => `${i.where} ${i.field}`)).toEqual([
      'feature 1 population',
      'feature 2 id',
      'feature 3 name',
      'feature 4 population',
      'feature 5 geometry',
      'feature 6 geometry',
      'feature 7 population',
    ])
    expect(e.message).toContain(
      'c.geojson feature 2, field "id": duplicate id "a" (also feature 0)',
    )
    expect(e.message).toContain(
      'c.geojson feature 6, field "geometry": ring 0 position 0: (25, 121.5) looks like latitude and longitude swapped',
    )
  })

  it('says what it looked for when there is no population property', () => {
    expect(catchInputError(() => readCommunities(fc(poly({ id: 'a', 人數: 3 }))))!.message).toMatch(
      /communities file, field "population": no population property \(looked for population, pop/,
    )
    expect(
      catchInputError(() =>
        readCommunities(fc(poly({ id: 'a', population: 3 })), {
          fields: { population_elderly: 'old' },
        }),
      )!.message,
    ).toMatch(/field "population_elderly": no feature has a property named "old"/)
  })

  it('reports an unclosed ring as a warning and closes it', () => {
    const open = [square(121.5, 25)[0]!.slice(0, 4)]
    const { features, issues } = readCommunities(fc(poly({ id: 'a', population: 1 }, open)))
    expect(features[0]!.geometry.coordinates[0]).toHaveLength(5)
    expect(issues).toMatchObject([{ where: 'feature 0', field: 'geometry', severity: 'warning' }])
  })
})

describe('readPopulationLayer', () => {
  it('reads blocks with P_CNT and rejects a block without a count', () => {
    const { features } = readPopulationLayer(fc(poly({ CODEBASE: 'A1', P_CNT: '120' })))
    expect(features[0]!.properties.population).toBe(120)
    const e = catchInputError(() =>
      readPopulationLayer(fc(poly({ P_CNT: 3 }), poly({ P_CNT: 'NA' })), { source: 'b.geojson' }),
    )!
    expect(e.message).toBe('b.geojson feature 1, field "P_CNT": population is missing')
  })
})
