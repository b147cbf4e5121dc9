import { distance } from '@turf/turf'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { greatCircleM, straightLineSource } from './distance-source.ts'

describe('greatCircleM', () => {
  it('is 0 at the same point and symmetric', () => {
    expect(greatCircleM([121.5, 25], [121.5, 25])).toBe(0)
    expect(greatCircleM([121.5, 25], [121.6, 25.1])).toBe(greatCircleM([121.6, 25.1], [121.5, 25]))
  })

  it('gives a degree of latitude as R·π/180 on the 6,371,008.8 m sphere', () => {
    expect(greatCircleM([0, 10], [0, 11])).toBeCloseTo((6_371_008.8 * Math.PI) / 180, 6)
  })

  it("agrees with Turf's distance (same sphere) to 1e-9 relative, or 1e-6 m", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -89, max: 89, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -89, max: 89, noNaN: true }),
        (lon1, lat1, lon2, lat2) => {
          const ours = greatCircleM([lon1, lat1], [lon2, lat2])
          const turf = distance([lon1, lat1], [lon2, lat2], { units: 'meters' })
          expect(Math.abs(ours - turf)).toBeLessThanOrEqual(Math.max(1e-6, turf * 1e-9))
        },
      ),
    )
  })
})

describe('straightLineSource', () => {
  it('measures every destination in order, in metres', () => {
    const from = [121.43, 31.04] as const
    const to = [
      [121.44, 31.04],
      [121.43, 31.05],
    ] as const
    expect(straightLineSource.mode).toBe('straight')
    expect(straightLineSource.distances(from, to)).toEqual([
      greatCircleM(from, to[0]),
      greatCircleM(from, to[1]),
    ])
    expect(straightLineSource.distances(from, [])).toEqual([])
  })
})
