import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { minutesToWalk, PACE_KMH } from '../catalog/paces.ts'
import { meters } from '../geo/units.ts'
import type { DistanceSource } from './distance-source.ts'
import { greatCircleRaw, straightLineSource } from './distance-source.ts'
import {
  buildNearbyIndex,
  isListedOpen,
  nearestByCategory,
  paceForCategory,
  type NearbyFacility,
} from './nearest-list.ts'

const HOME = [121.43, 31.04] as const
/** A facility `east` metres east and `north` metres north of HOME (small offsets). */
const at = (
  id: string,
  category: string,
  east: number,
  north = 0,
  extra: Partial<NearbyFacility> = {},
): NearbyFacility => ({
  id,
  category,
  name: id,
  lon: HOME[0] + east / (111_195.08 * Math.cos((HOME[1] * Math.PI) / 180)),
  lat: HOME[1] + north / 111_195.08,
  ...extra,
})

describe('isListedOpen', () => {
  it('lists open (or status-less) published facilities only', () => {
    expect(isListedOpen(at('a', 'store', 0, 0, { status: 'open', published: true }))).toBe(true)
    expect(isListedOpen(at('a', 'store', 0))).toBe(true)
    expect(isListedOpen(at('a', 'store', 0, 0, { status: 'closed' }))).toBe(false)
    expect(isListedOpen(at('a', 'store', 0, 0, { status: 'planned' }))).toBe(false)
    expect(isListedOpen(at('a', 'store', 0, 0, { published: false }))).toBe(false)
  })
})

