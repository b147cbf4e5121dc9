import { describe, expect, it } from 'vitest'
import { facilityFlags } from './facility-flags.ts'
import type { FlagCommunity } from './facility-flags.ts'

// A square community of about 1 km around (121.42, 31.06).
const square: FlagCommunity = {
  id: 'c1',
  name: '吉祥社区',
  boundary: {
    type: 'Polygon',
    coordinates: [
      [
        [121.415, 31.055],
        [121.425, 31.055],
        [121.425, 31.065],
        [121.415, 31.065],
        [121.415, 31.055],
      ],
    ],
  },
}
const values = {
  name: '吉祥社区长者食堂',
  address: '滨河路1号',
  hours: '11:00-13:00',
  category: 'canteen',
  lon: 121.42,
  lat: 31.06,
}

describe('explained flags', () => {
  it('raises none for a tidy record', () => {
    expect(facilityFlags(values, 'f1', [square], [])).toEqual([])
  })

  it('flags a point far outside the community its name names, with the distance', () => {
    const [flag] = facilityFlags({ ...values, lon: 121.44 }, 'f1', [square], [])
    expect(flag?.code).toBe('far_from_community')
    if (flag?.code === 'far_from_community') {
      // 0.015° of longitude at 31.06° N ≈ 1,430 m (±5 m for the sphere vs Turf's radius).
      expect(flag.distanceM).toBeGreaterThan(1400)
      expect(flag.distanceM).toBeLessThan(1460)
    }
    // Just outside (about 100 m) is not far.
    expect(facilityFlags({ ...values, lon: 121.426 }, 'f1', [square], [])).toEqual([])
  })

  it('flags unreadable hours and a suspected duplicate', () => {
    const flags = facilityFlags(
      { ...values, hours: '早8点' },
      'f1',
      [square],
      [
        { id: 'f1', name: values.name, category: 'canteen', lon: 121.42, lat: 31.06 },
        { id: 'f2', name: '吉祥社区 长者食堂', category: 'canteen', lon: 121.4201, lat: 31.06 },
      ],
    )
    expect(flags.map((f) => f.code)).toEqual(['hours_unparseable', 'duplicate_suspected'])
    expect(flags[1]).toMatchObject({ otherId: 'f2' })
  })
})
