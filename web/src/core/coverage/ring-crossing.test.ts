import { describe, expect, it } from 'vitest'
import { ringCrossing } from './ring-crossing.ts'

describe('ringCrossing', () => {
  it('finds the crossing edges of a bow-tie', () => {
    expect(
      ringCrossing([
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
    ).toEqual([0, 2])
  })

  it('passes simple rings, convex and not, of any size', () => {
    expect(
      ringCrossing([
        [0, 0],
        [2, 0],
        [2, 2],
        [1, 1],
        [0, 2],
        [0, 0],
      ]),
    ).toBeNull()
    const n = 20_000
    const circle = Array.from({ length: n + 1 }, (_, k) => {
      const a = (2 * Math.PI * (k % n)) / n
      return [Math.cos(a), Math.sin(a)]
    })
    expect(ringCrossing(circle)).toBeNull()
  })

  it('counts a ring touching itself at a vertex', () => {
    expect(
      ringCrossing([
        [0, 0],
        [2, 0],
        [1, 1],
        [2, 2],
        [0, 2],
        [1, 1],
        [0, 0],
      ]),
    ).not.toBeNull()
  })
})
