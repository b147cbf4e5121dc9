import { describe, expect, it } from 'vitest'
import { meters } from '../geo/units.ts'
import type { CoverageInput } from './types.ts'
import {
  assertValidCoverageInput,
  CoverageInputError,
  validateCoverageInput,
} from './validate-input.ts'

const good = (): CoverageInput => ({
  communities: [
    {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [121, 31],
            [121.01, 31],
            [121.01, 31.01],
            [121, 31],
          ],
        ],
      },
      properties: { id: 'A1', name: 'A', population: 100 },
    },
  ],
  facilities: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [121, 31] },
      properties: { id: 'f1', category: 'store' },
    },
  ],
  settings: {
    method: 'exact',
    categories: [{ code: 'store', reach_m: meters(1000), target_group: 'all' }],
  },
})

// The tests break parsed-JSON shapes on purpose, so they edit them untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>

/** A copy with one change made through an untyped path, as a parsed file would have it. */
function broken(edit: (input: Loose) => void): CoverageInput {
  const input = structuredClone(good()) as unknown as Loose
  edit(input)
  return input as unknown as CoverageInput
}

describe('validateCoverageInput', () => {
  it('accepts a good input', () => {
    expect(validateCoverageInput(good())).toEqual([])
    expect(() => assertValidCoverageInput(good())).not.toThrow()
  })

  it('names the feature, its id and the property', () => {
    const cases: Array<[(i: Loose) => void, string]> = [
      [
        (i) => (i.communities[0].properties.population = 'abc'),
        'communities[0] (id "A1"): population must be a non-negative number, got "abc"',
      ],
      [
        (i) => (i.communities[0].properties.population_elderly = -3),
        'communities[0] (id "A1"): population_elderly must be a non-negative number or null, got -3',
      ],
      [
        (i) => (i.communities[0].geometry = { type: 'Point', coordinates: [0, 0] }),
        'communities[0] (id "A1"): geometry: geometry must be a Polygon or MultiPolygon, got "Point"',
      ],
      [
        (i) => (i.communities[0].geometry.coordinates[0][1] = [200, 31]),
        'communities[0] (id "A1"): geometry: ring 0 position 1 is not [lon, lat] in range, got [200,31]',
      ],
      [
        (i) => i.communities.push(structuredClone(i.communities[0])),
        'communities[1] (id "A1"): id repeats communities[0]',
      ],
      [
        (i) => (i.facilities[0].properties.capacity = '12 seats'),
        'facilities[0] (id "f1"): capacity must be a non-negative number or null, got "12 seats"',
      ],
      [
        (i) => (i.facilities[0].properties.status = 'shut'),
        'facilities[0] (id "f1"): status must be one of open, closed, planned, got "shut"',
      ],
      [
        (i) => (i.facilities[0].geometry.coordinates = [31, 'x']),
        'facilities[0] (id "f1"): coordinates must be [lon, lat] in range, got [31,"x"]',
      ],
      [
        (i) => delete i.facilities[0].properties.category,
        'facilities[0] (id "f1"): category must be a non-empty string, got nothing',
      ],
      [
        (i) => (i.settings.categories[0].reach_m = 0),
        'settings.categories[0]: reach_m must be a number of metres in (0, 50000], got 0',
      ],
      [
        (i) => (i.settings.method = 'fastest'),
        'settings.method must be "exact" or "fast", got "fastest"',
      ],
      [
        (i) =>
          (i.population = [
            { type: 'Feature', geometry: i.communities[0].geometry, properties: {} },
          ]),
        'population[0]: population must be a non-negative number, got nothing',
      ],
    ]
    for (const [edit, message] of cases) {
      expect(validateCoverageInput(broken(edit))).toEqual([message])
    }
  })

  it('throws one error listing every problem', () => {
    const bad = broken((i) => {
      i.communities[0].properties.population = null
      i.facilities[0].properties.id = ''
    })
    expect(() => assertValidCoverageInput(bad)).toThrow(CoverageInputError)
    try {
      assertValidCoverageInput(bad)
    } catch (e) {
      expect((e as CoverageInputError).problems).toHaveLength(2)
    }
  })
})
