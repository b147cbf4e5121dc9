import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../geo/prng.ts'
import { areaInHalfPlaneUnions, clipRingToBox, ringArea, type HalfPlanes } from './cell-clip.ts'
import { planePolygonFromXY, pointInPlanePolygon, type PlanePolygon } from '../plane-polygon.ts'

const areaOf = (r: PlanePolygon): number => ringArea(r.xs, r.ys, 0, r.xs.length)

// A 30 × 20 rectangle with a 4 × 4 hole (clockwise), and a notch cut into its top edge.
const holed = planePolygonFromXY([
  [
    [0, 0],
    [30, 0],
    [30, 20],
    [16, 20],
    [15, 12],
    [14, 20],
    [0, 20],
  ],
  [
    [5, 5],
    [5, 9],
    [9, 9],
    [9, 5],
  ],
])

describe('clipRingToBox', () => {
  it('gives the polygon area inside each box ring by ring, holes (clockwise) subtracting', () => {
    const outX = new Float64Array(256)
    const outY = new Float64Array(256)
    const inBox = (x0: number, y0: number, x1: number, y1: number): number => {
      let sum = 0
      for (let r = 0; r + 1 < holed.ringStart.length; r++) {
        const from = holed.ringStart[r]!
        const n = holed.ringStart[r + 1]! - from
        const m = clipRingToBox(holed.xs, holed.ys, from, n, x0, y0, x1, y1, outX, outY, 0, 0, 0)
        if (m >= 3) sum += ringArea(outX, outY, 0, m)
      }
      return sum
    }
    expect(inBox(-5, -5, 40, 40)).toBeCloseTo(600 - 16 - 8, 9)
    expect(inBox(0, 0, 10, 10)).toBeCloseTo(100 - 16, 9)
    // The notch below y = 17: a triangle 5 m tall, 1.25 m wide at the top.
    expect(inBox(7, 7, 17, 17)).toBeCloseTo(100 - 4 - 0.5 * 5 * 1.25, 9)
    expect(inBox(40, 40, 50, 50)).toBe(0)
  })
})

/** Monte Carlo reference: share of `n` random points of the box inside ring and unions. */
function sampled(h: HalfPlanes, groups: number, n: number): number {
  const rand = mulberry32(7)
  let hit = 0
  for (let s = 0; s < n; s++) {
    const x = rand() * 10 - 5
    const y = rand() * 10 - 5
    if (!pointInPlanePolygon(piece, x, y)) continue
    let all = true
    for (let g = 0; g < groups && all; g++) {
      let any = false
      for (let q = 0; q < h.count; q++) {
        if (h.group[q] === g && h.ux[q]! * x + h.uy[q]! * y <= h.c[q]!) any = true
      }
      all = any
    }
    if (all) hit++
  }
  return (hit / n) * 100
}

// A cell-centred piece of a 10 m cell: the community's part of a boundary cell.
const piece = planePolygonFromXY([
  [
    [-5, -5],
    [5, -5],
    [5, 1],
    [-1, 3],
    [-5, 2],
  ],
])

function planes(lines: Array<[number, number, number, number]>): HalfPlanes {
  return {
    ux: Float64Array.from(lines.map((l) => l[0])),
    uy: Float64Array.from(lines.map((l) => l[1])),
    c: Float64Array.from(lines.map((l) => l[2])),
    group: Int32Array.from(lines.map((l) => l[3])),
    count: lines.length,
  }
}

const inUnions = (area: number, h: HalfPlanes, groups: number): number =>
  areaInHalfPlaneUnions(piece.xs, piece.ys, 0, piece.xs.length, area, h, groups)

describe('clipRingToBox offsets', () => {
  it('writes the clipped ring shifted, at the given offset', () => {
    const outX = new Float64Array(64)
    const outY = new Float64Array(64)
    const n = clipRingToBox(piece.xs, piece.ys, 0, piece.xs.length, 0, 0, 4, 4, outX, outY, 3, 2, 2)
    // The piece's part in [0, 4]² lies under the edge (5, 1)–(−1, 3): y = 8/3 − x/3, so
    // ∫₀⁴ (8/3 − x/3) dx = 8; written centred on (2, 2).
    expect(n).toBeGreaterThanOrEqual(4)
    expect(ringArea(outX, outY, 3, n)).toBeCloseTo(8, 9)
    for (let q = 3; q < 3 + n; q++) {
      expect(Math.abs(outX[q]!)).toBeLessThanOrEqual(2 + 1e-12)
      expect(Math.abs(outY[q]!)).toBeLessThanOrEqual(2 + 1e-12)
    }
  })
})

describe('areaInHalfPlaneUnions', () => {
  const area = areaOf(piece)

  it('is exact for one line, and covers nothing without one', () => {
    // y ≤ −2 keeps the bottom 3 m of the piece's 10 m width.
    expect(inUnions(area, planes([[0, 1, -2, 0]]), 1)).toBeCloseTo(30, 9)
    expect(inUnions(area, planes([]), 1)).toBe(0)
    expect(inUnions(area, planes([[0, 1, 10, 0]]), 1)).toBeCloseTo(area, 9)
  })

  it('matches sampling for unions of several lines in two groups', () => {
    const rand = mulberry32(3)
    for (let t = 0; t < 6; t++) {
      const lines: Array<[number, number, number, number]> = []
      for (let q = 0; q < 5; q++) {
        const a = rand() * 2 * Math.PI
        lines.push([Math.cos(a), Math.sin(a), (rand() - 0.5) * 8, q % 2])
      }
      const h = planes(lines)
      const got = (inUnions(area, h, 2) / 100) * 100
      expect(got).toBeCloseTo(sampled(h, 2, 200_000), 0)
    }
  })

  it('never drops when a line moves out or a line is added', () => {
    let prev = -1
    for (let c = -6; c <= 6; c += 0.5) {
      const v = inUnions(area, planes([[0.6, -0.8, c, 0]]), 1)
      expect(v).toBeGreaterThanOrEqual(prev - 1e-9)
      prev = v
    }
    const one = inUnions(area, planes([[1, 0, -1, 0]]), 1)
    const two = inUnions(
      area,
      planes([
        [1, 0, -1, 0],
        [0, -1, -2, 0],
      ]),
      1,
    )
    expect(two).toBeGreaterThan(one)
  })
})
