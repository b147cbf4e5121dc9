import { describe, expect, it } from 'vitest'
import {
  parseSearch,
  parseView,
  plannerSearchSchema,
  residentSearchSchema,
  stringifySearch,
} from './search-params.ts'

describe('search params', () => {
  it('round-trips a planner link as plain values', () => {
    const text = stringifySearch({ cat: 'canteen', min: 15, v: '121.43,31.04,14.2', f: undefined })
    expect(text).toBe('?cat=canteen&min=15&v=121.43,31.04,14.2')
    expect(plannerSearchSchema.parse(parseSearch(text))).toEqual({
      cat: 'canteen',
      min: 15,
      v: '121.43,31.04,14.2',
    })
  })
  it('drops what it cannot read instead of failing', () => {
    const parsed = residentSearchSchema.parse(
      parseSearch('?v=abc&hide=canteen,store&open=yes&f=<script>&at=121.4,31.0'),
    )
    expect(parsed).toEqual({ hide: 'canteen,store', at: '121.4,31.0' })
    expect(plannerSearchSchema.parse({ min: '999' })).toEqual({})
  })
  it('reads a map view', () => {
    expect(parseView('121.4,31.2,13')).toEqual({ center: [121.4, 31.2], zoom: 13 })
    expect(parseView('121.4,91,13')).toBeNull()
    expect(parseView('1,2')).toBeNull()
  })
})
