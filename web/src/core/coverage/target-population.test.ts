import { describe, expect, it } from 'vitest'
import { targetPopulation } from './target-population.ts'

describe('targetPopulation', () => {
  const props = {
    id: 'a',
    name: 'A',
    population: 900,
    population_elderly: 150,
    population_infants: null,
  }
  it('reads the group figure, falling back to the total and saying so', () => {
    expect(targetPopulation(props, 'all')).toEqual({ value: 900, fallback: false })
    expect(targetPopulation(props, 'elderly')).toEqual({ value: 150, fallback: false })
    expect(targetPopulation(props, 'infants')).toEqual({ value: 900, fallback: true })
    expect(targetPopulation({ ...props, population: Number.NaN }, 'all').value).toBe(0)
  })
})
