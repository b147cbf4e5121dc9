import { describe, expect, it } from 'vitest'
import { seedsByY } from './nearest-seeds.ts'
import { gridFacilityDistances, pointToCommunityDistance } from './facility-distance.ts'
import type { PlanePolygon } from '../plane-polygon.ts'

const square: PlanePolygon = {
  xs: Float64Array.of(0, 100, 100, 0),
  ys: Float64Array.of(0, 0, 100, 100),
  ringStart: Int32Array.of(0, 4),
  minX: 0,
  minY: 0,
  maxX: 100,
  maxY: 100,
}

describe('facility to community distances', () => {
  it('is 0 inside, the distance to the nearest edge or corner outside', () => {
    expect(pointToCommunityDistance([square], 50, 50)).toBe(0)
    expect(pointToCommunityDistance([square], 150, 50)).toBeCloseTo(50, 6)
    expect(pointToCommunityDistance([square], 130, 140)).toBeCloseTo(50, 6)
  })

  it('lists the active facilities within the cap, sorted', () => {
    const seeds = {
      x: Float64Array.of(50, 150, 130, 700, 50),
      y: Float64Array.of(50, 50, 140, 50, -40),
      active: Uint8Array.of(1, 1, 1, 1, 0),
      count: 5,
    }
    const d = gridFacilityDistances([square], seeds, seedsByY(seeds), 100)
    expect(Array.from(d).map((v) => Math.round(v))).toEqual([0, 50, 50])
  })
})
