import { describe, expect, it } from 'vitest'
import { reachAtPace } from '../catalog/paces.ts'
import { meters, minutes } from '../geo/units.ts'
import { createCommunityLocator } from './community-locator.ts'
import { greatCircleM } from './distance-source.ts'
import { nearHome } from './near-home.ts'
import { buildNearbyIndex, type NearbyFacility } from './nearest-list.ts'

const HOME = [121.43, 31.04] as const
const M_PER_DEG = 111_195.08
const east = (m: number): number => HOME[0] + m / (M_PER_DEG * Math.cos((HOME[1] * Math.PI) / 180))

const facilities: NearbyFacility[] = [
  { id: 'c1', category: 'canteen', name: '长者食堂', lon: east(690), lat: HOME[1] },
  { id: 'c0', category: 'canteen', name: '已关闭', lon: east(100), lat: HOME[1], status: 'closed' },
  { id: 's1', category: 'store', name: '便利店', lon: east(1100), lat: HOME[1] },
  {
    id: 'k1',
    category: 'childcare',
    name: '未发布',
    lon: east(50),
    lat: HOME[1],
    published: false,
  },
]
const community = {
  id: 'A',
  name: '吉祥社区',
  geometry: {
    type: 'Polygon' as const,
    coordinates: [
      [
        [121.42, 31.03],
        [121.44, 31.03],
        [121.44, 31.05],
        [121.42, 31.05],
        [121.42, 31.03],
      ],
    ],
  },
}

describe('nearHome', () => {
  const index = buildNearbyIndex(facilities)
  const locator = createCommunityLocator([community])

  it('says per category whether an open facility is within minutes × pace, and which is nearest', () => {
    const card = nearHome(index, locator, HOME, { categories: ['canteen', 'store', 'childcare'] })
    expect(card.point).toEqual([121.43, 31.04])
    expect(card.mode).toBe('straight')
    const canteen = card.categories.canteen!
    // Canteens: elderly pace, 15 min × 3 km/h = 750 m; 690 m is within reach, the closed one is skipped.
    expect(canteen.reach_m).toBe(750)
    expect(canteen.pace).toBe('elderly')
    expect(canteen.within_reach).toBe(true)
    expect(canteen.nearest?.id).toBe('c1')
    expect(canteen.nearest?.distance_m).toBeCloseTo(690, 0)
    expect(canteen.nearest?.minutes).toBe(14)
    expect(canteen.in_gap).toBe(false)
    expect(canteen.community).toEqual({ id: 'A', name: '吉祥社区' })
    // Stores: ordinary pace, 1,125 m; the store 1,100 m away is within reach.
    expect(card.categories.store!.reach_m).toBe(1125)
    expect(card.categories.store!.within_reach).toBe(true)
    // Childcare: the only one is unpublished, so none, and the home is in the gap.
    expect(card.categories.childcare).toMatchObject({
      within_reach: false,
      nearest: null,
      in_gap: true,
    })
  })

  it('takes minutes, one pace or a fixed reach', () => {
    const ten = nearHome(index, locator, HOME, { minutes: minutes(10), categories: ['canteen'] })
    expect(ten.categories.canteen!.reach_m).toBe(reachAtPace(minutes(10), 'elderly'))
    expect(ten.categories.canteen).toMatchObject({ within_reach: false, in_gap: true })
    const brisk = nearHome(index, locator, HOME, {
      pace: 'ordinary',
      categories: ['store'],
      minutes: minutes(14),
    })
    expect(brisk.categories.store!.reach_m).toBe(1050)
    expect(brisk.categories.store!.within_reach).toBe(false)
    const fixed = nearHome(index, locator, HOME, { reachM: meters(1200), categories: ['store'] })
    expect(fixed.categories.store).toMatchObject({ reach_m: 1200, within_reach: true })
    expect(fixed.categories.store!.nearest!.distance_m).toBeCloseTo(
      greatCircleM(HOME, [facilities[2]!.lon, facilities[2]!.lat]),
      1,
    )
  })

  it('reports no community and no gap for a point outside every community', () => {
    const far = nearHome(index, locator, [121.6, 31.2], { categories: ['canteen'] })
    expect(far.categories.canteen).toMatchObject({
      within_reach: false,
      in_gap: null,
      community: null,
    })
    expect(far.categories.canteen!.nearest?.id).toBe('c1')
    expect(nearHome(index, null, HOME).categories.canteen!.community).toBeNull()
  })
})
