import { describe, expect, it } from 'vitest'
import { grown } from './grow-array.ts'

describe('grown', () => {
  it('keeps a big enough array and copies into a longer one of the same type', () => {
    const a = Float64Array.of(1, 2)
    expect(grown(a, 2)).toBe(a)
    const b = grown(Int32Array.of(7, 8), 3)
    expect(b).toBeInstanceOf(Int32Array)
    expect(b.length).toBe(4)
    expect(Array.from(b.subarray(0, 2))).toEqual([7, 8])
  })
})
