/**
 * Search and nearest-list timings on a generated city of 100,000 facilities (seeded, the same on
 * every run): index build times, query latency p50 / p95, and a brute-force check of the nearest
 * lists on a sample. Prints numbers; asserts nothing about time.
 *
 *   npx tsx scripts/bench-search.ts [--facilities 100000] [--queries 2000] [--seed 7]
 */
import { parseArgs } from 'node:util'
import { performance } from 'node:perf_hooks'
import { BASE_CATEGORIES } from '../web/src/core/catalog/categories.ts'
import { generateTestCity } from '../web/src/core/coverage/test-city.ts'
import { mulberry32, pick, randomInt } from '../web/src/core/geo/prng.ts'
import type { LngLat } from '../web/src/core/geo/units.ts'
import { createCommunityLocator } from '../web/src/core/nearby/community-locator.ts'
import { greatCircleRaw } from '../web/src/core/nearby/distance-source.ts'
import { nearHome } from '../web/src/core/nearby/near-home.ts'
import {
  buildNearbyIndex,
  isListedOpen,
  nearestByCategory,
  type NearbyFacility,
} from '../web/src/core/nearby/nearest-list.ts'
import { loadSimplifier } from '../web/src/core/search/normalize-text.ts'
import { buildSearchIndex } from '../web/src/core/search/search-index.ts'
import { CHILDCARE_BRANDS, NAME_STEMS, STORE_BRANDS } from './lib/demo-city-names.ts'

const { values } = parseArgs({
  options: {
    facilities: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '7' },
  },
})
const N = Number(values.facilities)
const Q = Number(values.queries)
const seed = Number(values.seed)

interface BenchFacility extends NearbyFacility {
  name: string
  address: string
  community: string
}

const ms = (t0: number): number => performance.now() - t0
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}
const fmt = (x: number): string => x.toFixed(x < 1 ? 3 : x < 10 ? 2 : 1)

// Traditional forms of some names, so the folded index is exercised both ways.
const TRADITIONAL: Record<string, string> = {
  长者食堂: '長者食堂',
  托育中心: '托育中心',
  健身点: '健身點',
  便利店: '便利商店',
}
const street = (rand: () => number): string =>
  `${pick(rand, NAME_STEMS)}${pick(rand, ['路', '街', '大道', '弄'])}`

function makeCity(): {
  facilities: BenchFacility[]
  communities: ReturnType<typeof generateTestCity>['communities']
} {
  const t0 = performance.now()
  const city = generateTestCity({ seed, communities: 6000, facilities: N })
  const rand = mulberry32(seed + 1)
  const communityNames = city.communities.map(
    (_, i) => `${NAME_STEMS[i % NAME_STEMS.length]}${Math.floor(i / NAME_STEMS.length) + 1}社区`,
  )
  const facilities = city.facilities.map((f): BenchFacility => {
    const p = f.properties
    const community = pick(rand, communityNames)
    const road = street(rand)
    const trad = rand() < 0.3
    let name: string
    if (p.category === 'canteen') name = `${community}${trad ? '長者食堂' : '长者食堂'}`
    else if (p.category === 'childcare') name = `${pick(rand, CHILDCARE_BRANDS)}(${road}店)`
    else if (p.category === 'fitness') name = `${road}${trad ? TRADITIONAL['健身点'] : '健身点'}`
    else name = `${pick(rand, STORE_BRANDS).name}${road}${randomInt(rand, 1, 99)}店`
    return {
      id: p.id,
      category: p.category,
      name,
      address: `${road}${randomInt(rand, 1, 999)}号`,
      community,
      lon: f.geometry.coordinates[0]!,
      lat: f.geometry.coordinates[1]!,
      status: p.status ?? 'open',
      published: rand() > 0.01,
    }
  })
  console.log(
    `city: ${N} facilities, ${city.communities.length} communities, made in ${fmt(ms(t0))} ms`,
  )
  return { facilities, communities: city.communities }
}

