import { describe, expect, it } from 'vitest'
import type { FacilityValues } from './facility-values.ts'
import { allChoices, defaultChoices, diffThreeWay, mergeValues } from './merge.ts'

const base: FacilityValues = {
  name: '吉祥社区长者食堂',
  category: 'canteen',
  status: 'open',
  address: '滨河路1号',
  lon: 121.42,
  lat: 31.06,
  capacity: 40,
  hours: '11:00-13:00',
  phone: '021-1',
  operator: '',
  inclusive: true,
  published: true,
}

describe('three-way merge, field by field', () => {
  const mine = { ...base, phone: '021-2', capacity: 50, hours: 'Mo-Fr 11:00-13:00' }
  const theirs = { ...base, phone: '021-3', address: '滨河路2号', hours: 'Mo-Fr 11:00-13:00' }
  const diffs = diffThreeWay(base, mine, theirs)

  it('classifies each changed field', () => {
    expect(diffs.map((d) => [d.field, d.kind])).toEqual([
      ['address', 'theirs'],
      ['capacity', 'mine'],
      ['hours', 'same'],
      ['phone', 'conflict'],
    ])
  })

  it('keeps each side’s own changes by default and the worker’s value on a conflict', () => {
    const merged = mergeValues(mine, theirs, defaultChoices(diffs))
    expect(merged).toEqual({
      ...base,
      address: '滨河路2号',
      capacity: 50,
      hours: 'Mo-Fr 11:00-13:00',
      phone: '021-2',
    })
  })

  it('takes theirs or keeps mine for every field at once', () => {
    expect(mergeValues(mine, theirs, allChoices(diffs, 'theirs'))).toEqual(theirs)
    expect(mergeValues(mine, theirs, allChoices(diffs, 'mine'))).toEqual(mine)
  })

  it('merges per field as chosen', () => {
    const merged = mergeValues(mine, theirs, { ...defaultChoices(diffs), phone: 'theirs' })
    expect(merged.phone).toBe('021-3')
    expect(merged.capacity).toBe(50)
  })

  it('treats positions within a centimetre as unchanged', () => {
    const nudged = { ...base, lon: base.lon + 1e-8 }
    expect(diffThreeWay(base, nudged, base)).toEqual([])
    const moved = { ...base, lon: base.lon + 1e-4 }
    expect(diffThreeWay(base, moved, base).map((d) => d.field)).toEqual(['lon'])
  })

  it('without the opening values, reports every difference as a conflict', () => {
    expect(diffThreeWay(null, mine, theirs).map((d) => d.kind)).toEqual([
      'conflict',
      'conflict',
      'conflict',
    ])
  })
})
