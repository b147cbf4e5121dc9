import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cellCoverFraction, meanCoverFraction } from './cover-fraction.ts'

/** Brute force: share of a fine lattice of points q in the cell with u·q ≤ t. */
function sampled(t: number, ux: number, uy: number, h: number): number {
  const n = 400
  let inside = 0
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = ((i + 0.5) / n - 0.5) * h
      const y = ((j + 0.5) / n - 0.5) * h
      if (ux * x + uy * y <= t) inside++
    }
  }
  return inside / (n * n)
}

describe('cellCoverFraction', () => {
  it('matches sampling for any direction and offset', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.double({ min: -8, max: 8, noNaN: true }),
        (a, t) => {
          const f = cellCoverFraction(t, Math.cos(a), Math.sin(a), 10)
          expect(Math.abs(f - sampled(t, Math.cos(a), Math.sin(a), 10))).toBeLessThan(0.01)
        },
      ),
      { numRuns: 40 },
    )
  })

  it('is 1/2 through the centre, 0 and 1 beyond half a diagonal', () => {
    expect(cellCoverFraction(0, 0.6, 0.8, 10)).toBeCloseTo(0.5, 12)
    expect(cellCoverFraction(7.08, Math.SQRT1_2, Math.SQRT1_2, 10)).toBe(1)
    expect(cellCoverFraction(-7.08, Math.SQRT1_2, Math.SQRT1_2, 10)).toBe(0)
    expect(cellCoverFraction(2.5, 1, 0, 10)).toBeCloseTo(0.75, 12)
  })
})

describe('meanCoverFraction', () => {
  it('averages the directions, is increasing and symmetric', () => {
    let prev = 0
    for (let t = -8; t <= 8; t += 0.05) {
      const f = meanCoverFraction(t, 10)
      expect(f).toBeGreaterThanOrEqual(prev)
      expect(f + meanCoverFraction(-t, 10)).toBeCloseTo(1, 6)
      let avg = 0
      for (let k = 0; k < 360; k++) {
        const a = ((k + 0.5) * Math.PI) / 180
        avg += cellCoverFraction(t, Math.cos(a), Math.sin(a), 10) / 360
      }
      expect(f).toBeCloseTo(avg, 3)
      prev = f
    }
  })
})