describe('nearestByCategory', () => {
  const facilities = [
    at('s-far', 'store', 900),
    at('s-near', 'store', 100),
    at('s-mid', 'store', 0, 400),
    at('s-closed', 'store', 10, 0, { status: 'closed' }),
    at('s-planned', 'store', 20, 0, { status: 'planned' }),
    at('s-hidden', 'store', 30, 0, { published: false }),
    at('c-1', 'canteen', -590),
    at('c-2', 'canteen', 0, -1500),
    at('f-1', 'fitness', 3000),
  ]
  const index = buildNearbyIndex(facilities)

  it('sorts by distance and lists only open, published facilities', () => {
    const lists = nearestByCategory(index, HOME, { n: 10 })
    expect(lists.store!.items.map((e) => e.facility.id)).toEqual(['s-near', 's-mid', 's-far'])
    expect(lists.store!.items[0]!.distance_m).toBeCloseTo(100, 0)
    expect(lists.store!.mode).toBe('straight')
    expect(Object.keys(lists).sort()).toEqual(['canteen', 'fitness', 'store'])
  })

  it('limits each list to n', () => {
    const lists = nearestByCategory(index, HOME, { n: 2 })
    expect(lists.store!.items.map((e) => e.facility.id)).toEqual(['s-near', 's-mid'])
    expect(lists.canteen!.items).toHaveLength(2)
    expect(nearestByCategory(index, HOME, { n: 0 }).store!.items).toEqual([])
  })

  it('breaks distance ties by id, whatever the input order', () => {
    const tied = [at('b', 'store', 200), at('c', 'store', -200), at('a', 'store', 0, 200)]
    for (const order of [tied, [...tied].reverse()]) {
      const items = nearestByCategory(buildNearbyIndex(order), HOME).store!.items
      // Equal to a millimetre; the id decides the order among the exactly equal ones.
      const ms = items.map((e) => e.distance_m)
      expect(Math.max(...ms) - Math.min(...ms)).toBeLessThan(1e-3)
      const sorted = [...items].sort(
        (x, y) => x.distance_m - y.distance_m || (x.facility.id < y.facility.id ? -1 : 1),
      )
      expect(items).toEqual(sorted)
    }
    const exact = [at('z', 'store', 50), at('y', 'store', 50), at('x', 'store', 50)]
    expect(
      nearestByCategory(buildNearbyIndex(exact), HOME).store!.items.map((e) => e.facility.id),
    ).toEqual(['x', 'y', 'z'])
  })

  it('walks canteens at the elderly pace and the rest at the ordinary one, unless a pace is given', () => {
    expect(paceForCategory('canteen')).toBe('elderly')
    expect(paceForCategory('store')).toBe('ordinary')
    expect(paceForCategory('clinic', { clinic: 'elderly' })).toBe('elderly')
    const lists = nearestByCategory(index, HOME)
    const c1 = lists.canteen!.items[0]!
    expect(lists.canteen!.pace).toBe('elderly')
    // 590 m at 3 km/h is 11.8 minutes, shown as 12; at 4.5 km/h 7.9, shown as 8.
    expect(c1.minutes).toBe(minutesToWalk(c1.distance_m, 'elderly'))
    expect(c1.minutes).toBe(Math.ceil((c1.distance_m / 1000 / PACE_KMH.elderly) * 60))
    expect(c1.minutes).toBe(12)
    const ordinary = nearestByCategory(index, HOME, { pace: 'ordinary' })
    expect(ordinary.canteen!.pace).toBe('ordinary')
    expect(ordinary.canteen!.items[0]!.minutes).toBe(8)
  })

  it('honours maxDistance, a filter and a category list; unknown categories get empty lists', () => {
    const lists = nearestByCategory(index, HOME, {
      maxDistance: 500,
      categories: ['store', 'fitness', 'childcare'],
      filter: (f) => f.id !== 's-near',
    })
    expect(Object.keys(lists)).toEqual(['store', 'fitness', 'childcare'])
    expect(lists.store!.items.map((e) => e.facility.id)).toEqual(['s-mid'])
    expect(lists.fitness!.items).toEqual([])
    expect(lists.childcare!.items).toEqual([])
  })

  it('uses the distance source it is given (a walk is never shorter than the line)', () => {
    // A pretend street network on which going east costs three times the straight line.
    const detour: DistanceSource = {
      mode: 'network',
      distances: (from, to) =>
        to.map((p) => {
          const d = straightLineSource.distances(from, [p])[0]!
          return meters(p[0] > from[0] ? 3 * d : d)
        }),
    }
    const lists = nearestByCategory(index, HOME, { source: detour, n: 3 })
    expect(lists.store!.mode).toBe('network')
    expect(lists.store!.items.map((e) => e.facility.id)).toEqual(['s-near', 's-mid', 's-far'])
    expect(lists.store!.items[0]!.distance_m).toBeCloseTo(300, 0)
    const unreachable: DistanceSource = {
      mode: 'network',
      distances: (_, to) => to.map(() => meters(Infinity)),
    }
    expect(nearestByCategory(index, HOME, { source: unreachable }).store!.items).toEqual([])
  })

  it('equals brute force for random cities, points, n and sources (tolerance: exact ids)', () => {
    const facility = fc.record({
      dx: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
      dy: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
      category: fc.constantFrom('canteen', 'store'),
      status: fc.constantFrom('open', 'closed', 'planned', null),
      published: fc.constantFrom(true, false, null),
    })
    fc.assert(
      fc.property(
        fc.array(facility, { maxLength: 120 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        (rows, n, detour) => {
          const list: NearbyFacility[] = rows.map((r, i) => ({
            id: `f${String(i).padStart(3, '0')}`,
            category: r.category,
            lon: HOME[0] + r.dx,
            lat: HOME[1] + r.dy,
            status: r.status,
            published: r.published,
          }))
          // A source that stretches distances by a factor from the facility's position (≥ 1).
          const stretch = (lon: number): number => (detour ? 1 + Math.abs(Math.sin(lon * 1000)) : 1)
          const source: DistanceSource = {
            mode: detour ? 'network' : 'straight',
            distances: (from, to) =>
              to.map((p) => meters(greatCircleRaw(from[0], from[1], p[0], p[1]) * stretch(p[0]))),
          }
          const got = nearestByCategory(buildNearbyIndex(list), HOME, { n, source })
          for (const code of ['canteen', 'store']) {
            const want = list
              .filter((f) => f.category === code && isListedOpen(f))
              .map((f) => ({
                id: f.id,
                m: greatCircleRaw(HOME[0], HOME[1], f.lon, f.lat) * stretch(f.lon),
              }))
              .sort((a, b) => a.m - b.m || (a.id < b.id ? -1 : 1))
              .slice(0, n)
            expect((got[code]?.items ?? []).map((e) => e.facility.id)).toEqual(
              want.map((w) => w.id),
            )
          }
        },
      ),
    )
  })
})
