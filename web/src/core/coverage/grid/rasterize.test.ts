import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PlanePolygon } from '../plane-polygon.ts'
import { rasterizePolygons, type GridSpec } from './rasterize.ts'

/** A plane polygon from rings of [x, y] (first ring outer CCW, later rings holes CW). */
function poly(rings: Array<Array<[number, number]>>): PlanePolygon {
  const xs: number[] = []
  const ys: number[] = []
  const starts = [0]
  for (const r of rings) {
    for (const [x, y] of r) {
      xs.push(x)
      ys.push(y)
    }
    starts.push(xs.length)
  }
  const outer = rings[0]!
  return {
    xs: Float64Array.from(xs),
    ys: Float64Array.from(ys),
    ringStart: Int32Array.from(starts),
    minX: Math.min(...outer.map((p) => p[0])),
    minY: Math.min(...outer.map((p) => p[1])),
    maxX: Math.max(...outer.map((p) => p[0])),
    maxY: Math.max(...outer.map((p) => p[1])),
  }
}

function shoelace(ring: Array<[number, number]>): number {
  let a = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1]
  }
  return a / 2
}

const grid: GridSpec = { ox: -500, oy: -500, cell: 10, width: 100, height: 100 }

function coveredArea(p: PlanePolygon[], g = grid): number {
  const { value } = rasterizePolygons(p, g)
  let s = 0
  for (const v of value) s += v
  return s * g.cell * g.cell
}

describe('rasterizePolygons', () => {
  it('gives an axis-aligned square exactly its cells, with fractions on the edges', () => {
    const sq = poly([
      [
        [5, 5],
        [25, 5],
        [25, 25],
        [5, 25],
      ],
    ])
    const { index, value } = rasterizePolygons([sq], grid)
    const byIndex = new Map<number, number>()
    index.forEach((k, i) => byIndex.set(k, value[i]!))
    // Cell (50, 50) spans x, y ∈ [0, 10): the square covers its upper-right quarter.
    expect(byIndex.get(50 * 100 + 50)).toBeCloseTo(0.25, 6)
    expect(byIndex.get(51 * 100 + 51)).toBeCloseTo(1, 6)
    expect(byIndex.get(50 * 100 + 51)).toBeCloseTo(0.5, 6)
    expect(index.length).toBe(9)
    expect(coveredArea([sq])).toBeCloseTo(400, 6)
  })

  it('subtracts holes and keeps indices in row-major order', () => {
    const outer: Array<[number, number]> = [
      [-200, -150],
      [180, -170],
      [210, 190],
      [-190, 160],
    ]
    const hole: Array<[number, number]> = [
      [-50, -40],
      [-60, 70],
      [55, 66],
      [44, -33],
    ]
    const p = poly([outer, hole])
    const { index } = rasterizePolygons([p], grid)
    for (let i = 1; i < index.length; i++) expect(index[i]!).toBeGreaterThan(index[i - 1]!)
    expect(coveredArea([p])).toBeCloseTo(shoelace(outer) + shoelace(hole), 4)
  })

  it('sums to the area of random star-shaped polygons, clipped to the grid', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 20, max: 700, noNaN: true }), { minLength: 3, maxLength: 40 }),
        fc.double({ min: -300, max: 300, noNaN: true }),
        fc.double({ min: -300, max: 300, noNaN: true }),
        (radii, cx, cy) => {
          const ring: Array<[number, number]> = radii.map((r, i) => {
            const a = (2 * Math.PI * i) / radii.length
            return [cx + r * Math.cos(a), cy + r * Math.sin(a)]
          })
          const p = poly([ring])
          const big: GridSpec = { ox: -1500, oy: -1500, cell: 7, width: 430, height: 430 }
          expect(coveredArea([p], big)).toBeCloseTo(shoelace(ring), 3)
          // Clipped to a smaller grid the covered area can only shrink, and never goes negative.
          const clipped = coveredArea([p], grid)
          expect(clipped).toBeLessThanOrEqual(shoelace(ring) * (1 + 1e-6))
          expect(clipped).toBeGreaterThanOrEqual(0)
        },
      ),
      { numRuns: 60 },
    )
  })
})
