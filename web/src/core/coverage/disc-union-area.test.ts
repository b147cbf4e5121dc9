import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { areaInsideDiscGroups, polygonArea } from './disc-union-area.ts'
import { planePolygonFromXY, type PlanePolygon } from './plane-polygon.ts'

const polygon = planePolygonFromXY

const square = (s: number, x0 = 0, y0 = 0): Array<[number, number]> => [
  [x0, y0],
  [x0 + s, y0],
  [x0 + s, y0 + s],
  [x0, y0 + s],
]
const discs = (...c: number[]): Float64Array => Float64Array.from(c)
const planar = (poly: PlanePolygon, c: Float64Array, groups: Int32Array | null = null, g = 1) =>
  areaInsideDiscGroups(poly, c, groups, 0, c.length / 3, g, false)
/** Area of the lens where two discs of radius r, d apart, overlap. */
const lens = (r: number, d: number) =>
  2 * r * r * Math.acos(d / (2 * r)) - (d / 2) * Math.sqrt(4 * r * r - d * d)

describe('areaInsideDiscGroups (planar)', () => {
  const sq = polygon([square(1000)])
  const big = polygon([square(20_000, -10_000, -10_000)])

  it('gives a quarter disc for a disc at a corner of a square', () => {
    for (const r of [10, 250, 999.9, 1000]) {
      expect(planar(sq, discs(0, 0, r))).toBeCloseTo((Math.PI * r * r) / 4, 6)
    }
  })

  it('counts coincident discs once and a disc holding the polygon as full cover', () => {
    expect(planar(sq, discs(0, 0, 500, 0, 0, 500, 0, 0, 500))).toBeCloseTo(Math.PI * 62_500, 6)
    expect(planar(sq, discs(500, 500, 800))).toBe(polygonArea(sq, false))
  })

  it('unions overlapping discs and intersects groups (the lens)', () => {
    const c = discs(0, 0, 1000, 1000, 0, 1000)
    expect(planar(big, c)).toBeCloseTo(2 * Math.PI * 1e6 - lens(1000, 1000), 4)
    expect(planar(big, c, Int32Array.of(0, 1), 2)).toBeCloseTo(lens(1000, 1000), 4)
    // the same disc in two groups: the intersection is that disc
    expect(planar(big, discs(0, 0, 1000, 0, 0, 1000), Int32Array.of(0, 1), 2)).toBeCloseTo(
      Math.PI * 1e6,
      4,
    )
  })

  it('handles tangent discs, a vertex on the circle, a hole, nested discs and no discs', () => {
    expect(planar(big, discs(0, 0, 1000, 2000, 0, 1000))).toBeCloseTo(2 * Math.PI * 1e6, 4)
    // internally tangent: the small disc lies inside the big one
    expect(planar(big, discs(0, 0, 1000, 500, 0, 500))).toBeCloseTo(Math.PI * 1e6, 4)
    expect(planar(sq, discs(0, 0, 1000))).toBeCloseTo(Math.PI * 250_000, 6)
    const holed = polygon([square(1000), square(500, 250, 250).reverse()])
    expect(polygonArea(holed, false)).toBeCloseTo(750_000, 6)
    expect(planar(holed, discs(500, 500, 200))).toBe(0)
    // r = 300 pokes out of the 500 m hole on four sides: four circular segments remain
    const segment = 300 ** 2 * Math.acos(250 / 300) - 250 * Math.sqrt(300 ** 2 - 250 ** 2)
    expect(planar(holed, discs(500, 500, 300))).toBeCloseTo(4 * segment, 4)
    expect(planar(sq, discs())).toBe(0)
    expect(areaInsideDiscGroups(sq, discs(), null, 0, 0, 0, false)).toBe(1e6)
    // a group with no disc near the polygon empties the intersection
    expect(planar(sq, discs(0, 0, 300, 5000, 5000, 10), Int32Array.of(0, 1), 2)).toBe(0)
  })

  it('agrees with a fine Monte-Carlo-free grid count on random arrangements', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: -300, max: 1300 }),
            fc.integer({ min: -300, max: 1300 }),
            fc.integer({ min: 50, max: 600 }),
            fc.integer({ min: 0, max: 1 }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        (list) => {
          const c = Float64Array.from(list.flatMap(([x, y, r]) => [x, y, r]))
          const g = Int32Array.from(list.map((t) => t[3]))
          const groups = new Set(list.map((t) => t[3])).size === 2 ? 2 : 1
          const exact = planar(sq, c, groups === 2 ? g : null, groups)
          // midpoint rule on a 4 m grid: error ~ perimeter × cell / 6
          let count = 0
          const h = 4
          for (let x = h / 2; x < 1000; x += h) {
            for (let y = h / 2; y < 1000; y += h) {
              const hit = [false, false]
              list.forEach(([cx, cy, r, gg]) => {
                if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) hit[groups === 2 ? gg : 0] = true
              })
              if (hit[0] && (groups === 1 || hit[1])) count++
            }
          }
          expect(Math.abs(exact - count * h * h)).toBeLessThan(3000)
        },
      ),
      { numRuns: 40, seed: 11 },
    )
  })

  it('spherical correction changes a 10 km polygon by less than 1e-6 relative', () => {
    const p = polygon([square(10_000, -5000, -5000)])
    const flat = planar(p, discs(0, 0, 3000))
    const sphere = areaInsideDiscGroups(p, discs(0, 0, 3000), null, 0, 1, 1, true)
    const rel = (flat - sphere) / flat
    expect(rel).toBeGreaterThan(0)
    expect(rel).toBeLessThan(1e-6)
    const relPoly = (polygonArea(p, false) - polygonArea(p, true)) / polygonArea(p, false)
    expect(relPoly).toBeGreaterThan(0)
    expect(relPoly).toBeLessThan(1e-6)
  })
})
