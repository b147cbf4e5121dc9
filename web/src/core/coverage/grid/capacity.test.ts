import { describe, expect, it } from 'vitest'
import { rowPrefix, TwoStepField, type CoarsePeople } from './capacity.ts'

/** A 50 × 50 grid of 10 m cells, one person per cell, all in one community (plus a second one). */
function uniform(): CoarsePeople {
  const width = 50
  const height = 50
  const people = new Float64Array(width * height).fill(1)
  const all = Int32Array.from({ length: width * height }, (_, i) => i)
  const left = Int32Array.from(all.filter((i) => i % width < 25))
  return {
    size: 10,
    ox: 0,
    oy: 0,
    width,
    height,
    people,
    prefix: rowPrefix(people, width, height),
    lists: [
      { cell: all, people: new Float64Array(all.length).fill(1) },
      { cell: left, people: new Float64Array(left.length).fill(1) },
    ],
  }
}

describe('TwoStepField (2SFCA on coarse cells)', () => {
  it('hands out exactly the capacity of a facility to the people it reaches', () => {
    const grid = uniform()
    const field = new TwoStepField(grid)
    field.update(0, 250, 250, 100, 100, 1)
    // Everyone in the city shares the 100 places: 100 / 2,500 people × 1,000.
    expect(field.figure(grid.lists[0]!, 2500)).toBeCloseTo(40, 4)
    // A facility at the left edge reaches mostly the left half.
    field.update(1, 0, 250, 30, 100, 1)
    const left = field.figure(grid.lists[1]!, 1250)!
    expect(left).toBeGreaterThan(20 + 30 / 1.25 - 1)
    expect(field.figure(grid.lists[0]!, 2500)).toBeCloseTo(((100 + 30) / 2500) * 1000, 3)
  })

  it('removing a facility restores the figures bit for bit, in any order', () => {
    const grid = uniform()
    const field = new TwoStepField(grid)
    field.update(0, 123.4, 321.9, 40, 120, 1)
    const before = field.figure(grid.lists[1]!, 1250)
    field.update(1, 211.1, 97.3, 25, 120, 1)
    field.update(2, 40.2, 400.7, 33, 120, 1)
    field.update(1, 211.1, 97.3, 25, 120, -1)
    field.update(2, 40.2, 400.7, 33, 120, -1)
    expect(field.figure(grid.lists[1]!, 1250)).toBe(before)
  })

  it('is null without people and 0 where nothing reaches', () => {
    const grid = uniform()
    const field = new TwoStepField(grid)
    expect(field.figure(grid.lists[0]!, 0)).toBeNull()
    field.update(0, 495, 495, 10, 30, 1)
    const farList = { cell: Int32Array.of(0), people: Float64Array.of(1) }
    expect(field.figure(farList, 1)).toBe(0)
  })
})
