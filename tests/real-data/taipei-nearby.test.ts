import { booleanPointInPolygon } from '@turf/turf'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { beforeAll, describe, expect, it } from 'vitest'
import { mulberry32 } from '../../web/src/core/geo/prng.ts'
import { createCommunityLocator } from '../../web/src/core/nearby/community-locator.ts'
import { nearHome } from '../../web/src/core/nearby/near-home.ts'
import { buildNearbyIndex, nearestByCategory } from '../../web/src/core/nearby/nearest-list.ts'
import {
  readResidentFacilities,
  type ResidentFacility,
} from '../../web/src/core/nearby/read-nearby-input.ts'
import { loadSimplifier } from '../../web/src/core/search/normalize-text.ts'
import { buildSearchIndex, type SearchIndex } from '../../web/src/core/search/search-index.ts'
import { loadTaipei, TAIPEI_DIR, taipeiAvailable, type TaipeiData } from './taipei-loader.ts'

const present = taipeiAvailable()
// In CI the real data is always beside the checkout: there the suite runs (and fails loudly if
// it is missing); only a user's fresh clone without ../shared skips it.
const run = present || Boolean(process.env.CI)
if (!run) {
  console.warn(
    `taipei-nearby: SKIPPED — ${TAIPEI_DIR} is absent (the real data lives beside the checkout in ../shared/data)`,
  )
}

/** Haversine on the 6,371,008.8 m sphere, written here apart from the code under test. */
function haversine(a: readonly number[], b: readonly number[]): number {
  const r = Math.PI / 180
  const s =
    Math.sin(((b[1]! - a[1]!) * r) / 2) ** 2 +
    Math.cos(a[1]! * r) * Math.cos(b[1]! * r) * Math.sin(((b[0]! - a[0]!) * r) / 2) ** 2
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(s))
}

const SOURCES = [
  { name: 'taipei_community_care_points_2025_coord.csv', category: 'canteen' },
  { name: 'childcare_resource.geojson', category: 'childcare' },
  { name: 'taipei_sports_venues.geojson', category: 'fitness' },
  {
    name: 'taipei_convenience_stores_coord.csv',
    category: 'store',
    fields: { name: '分公司名稱' },
  },
]