async function main(): Promise<void> {
  const { facilities, communities } = makeCity()
  const rand = mulberry32(seed + 2)

  // Search.
  let t0 = performance.now()
  const simplify = await loadSimplifier()
  console.log(`\nsearch: t→cn converter loaded in ${fmt(ms(t0))} ms`)
  t0 = performance.now()
  const index = buildSearchIndex(facilities, (f) => f, { simplify })
  console.log(`search: index of ${index.size} built in ${fmt(ms(t0))} ms`)
  const pool = [
    '食堂',
    '長者食堂',
    '托育',
    '便利店',
    '全家',
    '7-eleven',
    '健身點',
    `${NAME_STEMS[3]}路`,
    `${NAME_STEMS[10]}12社区`,
    `${NAME_STEMS[5]} 全家`,
    facilities[123]!.name,
    facilities[4567]!.name.slice(0, 4),
    '店',
    'zzz',
  ]
  const lons = facilities.map((f) => f.lon)
  const lats = facilities.map((f) => f.lat)
  const box = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)] as const
  const randomPoint = (): LngLat => [
    box[0] + rand() * (box[2] - box[0]),
    box[1] + rand() * (box[3] - box[1]),
  ]
  for (let w = 0; w < 50; w++) index.search(pick(rand, pool))
  const perQuery = new Map<string, number[]>()
  const all: number[] = []
  const allNear: number[] = []
  for (let q = 0; q < Q; q++) {
    const query = pool[q % pool.length]!
    const near = q % 2 === 1 ? randomPoint() : undefined
    t0 = performance.now()
    const r = index.search(query, { near, limit: 20 })
    const t = ms(t0)
    ;(near ? allNear : all).push(t)
    const list = perQuery.get(query) ?? []
    list.push(t)
    perQuery.set(query, list)
    if (q < pool.length) perQuery.set(`${query}#total`, [r.total])
  }
  console.log(
    `search: ${Q} queries, limit 20: p50 ${fmt(pct(all, 50))} ms, p95 ${fmt(pct(all, 95))} ms without a point; ` +
      `p50 ${fmt(pct(allNear, 50))} ms, p95 ${fmt(pct(allNear, 95))} ms nearer-first`,
  )
  for (const query of pool) {
    const t = perQuery.get(query)!
    console.log(
      `  ${JSON.stringify(query).padEnd(16)} ${String(perQuery.get(`${query}#total`)![0]).padStart(6)} matches  p50 ${fmt(pct(t, 50))} ms  p95 ${fmt(pct(t, 95))} ms`,
    )
  }

  // Nearest lists.
  t0 = performance.now()
  const nearby = buildNearbyIndex(facilities)
  console.log(
    `\nnearest: index of ${[...nearby.byCategory.values()].reduce((s, g) => s + g.items.length, 0)} open, published facilities built in ${fmt(ms(t0))} ms`,
  )
  t0 = performance.now()
  const locator = createCommunityLocator(
    communities.map((c) => ({
      id: c.properties.id,
      name: c.properties.name,
      geometry: c.geometry,
    })),
  )
  console.log(`nearest: community locator of ${communities.length} built in ${fmt(ms(t0))} ms`)
  const points = Array.from({ length: Q }, randomPoint)
  const lists: number[] = []
  const homes: number[] = []
  for (const p of points.slice(0, 50)) nearestByCategory(nearby, p, { n: 5 })
  for (const p of points) {
    t0 = performance.now()
    nearestByCategory(nearby, p, { n: 5 })
    lists.push(ms(t0))
    t0 = performance.now()
    nearHome(nearby, locator, p)
    homes.push(ms(t0))
  }
  console.log(
    `nearest: 5 per category (4 categories) at ${Q} points: p50 ${fmt(pct(lists, 50))} ms, p95 ${fmt(pct(lists, 95))} ms`,
  )
  console.log(
    `nearest: "what is near this home" at ${Q} points: p50 ${fmt(pct(homes, 50))} ms, p95 ${fmt(pct(homes, 95))} ms`,
  )
  // Brute force on a sample, and its time for comparison.
  const open = facilities.filter(isListedOpen)
  let mismatches = 0
  const brute: number[] = []
  for (const p of points.slice(0, 50)) {
    const got = nearestByCategory(nearby, p, { n: 5 })
    t0 = performance.now()
    for (const c of BASE_CATEGORIES) {
      const want = open
        .filter((f) => f.category === c.code)
        .map((f) => ({ id: f.id, m: greatCircleRaw(p[0], p[1], f.lon, f.lat) }))
        .sort((a, b) => a.m - b.m || (a.id < b.id ? -1 : 1))
        .slice(0, 5)
      const ids = got[c.code]!.items.map((e) => e.facility.id)
      if (ids.join() !== want.map((w) => w.id).join()) mismatches++
    }
    brute.push(ms(t0))
  }
  console.log(
    `nearest: brute force (4 categories, every facility measured) p50 ${fmt(pct(brute, 50))} ms; lists differing from it: ${mismatches} of ${50 * BASE_CATEGORIES.length}`,
  )
  const mem = process.memoryUsage()
  console.log(
    `\nheap used ${(mem.heapUsed / 1e6).toFixed(0)} MB, rss ${(mem.rss / 1e6).toFixed(0)} MB`,
  )
  void TRADITIONAL
}

await main()
