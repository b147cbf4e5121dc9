import { describe, expect, it } from 'vitest'
import { twoStepFca, type DemandPairs } from './two-step-fca.ts'

describe('twoStepFca', () => {
  it('splits each facility over all the people it reaches, then sums per community', () => {
    // facility 0: 30 places, reaches 100 people of A and 200 of B; facility 1: 10 places, 50 of B.
    const pairs: Record<number, DemandPairs> = {
      0: { fac: Int32Array.of(0), pop: Float64Array.of(100) },
      1: { fac: Int32Array.of(0, 1), pop: Float64Array.of(200, 50) },
      2: { fac: new Int32Array(0), pop: new Float64Array(0) },
    }
    const people = [400, 500, 0]
    const out = twoStepFca(
      [0, 1, 2],
      [0, 1, 2],
      (i) => pairs[i]!,
      Float64Array.of(30, 10),
      (i) => people[i]!,
    )
    const r0 = 30 / 300
    const r1 = 10 / 50
    expect(out[0]).toBeCloseTo(((r0 * 100) / 400) * 1000, 10)
    expect(out[1]).toBeCloseTo(((r0 * 200 + r1 * 50) / 500) * 1000, 10)
    expect(out[2]).toBeNull()
    // the capacity within reach is conserved: Σ A_i P_i / 1000 = Σ capacity
    expect((out[0]! * 400 + out[1]! * 500) / 1000).toBeCloseTo(40, 10)
  })
})
