import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { binCells, binOf } from './distance-bins.ts'

describe('binCells', () => {
  it('sorts a segment into distance bins with cumulative weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 3000, noNaN: true }), fc.constant(Infinity)), {
          minLength: 1,
          maxLength: 200,
        }),
        fc.integer({ min: 0, max: 5 }),
        (ds, pad) => {
          // The segment sits after `pad` unrelated entries, as a community's cells do.
          const n = ds.length
          const dist = Float32Array.from(ds)
          const cell = new Int32Array(pad + n)
          const w = new Float32Array(pad + n)
          for (let k = 0; k < n; k++) {
            cell[pad + k] = k
            w[pad + k] = (k % 7) / 7 + 0.1
          }
          const perm = new Int32Array(pad + n).fill(-1)
          const bins = binCells(pad, pad + n, cell, w, [dist], 28, perm)
          const seen = new Set<number>()
          const nb = bins.off.length - 1
          for (let b = 0; b < nb; b++) {
            let sum = 0
            for (let q = pad + bins.off[b]!; q < pad + bins.off[b + 1]!; q++) {
              const k = perm[q]!
              seen.add(k)
              sum += w[k]!
              const d = dist[cell[k]!]!
              if (b === nb - 1) expect(d).toBe(Infinity)
              else expect(binOf(bins, d)).toBe(b)
            }
            expect(bins.cum[b + 1]! - bins.cum[b]!).toBeCloseTo(sum, 4)
          }
          expect(seen.size).toBe(n)
          for (let q = 0; q < pad; q++) expect(perm[q]).toBe(-1)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('bins by the largest of several distance fields', () => {
    const a = Float32Array.of(10, 50, Infinity, 5)
    const b = Float32Array.of(30, 20, 1, 6)
    const cell = Int32Array.of(3, 0, 1, 2)
    const w = Float32Array.of(1, 2, 3, 4)
    const perm = new Int32Array(4)
    const bins = binCells(0, 4, cell, w, [a, b], 10, perm)
    // Largest per cell: cell 3 → 6, cell 0 → 30, cell 1 → 50, cell 2 → none.
    expect(bins.first).toBe(0)
    expect(Array.from(bins.off)).toEqual([0, 1, 1, 1, 2, 2, 3, 4])
    expect(Array.from(perm)).toEqual([0, 1, 2, 3])
    expect(Array.from(bins.cum)).toEqual([0, 1, 1, 1, 3, 3, 6, 10])
  })
})
