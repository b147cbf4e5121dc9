import { describe, expect, it } from 'vitest'
import { findDuplicates, type DuplicateCandidate } from './find-duplicates.ts'

const c = (
  name: string,
  lon: number,
  lat: number,
  address: string | null = null,
  category = 'store',
): DuplicateCandidate => ({ name, address, category, lon, lat })

describe('findDuplicates', () => {
  it('same name within 50 m, never a later row, never across 50 m', () => {
    // 0.0004° of longitude at 31° N ≈ 38 m; 0.0006° ≈ 57 m.
    const rows = [
      c('好德便利店', 121.4, 31.2),
      c('好德 便利店', 121.4004, 31.2),
      c('好德便利店', 121.4006, 31.2),
    ]
    expect(findDuplicates(rows, [])).toEqual([null, { index: 0 }, { index: 1 }])
    expect(findDuplicates([rows[0]!, rows[2]!], [])).toEqual([null, null])
  })

  it('same address in the same category; other categories at that address are not duplicates', () => {
    const rows = [
      c('甲', 121.4, 31.2, '吉祥路100号'),
      c('乙', 121.41, 31.21, '吉祥路 100 号'),
      c('丙', 121.42, 31.22, '吉祥路100号', 'canteen'),
      c('丁', 121.43, 31.23, '1号'),
      c('戊', 121.44, 31.24, '1号'),
    ]
    expect(findDuplicates(rows, [])).toEqual([null, { index: 0 }, null, null, null])
  })

  it('against existing records, which win over earlier rows', () => {
    const existing = [
      { id: 'e1', name: '好德便利店', lon: 121.4001, lat: 31.2 },
      { id: 'e2', name: 'x', address: '白玉路1号', lon: 0, lat: 0 },
    ]
    const rows = [
      c('好德便利店', 121.4, 31.2),
      c('好德便利店', 121.4002, 31.2),
      c('y', 121.5, 31.3, '白玉路1号'),
    ]
    const d = findDuplicates(rows, existing)
    expect(d.map((x) => (x && 'existing' in x ? x.existing.id : x))).toEqual(['e1', 'e1', 'e2'])
  })
})
