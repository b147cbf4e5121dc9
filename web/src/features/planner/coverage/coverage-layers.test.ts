import { createExpression } from '@maplibre/maplibre-gl-style-spec'
import { describe, expect, it } from 'vitest'
import type { CommunityResult, CoverageResult } from '../../../core/coverage/types.ts'
import type { CommunityRow } from '../../../data/row-schemas.ts'
import { COMPLETE } from '../../../state/coverage-store.ts'
import {
  choroplethCollection,
  hatchImage,
  legendClasses,
  noDataColor,
  shareBreaks,
  shareClass,
  shareFillColor,
  shareOf,
  shareRamp,
} from './coverage-layers.ts'

const figures = (area: number, population: number | null) => ({
  area_share: area,
  population_share: population,
  population_covered: 0,
  facilities_in_reach: 0,
  nearest_m_median: null,
  nearest_m_p90: null,
  capacity_per_1000: null,
  target_fallback: false,
})
const community = (id: string, area: number, population: number | null): CommunityResult => ({
  id,
  name: id,
  population: 100,
  area_m2: 1e6,
  categories: { canteen: figures(area, population) },
  complete_share: population === null ? null : population / 2,
})
const square: CommunityRow['boundary'] = {
  type: 'Polygon',
  coordinates: [
    [
      [121, 31],
      [121.01, 31],
      [121.01, 31.01],
      [121, 31],
    ],
  ],
}
const row = (id: string): CommunityRow => ({
  id,
  name: `社区${id}`,
  boundary: square,
  facility_counts: {},
})

/** The fill colour MapLibre computes for a feature with these properties, as rgba(). */
function colourOf(properties: Record<string, unknown>): string {
  const parsed = createExpression(shareFillColor(), 'test', {
    type: 'color',
    'property-type': 'data-driven',
    expression: { interpolated: false, parameters: ['zoom', 'feature'] },
    transition: false,
  } as never)
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value))
  return parsed.value.evaluate({ zoom: 14 }, { type: 'Polygon', properties }).toString()
}

const rgba = (hex: string) =>
  `rgba(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',')},1)`

describe('share classes', () => {
  it('has at least five classes, increasing breaks and one colour per class', () => {
    expect(shareRamp.length).toBeGreaterThanOrEqual(5)
    expect(shareRamp.length).toBe(shareBreaks.length + 1)
    for (let k = 1; k < shareBreaks.length; k++)
      expect(shareBreaks[k]!).toBeGreaterThan(shareBreaks[k - 1]!)
  })

  it('puts a share in the class whose range holds it (lower bound inclusive)', () => {
    expect(shareClass(0)).toBe(0)
    expect(shareClass(0.4999)).toBe(0)
    expect(shareClass(0.5)).toBe(1)
    expect(shareClass(0.9)).toBe(3)
    expect(shareClass(0.95)).toBe(4)
    expect(shareClass(1)).toBe(5)
    expect(shareClass(null)).toBeNull()
  })

  it('colours features in MapLibre exactly as shareClass classes them; grey for null', () => {
    for (const share of [0, 0.3, 0.5, 0.69, 0.7, 0.84, 0.85, 0.949, 0.95, 0.99, 0.999, 1]) {
      expect(colourOf({ share })).toBe(rgba(shareRamp[shareClass(share)!]!))
    }
    expect(colourOf({ share: null })).toBe(rgba(noDataColor))
    expect(colourOf({})).toBe(rgba(noDataColor))
  })

  it('labels the legend with the class limits in percent', () => {
    const rows = legendClasses('en')
    expect(rows).toHaveLength(shareRamp.length)
    expect(rows[0]).toEqual({ color: shareRamp[0], from: '0%', to: '50%' })
    expect(rows[3]).toMatchObject({ from: '85%', to: '95%' })
    expect(rows.at(-1)).toMatchObject({ from: '99.9%', to: null })
  })
})

describe('choroplethCollection', () => {
  const result = {
    communities: [community('a', 0.4, 0.8), community('b', 1, null)],
  } as unknown as CoverageResult

  it('carries each community`s chosen share by id, null where there is no figure', () => {
    const rows = [row('b'), row('a'), row('c')]
    const area = choroplethCollection(rows, result, 'canteen', 'area')
    expect(area.features.map((f) => [f.properties.id, f.properties.share])).toEqual([
      ['b', 1],
      ['a', 0.4],
      ['c', null],
    ])
    const people = choroplethCollection(rows, result, 'canteen', 'population')
    expect(people.features.map((f) => f.properties.share)).toEqual([null, 0.8, null])
    const unknown = choroplethCollection(rows, result, 'library', 'area')
    expect(unknown.features.map((f) => f.properties.share)).toEqual([null, null, null])
    expect(area.features[0]?.geometry).toBe(square)
  })

  it('maps the complete life circle by its (people) share whatever the metric', () => {
    expect(shareOf(community('a', 0.4, 0.8), COMPLETE, 'area')).toBe(0.4)
    expect(shareOf(community('a', 0.4, 0.8), COMPLETE, 'population')).toBe(0.4)
  })
})

describe('hatchImage', () => {
  it('is a square RGBA image with some transparent and some drawn pixels', () => {
    const img = hatchImage(8)
    expect(img.data.length).toBe(8 * 8 * 4)
    const alphas = [...img.data.filter((_, i) => i % 4 === 3)]
    expect(alphas.some((a) => a === 0)).toBe(true)
    expect(alphas.some((a) => a > 0)).toBe(true)
  })
})
