import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  layOutSample,
  nearestAtSample,
  newNearestSample,
  orderPlanePoints,
  relevantFacilities,
  sampleQuantile,
  sortSample,
  type PlanePoints,
} from './nearest-sample.ts'
import { planePolygonFromXY } from './plane-polygon.ts'

const square = planePolygonFromXY([
  [
    [-500, -500],
    [500, -500],
    [500, 500],
    [-500, 500],
  ],
])
const box = Float64Array.of(-500, -500, 500, 500)

function pointsOf(xy: ReadonlyArray<readonly [number, number]>): PlanePoints {
  const n = xy.length
  const p: PlanePoints = {
    n,
    x: Float64Array.from(xy, (v) => v[0]),
    y: Float64Array.from(xy, (v) => v[1]),
    rho: Float64Array.from(xy, (v) => Math.hypot(v[0], v[1])),
    order: new Int32Array(n),
  }
  orderPlanePoints(p)
  return p
}

describe('nearest-distance sample', () => {
  it('estimates the median distance to a facility at the centre of a square', () => {
    const s = newNearestSample()
    layOutSample(s, [square], null, 0, box)
    nearestAtSample(s, pointsOf([[0, 0]]))
    sortSample(s)
    // Half the square's area lies within r of the centre: π r² = 500,000 m².
    const exact = Math.sqrt(500_000 / Math.PI)
    expect(Math.abs(sampleQuantile(s, 0.5)! - exact)).toBeLessThan(15)
    expect(s.h).toBeCloseTo(Math.hypot(1000 / 12, 1000 / 12) / 2, 9)
    nearestAtSample(s, pointsOf([]))
    sortSample(s)
    expect(sampleQuantile(s, 0.5)).toBeNull()
  })

  it('weights sample points by the population pieces that hold them', () => {
    const west = planePolygonFromXY([
      [
        [-500, -500],
        [0, -500],
        [0, 500],
        [-500, 500],
      ],
    ])
    const s = newNearestSample()
    const pieces = [{ polys: [west], area: 500_000, weight: Float64Array.of(100, 0, 0) }]
    layOutSample(s, [square], pieces, 0, box)
    // Everyone lives in the west half, so a facility there is nearer to them all.
    nearestAtSample(s, pointsOf([[-250, 0]]))
    sortSample(s)
    const westMedian = sampleQuantile(s, 0.5)!
    layOutSample(s, [square], null, 0, box)
    nearestAtSample(s, pointsOf([[-250, 0]]))
    sortSample(s)
    expect(westMedian).toBeLessThan(sampleQuantile(s, 0.5)! - 50)
  })

  it('finds the nearest facility of each sample point and keeps every facility that is some point’s nearest', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -3000, max: 3000, noNaN: true }),
            fc.double({ min: -3000, max: 3000, noNaN: true }),
          ),
          { minLength: 1, maxLength: 60 },
        ),
        (xy) => {
          const pts = pointsOf(xy)
          const s = newNearestSample()
          layOutSample(s, [square], null, 0, box)
          nearestAtSample(s, pts)
          for (let k = 0; k < s.x.length; k++) {
            const brute = Math.min(...xy.map(([x, y]) => Math.hypot(x - s.x[k]!, y - s.y[k]!)))
            expect(s.d[k]).toBeCloseTo(brute, 9)
          }
          const keep = new Uint8Array(xy.length)
          const kept = relevantFacilities(s, pts, 0, keep)
          expect(kept).toBe(keep.reduce((a, b) => a + b, 0))
          // Probe points of the box off the sample grid: their nearest facility is kept.
          for (let i = 0; i <= 40; i++) {
            for (let j = 0; j <= 40; j++) {
              const px = -500 + 25 * i
              const py = -500 + 25 * j
              let best = 0
              xy.forEach(([x, y], f) => {
                if (Math.hypot(x - px, y - py) < Math.hypot(xy[best]![0] - px, xy[best]![1] - py))
                  best = f
              })
              expect(keep[best]).toBe(1)
            }
          }
        },
      ),
      { numRuns: 25, seed: 5 },
    )
  })
})
