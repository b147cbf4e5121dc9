import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nearestQuantiles } from './nearest-quantile.ts'

/** share(r) = 1 − exp(−(r/scale)²), its slope, and a count of evaluations. */
function gaussian(scale: number) {
  const g = {
    calls: 0,
    last: 0,
    share: (r: number) => {
      g.calls++
      g.last = r
      return 1 - Math.exp(-((r / scale) ** 2))
    },
    slope: (r: number) => ((2 * r) / scale ** 2) * Math.exp(-((r / scale) ** 2)),
  }
  return g
}

describe('nearestQuantiles', () => {
  it('finds each quantile of a smooth share curve within the tolerance, from above', () => {
    fc.assert(
      fc.property(fc.double({ min: 100, max: 2000, noNaN: true }), (scale) => {
        const share = (r: number) => 1 - Math.exp(-((r / scale) ** 2))
        const [median, p90] = nearestQuantiles(share, [0.5, 0.9], 1000, share(1000), 5000, 1)
        const exact = (q: number) => scale * Math.sqrt(-Math.log(1 - q))
        for (const [got, q] of [
          [median, 0.5],
          [p90, 0.9],
        ] as const) {
          if (exact(q) > 5000) expect(got).toBeNull()
          else {
            expect(got!).toBeGreaterThanOrEqual(exact(q) - 1e-9)
            expect(got! - exact(q)).toBeLessThanOrEqual(1)
          }
        }
      }),
      { numRuns: 60, seed: 3 },
    )
  })

  it('returns null when the share never reaches the target, and handles steps', () => {
    expect(nearestQuantiles(() => 0.3, [0.5], 1000, 0.3, 5000, 1)).toEqual([null])
    const step = (r: number) => (r >= 1234 ? 1 : 0)
    const [q] = nearestQuantiles(step, [0.5], 1000, 0, 5000, 1)
    expect(q!).toBeGreaterThanOrEqual(1234)
    expect(q!).toBeLessThanOrEqual(1235)
  })

  it('takes Newton steps when given the slope: same answers, fewer evaluations', () => {
    for (const scale of [300, 700, 1500]) {
      const g = gaussian(scale)
      const { share, slope } = g
      const plain = nearestQuantiles(share, [0.5, 0.9], 1000, share(1000), 5000, 1)
      const plainCalls = g.calls
      g.calls = 0
      const newton = nearestQuantiles(share, [0.5, 0.9], 1000, share(1000), 5000, 1, {
        slopeOfLast: () => slope(g.last),
        s0Slope: slope(1000),
      })
      expect(g.calls).toBeLessThan(plainCalls)
      newton.forEach((q, k) => {
        const exact = scale * Math.sqrt(-Math.log(1 - [0.5, 0.9][k]!))
        expect(q!).toBeGreaterThanOrEqual(exact)
        expect(q! - exact).toBeLessThanOrEqual(1)
        expect(Math.abs(q! - plain[k]!)).toBeLessThanOrEqual(1)
      })
    }
  })

  it('starts from a guess: same guarantee, fewer evaluations than without', () => {
    for (const scale of [300, 700, 1500]) {
      const g = gaussian(scale)
      const { share, slope } = g
      const exact = (q: number) => scale * Math.sqrt(-Math.log(1 - q))
      const options = { slopeOfLast: () => slope(g.last), s0Slope: slope(1000) }
      nearestQuantiles(share, [0.5, 0.9], 1000, share(1000), 5000, 1, options)
      const unguided = g.calls
      g.calls = 0
      // A guess 3% off, as from a dozen-by-dozen sample grid.
      const guided = nearestQuantiles(share, [0.5, 0.9], 1000, share(1000), 5000, 1, {
        ...options,
        guess: (q) => exact(q) * 1.03,
      })
      expect(g.calls).toBeLessThan(unguided)
      guided.forEach((q, k) => {
        const e = exact([0.5, 0.9][k]!)
        expect(q!).toBeGreaterThanOrEqual(e)
        expect(q! - e).toBeLessThanOrEqual(1)
      })
    }
    // A useless guess falls back to the bracketing search, still within the tolerance.
    const step = (r: number) => (r >= 1234 ? 1 : 0)
    const [q] = nearestQuantiles(step, [0.5], 1000, 0, 5000, 1, {
      slopeOfLast: () => 0,
      guess: () => 4000,
    })
    expect(q!).toBeGreaterThanOrEqual(1234)
    expect(q!).toBeLessThanOrEqual(1235)
  })

  it('shares evaluations between targets', () => {
    let calls = 0
    const share = (r: number) => {
      calls++
      return Math.min(1, r / 2000)
    }
    nearestQuantiles(share, [0.5, 0.9], 1000, 0.5, 5000, 1)
    // linear: false position lands on the root at once for both targets
    expect(calls).toBeLessThanOrEqual(6)
  })
})