describe.runIf(run)('nearest and search on the real Taipei facilities', () => {
  let taipei: TaipeiData
  let facilities: ResidentFacility[]
  let search: SearchIndex<ResidentFacility & { community: string | null }>
  let communityOf: (f: ResidentFacility) => string | null
  let simplify: (text: string) => string

  beforeAll(async () => {
    taipei = loadTaipei()
    facilities = []
    for (const s of SOURCES) {
      const r = readResidentFacilities(readFileSync(join(TAIPEI_DIR, s.name), 'utf8'), {
        source: s.name,
        category: s.category,
        fields: s.fields,
        idPrefix: s.category,
      })
      facilities.push(...r.features)
    }
    const locator = createCommunityLocator(
      taipei.communities.map((c) => ({ ...c.properties, geometry: c.geometry })),
    )
    communityOf = (f) => locator.locate([f.lon, f.lat])?.name ?? null
    simplify = await loadSimplifier()
    const t0 = performance.now()
    search = buildSearchIndex(
      facilities.map((f) => ({ ...f, community: communityOf(f) })),
      (f) => ({ ...f, name: f.name ?? '' }),
      { simplify },
    )
    console.log(
      `taipei-nearby: search index of ${search.size} facilities built in ${(performance.now() - t0).toFixed(1)} ms`,
    )
  })

  it('reads the same facilities as the coverage loader, 3,000+ stores named in Traditional Chinese', () => {
    expect(facilities.length).toBe(taipei.facilities.length)
    const stores = facilities.filter((f) => f.category === 'store')
    expect(stores.length).toBeGreaterThan(3000)
    // Many store names are branch numbers (台北市第一一八六分公司), the same in both scripts;
    // hundreds carry Traditional characters, and so do most other facilities' names.
    const traditional = (list: ResidentFacility[]): number =>
      list.filter((f) => f.name !== null && simplify(f.name) !== f.name).length
    expect(traditional(stores)).toBeGreaterThan(400)
    const others = facilities.filter((f) => f.category !== 'store')
    expect(traditional(others)).toBeGreaterThan(others.length / 2)
    expect(stores.filter((f) => f.address !== null).length).toBe(stores.length)
  })

  it('lists the 5 nearest per category exactly as brute force does, at 300 points', () => {
    const index = buildNearbyIndex(facilities)
    const lons = facilities.map((f) => f.lon)
    const lats = facilities.map((f) => f.lat)
    const [w, s, e, n] = [
      Math.min(...lons),
      Math.min(...lats),
      Math.max(...lons),
      Math.max(...lats),
    ]
    const rand = mulberry32(20_241_201)
    const times: number[] = []
    for (let k = 0; k < 300; k++) {
      const p: [number, number] = [w + rand() * (e - w), s + rand() * (n - s)]
      const t0 = performance.now()
      const got = nearestByCategory(index, p, { n: 5 })
      times.push(performance.now() - t0)
      for (const code of ['canteen', 'childcare', 'fitness', 'store']) {
        const want = facilities
          .filter((f) => f.category === code)
          .map((f) => ({ id: f.id, m: haversine(p, [f.lon, f.lat]) }))
          .sort((a, b) => a.m - b.m || (a.id < b.id ? -1 : 1))
          .slice(0, 5)
        const items = got[code]!.items
        expect(items.map((i) => i.facility.id)).toEqual(want.map((x) => x.id))
        items.forEach((i, j) => expect(Math.abs(i.distance_m - want[j]!.m)).toBeLessThan(1e-6))
      }
    }
    times.sort((a, b) => a - b)
    console.log(
      `taipei-nearby: nearest 5 × 4 categories, p50 ${times[150]!.toFixed(3)} ms, p95 ${times[285]!.toFixed(3)} ms`,
    )
  })

  it('answers "what is near this home" with the village it lies in and the gap as brute force does', () => {
    const index = buildNearbyIndex(facilities)
    const locator = createCommunityLocator(
      taipei.communities.map((c) => ({ ...c.properties, geometry: c.geometry })),
    )
    const rand = mulberry32(7)
    let gaps = 0
    for (const c of taipei.communities.filter(() => rand() < 0.1)) {
      const ring = (
        c.geometry.type === 'Polygon' ? c.geometry.coordinates : c.geometry.coordinates[0]!
      )[0]!
      const p: [number, number] = [
        ring.reduce((a, q) => a + q[0]!, 0) / ring.length,
        ring.reduce((a, q) => a + q[1]!, 0) / ring.length,
      ]
      const card = nearHome(index, locator, p, { categories: ['canteen', 'store'] })
      const village = taipei.communities.find((v) => booleanPointInPolygon(p, v))
      for (const [code, kmh] of [
        ['canteen', 3],
        ['store', 4.5],
      ] as const) {
        const line = card.categories[code]!
        const reach = (15 * kmh * 1000) / 60
        const nearest = Math.min(
          ...facilities.filter((f) => f.category === code).map((f) => haversine(p, [f.lon, f.lat])),
        )
        expect(line.community?.id ?? null).toBe(village?.properties.id ?? null)
        expect(line.within_reach).toBe(nearest <= reach)
        expect(line.in_gap).toBe(village ? nearest > reach : null)
        expect(Math.abs(line.nearest!.distance_m - nearest)).toBeLessThanOrEqual(0.05 + 1e-9)
        if (line.in_gap) gaps++
      }
    }
    console.log(`taipei-nearby: ${gaps} village centre × category answers in a gap`)
  })

  it('finds Traditional names and addresses from Simplified queries', () => {
    const time = (q: string): ReturnType<SearchIndex<ResidentFacility>['search']> => {
      const t0 = performance.now()
      const r = search.search(q)
      console.log(
        `taipei-nearby: search ${JSON.stringify(q)}: ${r.total} in ${(performance.now() - t0).toFixed(2)} ms`,
      )
      return r
    }
    // A childcare centre's full name, written in Simplified characters (and 台 for 臺).
    const centre = time('台北市中正区居家托育服务中心')
    expect(centre.hits[0]).toMatchObject({
      match: 'exact',
      item: { name: '臺北市中正區居家托育服務中心' },
    })
    // Partial input.
    const childcare = time('托育')
    expect(childcare.total).toBeGreaterThan(30)
    expect(
      childcare.hits.every((h) => h.match !== 'address' || h.item.address!.includes('托育')),
    ).toBe(true)
    // A street name in Simplified finds the stores on 忠孝東路 by address.
    const street = time('忠孝东路')
    const onStreet = facilities.filter((f) => f.address?.includes('忠孝東路'))
    expect(onStreet.length).toBeGreaterThan(50)
    expect(street.total).toBeGreaterThanOrEqual(onStreet.length)
    expect(
      street.hits.every((h) =>
        search.normalize(`${h.item.name}${h.item.address}`).includes('忠孝东路'),
      ),
    ).toBe(true)
    // A care point whose name has a stray space inside, found by the Simplified phrase.
    const elders = time('长者社区关怀协会')
    expect(elders.hits.map((h) => h.item.name)).toContain(
      '社團法人中華民國香柏樹長者社區關 懷協會(台電)',
    )
    // A village name finds the facilities located in it.
    const village = taipei.communities.find((c) => c.properties.name.endsWith('里'))!.properties
      .name
    const inVillage = time(village)
    expect(inVillage.total).toBeGreaterThan(0)
  })

  it('counts the same matches as a plain scan of the folded fields, nearer first with a point', () => {
    const fold = search.normalize
    const folded = facilities.map((f) =>
      [f.name ?? '', f.address ?? '', communityOf(f) ?? ''].map(fold),
    )
    for (const q of ['便利', '信义', '大安区', '运动', '关怀据点', '7']) {
      const want = folded.filter((fields) => fields.some((t) => t.includes(fold(q)))).length
      const p: [number, number] = [121.5654, 25.033]
      const r = search.search(q, { near: p, limit: 50 })
      expect(r.total, q).toBe(want)
      // Within each kind of match, nearer first.
      for (let i = 1; i < r.hits.length; i++) {
        const a = r.hits[i - 1]!
        const b = r.hits[i]!
        if (a.match === b.match) expect(a.distance_m!, q).toBeLessThanOrEqual(b.distance_m!)
      }
    }
  })
})
