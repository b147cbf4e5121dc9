import { describe, expect, it } from 'vitest'
import { roundNumbers } from './round-numbers.ts'

describe('roundNumbers', () => {
  it('rounds nested numbers to significant digits and leaves the rest', () => {
    expect(roundNumbers({ a: [0.123456789, 98765.4321], b: 'x', c: null, d: 1 / 3 }, 4)).toEqual({
      a: [0.1235, 98770],
      b: 'x',
      c: null,
      d: 0.3333,
    })
  })
})
