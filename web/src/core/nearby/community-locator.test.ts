import type { MultiPolygon, Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { createCommunityLocator } from './community-locator.ts'

const square = (x0: number, y0: number, s: number): number[][] => [
  [x0, y0],
  [x0 + s, y0],
  [x0 + s, y0 + s],
  [x0, y0 + s],
  [x0, y0],
]

describe('createCommunityLocator', () => {
  const withHole: Polygon = {
    type: 'Polygon',
    coordinates: [square(121, 31, 0.1), square(121.04, 31.04, 0.02)],
  }
  const island: MultiPolygon = {
    type: 'MultiPolygon',
    coordinates: [[square(121.045, 31.045, 0.01)], [square(121.2, 31, 0.1)]],
  }
  const locator = createCommunityLocator([
    { id: 'A', name: '甲社区', geometry: withHole },
    { id: 'B', name: '乙社区', geometry: island },
  ])

  it('finds the community a point lies in, holes and MultiPolygon parts respected', () => {
    expect(locator.locate([121.01, 31.01])?.id).toBe('A')
    expect(locator.locate([121.05, 31.05])?.id).toBe('B')
    expect(locator.locate([121.041, 31.041])).toBeNull()
    expect(locator.locate([121.25, 31.05])?.name).toBe('乙社区')
    expect(locator.locate([121.15, 31.05])).toBeNull()
  })

  it('counts a point on the boundary as inside; overlaps go to the first community', () => {
    expect(locator.locate([121, 31.05])?.id).toBe('A')
    const twice = createCommunityLocator([
      { id: 'first', name: 'x', geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] } },
      { id: 'second', name: 'y', geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] } },
    ])
    expect(twice.locate([0.5, 0.5])?.id).toBe('first')
    expect(createCommunityLocator([]).locate([0, 0])).toBeNull()
  })
})
