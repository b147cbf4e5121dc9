import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stereographicPlane } from '../geo/stereographic.ts'
import { cellAt, discSpans, fillPolygons, planeArea, type PlaneGrid } from './plane-grid.ts'

const grid: PlaneGrid = {
  plane: stereographicPlane(121, 31),
  x0: -500,
  y0: -500,
  cell: 10,
  nx: 100,
  ny: 100,
}

const centre = (c: number): [number, number] => [
  grid.x0 + ((c % grid.nx) + 0.5) * grid.cell,
  grid.y0 + (Math.floor(c / grid.nx) + 0.5) * grid.cell,
]

describe('discSpans', () => {
  it('lists exactly the cell centres within the radius (property, 1e-9 m slack at the rim)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -600, max: 600, noNaN: true }),
        fc.double({ min: -600, max: 600, noNaN: true }),
        fc.double({ min: 1, max: 400, noNaN: true }),
        (cx, cy, r) => {
          const inside = new Set<number>()
          const { n, spans } = discSpans(grid, cx, cy, r, new Int32Array(0))
          for (let s = 0; s < n; s++)
            for (let j = spans[3 * s + 1]!; j <= spans[3 * s + 2]!; j++)
              inside.add(spans[3 * s]! * grid.nx + j)
          const wrong: number[] = []
          for (let c = 0; c < grid.nx * grid.ny; c++) {
            const [x, y] = centre(c)
            const d = Math.hypot(x - cx, y - cy)
            if ((d < r - 1e-9 && !inside.has(c)) || (d > r + 1e-9 && inside.has(c))) wrong.push(c)
          }
          expect(wrong).toEqual([])
        },
      ),
      { numRuns: 60 },
    )
  })
})

/** Distance from (x, y) to the nearest edge of the rings, metres. */
function nearEdge(rings: Float64Array[], x: number, y: number): number {
  let best = Infinity
  for (const r of rings) {
    for (let k = 0; k + 3 < r.length; k += 2) {
      const [ax, ay, bx, by] = [r[k]!, r[k + 1]!, r[k + 2]!, r[k + 3]!]
      const l2 = (bx - ax) ** 2 + (by - ay) ** 2
      const t =
        l2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / l2)) : 0
      best = Math.min(best, Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay)))
    }
  }
  return best
}

describe('fillPolygons', () => {
  it('fills the centres inside a polygon with a hole, and its area matches', () => {
    const square = (h: number): Float64Array =>
      Float64Array.from([-h, -h, h, -h, h, h, -h, h, -h, -h])
    const polys = [[square(200), square(100)]]
    const hit: number[] = []
    fillPolygons(grid, polys, (c) => hit.push(c))
    // Centres at ±5, ±15 … : 40 × 40 inside the outer square, 20 × 20 inside the hole.
    expect(hit.length).toBe(40 * 40 - 20 * 20)
    for (const c of hit) {
      const [x, y] = centre(c)
      expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThan(200)
      expect(Math.max(Math.abs(x), Math.abs(y))).toBeGreaterThan(100)
    }
    expect(planeArea(polys)).toBeCloseTo(400 * 400 - 200 * 200, 6)
  })

  it('fills exactly the centres an even-odd point-in-polygon test finds, but for centres within 1e-9 m of an edge (random star polygons)', () => {
    const inside = (rings: Float64Array[], x: number, y: number): boolean => {
      let odd = false
      for (const r of rings) {
        const n = r.length / 2
        for (let p = 0, q = n - 1; p < n; q = p++) {
          const ya = r[2 * q + 1]!
          const yb = r[2 * p + 1]!
          if (ya <= y === yb <= y) continue
          const xc = r[2 * q]! + ((y - ya) / (yb - ya)) * (r[2 * p]! - r[2 * q]!)
          if (x < xc) odd = !odd
        }
      }
      return odd
    }
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 30, max: 450, noNaN: true }), { minLength: 3, maxLength: 40 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (radii, shift) => {
          const n = radii.length
          const ring = new Float64Array(2 * (n + 1))
          radii.forEach((r, k) => {
            const a = (2 * Math.PI * k) / n
            ring[2 * k] = shift + r * Math.cos(a)
            ring[2 * k + 1] = r * Math.sin(a)
          })
          ring[2 * n] = ring[0]!
          ring[2 * n + 1] = ring[1]!
          const hole = Float64Array.from([-10, -10, 10, -10, 10, 10, -10, 10, -10, -10])
          const rings = [ring, hole]
          const got = new Set<number>()
          fillPolygons(grid, [rings], (c) => got.add(c))
          const wrong: number[] = []
          for (let c = 0; c < grid.nx * grid.ny; c++) {
            const [x, y] = centre(c)
            // A centre on the boundary (to rounding) may fall either way.
            if (inside(rings, x, y) !== got.has(c) && nearEdge(rings, x, y) > 1e-9) wrong.push(c)
          }
          expect(wrong).toEqual([])
        },
      ),
      { numRuns: 60 },
    )
  })

  it('a triangle gets about area / cell² cells', () => {
    const tri = [[Float64Array.from([-300, -300, 300, -250, 0, 350, -300, -300])]]
    let n = 0
    fillPolygons(grid, tri, () => n++)
    expect(Math.abs(n * 100 - planeArea(tri)) / planeArea(tri)).toBeLessThan(0.02)
  })

  it('cellAt finds the cell of a point and -1 outside', () => {
    expect(cellAt(grid, -495, -495)).toBe(0)
    expect(cellAt(grid, 499, 499)).toBe(grid.nx * grid.ny - 1)
    expect(cellAt(grid, 501, 0)).toBe(-1)
  })
})
