import { describe, expect, it } from 'vitest'
import { buildNearbyIndex, nearestByCategory, type NearbyFacility } from './nearest-list.ts'
import { openNowFilter } from './open-now.ts'

type F = NearbyFacility & { hours: string | null }
const f = (id: string, east: number, hours: string | null): F => ({
  id,
  category: 'canteen',
  lon: 121.43 + east / 95_300,
  lat: 31.04,
  hours,
})

describe('openNowFilter', () => {
  // 2026-12-01 is a Tuesday; 04:00Z is 12:00 in China (UTC+8).
  const noon = new Date('2026-12-01T04:00:00Z')
  const evening = new Date('2026-12-01T12:00:00Z')

  it('keeps facilities open at the instant, in China time by default', () => {
    const open = openNowFilter<F>(noon)
    expect(open(f('a', 0, '10:30-13:00,16:30-18:30'))).toBe(true)
    expect(open(f('b', 0, 'Mo-Fr 14:00-18:00'))).toBe(false)
    expect(open(f('c', 0, '24/7'))).toBe(true)
    expect(open(f('d', 0, '22:00-02:00'))).toBe(false)
    expect(openNowFilter<F>(evening)(f('a', 0, '10:30-13:00,16:30-18:30'))).toBe(false)
  })

  it('leaves out missing or unreadable hours unless asked to include them', () => {
    expect(openNowFilter<F>(noon)(f('a', 0, null))).toBe(false)
    expect(openNowFilter<F>(noon)(f('a', 0, 'whenever'))).toBe(false)
    expect(openNowFilter<F>(noon, { unknown: 'include' })(f('a', 0, 'whenever'))).toBe(true)
    expect(openNowFilter<F>(noon, { unknown: 'include' })(f('a', 0, ''))).toBe(true)
  })

  it('works as the nearest list filter: the nearest open now, not merely the nearest', () => {
    const index = buildNearbyIndex([
      f('shut', 100, 'Sa-Su 10:00-14:00'),
      f('open', 400, '10:00-14:00'),
      f('unknown', 200, null),
    ])
    const items = nearestByCategory(index, [121.43, 31.04], { filter: openNowFilter(noon) })
      .canteen!.items
    expect(items.map((e) => e.facility.id)).toEqual(['open'])
  })
})
