import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Feature, LineString, Point, Polygon, Position } from 'geojson'
import {
  area,
  bbox,
  booleanClockwise,
  booleanIntersects,
  booleanPointInPolygon,
  booleanWithin,
  centroid,
  distance,
  featureCollection,
  intersect,
  kinks,
  pointToLineDistance,
} from '@turf/turf'
import { describe, expect, it } from 'vitest'
import {
  CATEGORIES,
  DEFAULT_SEED,
  FEW_STORES_RADIUS_M,
  generateDemoCity,
  UNDER_SERVED_RADIUS_M,
  type DemoCity,
} from '../../scripts/lib/demo-city.ts'
import { renderDemoFiles, renderSeedSql, sqlString } from '../../scripts/lib/demo-city-files.ts'

const root = join(import.meta.dirname, '..', '..')
const city = generateDemoCity(DEFAULT_SEED)
const communities = city.communities.features
const facilities = city.facilities.features
const river = city.water.features[0] as Feature<Polygon>
const boundary = city.boundary.features[0] as Feature<Polygon>
const communityById = new Map(communities.map((f) => [f.properties.id, f]))

type Box = [number, number, number, number]
const boxesOverlap = (a: Box, b: Box) =>
  a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]

/** Rows per `insert into <table>` in a SQL script: top-level tuples, quotes respected. */
function countTuples(sql: string): Map<string, number[]> {
  const out = new Map<string, number[]>()
  const re = /insert into ([\w.]+) \([^)]*\) values/g
  let m: RegExpExecArray | null
  while ((m = re.exec(sql)) !== null) {
    let depth = 0
    let quoted = false
    let tuples = 0
    let k = re.lastIndex
    for (; k < sql.length; k++) {
      const ch = sql[k]
      if (quoted) {
        if (ch === "'" && sql[k + 1] === "'") k++
        else if (ch === "'") quoted = false
      } else if (ch === "'") quoted = true
      else if (ch === '(') {
        if (depth === 0) tuples++
        depth++
      } else if (ch === ')') depth--
      else if (ch === ';' && depth === 0) break
    }
    re.lastIndex = k
    out.set(m[1] as string, [...(out.get(m[1] as string) ?? []), tuples])
  }
  return out
}

const allRings = (c: DemoCity) =>
  [c.boundary, c.communities, c.water, c.parks, c.populationBlocks].flatMap((fc) =>
    fc.features.map((f) => ({ name: f.properties.name, rings: f.geometry.coordinates })),
  )

describe('determinism', () => {
  it('gives deep-equal cities and identical files for the same seed, different ones otherwise', () => {
    const a = generateDemoCity(7)
    const b = generateDemoCity(7)
    expect(b).toEqual(a)
    expect(renderDemoFiles(b)).toEqual(renderDemoFiles(a))
    const c = generateDemoCity(8)
    expect(c.communities.features[0]?.geometry).not.toEqual(a.communities.features[0]?.geometry)
    expect(c.facilities.features.map((f) => f.properties.id)).not.toEqual(
      a.facilities.features.map((f) => f.properties.id),
    )
  })

  it('the committed data/demo files and seed.sql are exactly what the default seed generates', () => {
    for (const [path, content] of renderDemoFiles(city)) {
      expect(
        readFileSync(join(root, path), 'utf8'),
        `${path} is stale: npm run generate:demo`,
      ).toBe(content)
    }
  })

  it('holds its invariants for other seeds too', () => {
    for (const seed of [1, 42, 99_999]) {
      const other = generateDemoCity(seed)
      const n = other.communities.features.length
      expect(n).toBeGreaterThanOrEqual(30)
      expect(n).toBeLessThanOrEqual(50)
      const sum = other.communities.features.reduce((s, f) => s + area(f), 0)
      expect(Math.abs(sum / area(other.boundary.features[0] as Feature<Polygon>) - 1)).toBeLessThan(
        1e-4,
      )
      expect(
        other.meta.under_served.filter((u) => u.lacks.length > 0).length,
      ).toBeGreaterThanOrEqual(3)
    }
  })
})

describe('communities tile the street', () => {
  it('has 30–50 communities with distinct names, ids and 12-digit codes', () => {
    expect(communities.length).toBeGreaterThanOrEqual(30)
    expect(communities.length).toBeLessThanOrEqual(50)
    const props = communities.map((f) => f.properties)
    expect(new Set(props.map((p) => p.name)).size).toBe(props.length)
    expect(new Set(props.map((p) => p.id)).size).toBe(props.length)
    expect(new Set(props.map((p) => p.code)).size).toBe(props.length)
    for (const p of props) {
      expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,}社区$/)
      expect(p.code).toMatch(/^\d{12}$/)
      expect(p.street).toBe('示范街道')
      expect(p.source).toContain('示范数据')
    }
  })

  it('sums to the boundary area within 0.01% and each community lies within the boundary', () => {
    const sum = communities.reduce((s, f) => s + area(f), 0)
    expect(Math.abs(sum / area(boundary) - 1)).toBeLessThan(1e-4)
    for (const f of communities) {
      expect(booleanWithin(f, boundary), f.properties.name).toBe(true)
      expect(Math.abs(f.properties.area_m2 - area(f))).toBeLessThan(1)
    }
  })

  it('has no overlaps between neighbours', () => {
    const boxes = communities.map((f) => bbox(f) as Box)
    let neighbours = 0
    for (let a = 0; a < communities.length; a++) {
      for (let b = a + 1; b < communities.length; b++) {
        if (!boxesOverlap(boxes[a] as Box, boxes[b] as Box)) continue
        neighbours++
        const x = intersect(
          featureCollection([
            communities[a] as Feature<Polygon>,
            communities[b] as Feature<Polygon>,
          ]),
        )
        expect(x === null ? 0 : area(x), `${a} ∩ ${b}`).toBeLessThan(0.01)
      }
    }
    expect(neighbours).toBeGreaterThan(communities.length)
  })

  it('has valid, counter-clockwise polygons everywhere (RFC 7946) with 6-decimal coordinates', () => {
    for (const { name, rings } of allRings(city)) {
      expect(rings.length, name).toBe(1)
      const ring = rings[0] as Position[]
      expect(ring[0], name).toEqual(ring[ring.length - 1])
      expect(booleanClockwise(ring), name).toBe(false)
    }
    for (const fc of [
      city.boundary,
      city.communities,
      city.parks,
      city.water,
      city.populationBlocks,
    ]) {
      for (const f of fc.features) expect(kinks(f).features, f.properties.name).toHaveLength(0)
    }
    for (const [path, content] of renderDemoFiles(city)) {
      if (path.endsWith('.geojson')) expect(content, path).not.toMatch(/\d\.\d{7,}/)
    }
  })

  it('is placed at a plausible mainland latitude and labelled as demo data', () => {
    const [minLon, minLat, maxLon, maxLat] = city.meta.bbox
    expect(minLat).toBeGreaterThan(30.5)
    expect(maxLat).toBeLessThan(31.3)
    expect(minLon).toBeGreaterThan(119)
    expect(maxLon).toBeLessThan(122)
    for (const fc of [city.boundary, city.communities, city.facilities, city.streets]) {
      expect((fc as { name?: string }).name).toContain('示范数据')
    }
    expect(city.meta.label).toBe('示范数据 / generated demo data')
    expect(renderSeedSql(city).split('\n')[0]).toContain('示范数据')
  })
})

describe('population', () => {
  it('keeps community figures in range', () => {
    for (const { properties: p } of communities) {
      expect(p.population).toBeGreaterThanOrEqual(3000)
      expect(p.population).toBeLessThanOrEqual(15_000)
      expect(p.population_elderly / p.population).toBeGreaterThanOrEqual(0.119)
      expect(p.population_elderly / p.population).toBeLessThanOrEqual(0.251)
      expect(p.population_infants / p.population).toBeGreaterThanOrEqual(0.0149)
      expect(p.population_infants / p.population).toBeLessThanOrEqual(0.0301)
      expect(p.population / p.households).toBeGreaterThan(2.3)
      expect(p.population / p.households).toBeLessThan(3)
    }
  })

  it('places compounds inside exactly one community, clear of water and parks, summing exactly', () => {
    const blocks = city.populationBlocks.features
    const sums = new Map<string, [number, number, number]>()
    const parks = city.parks.features
    for (const b of blocks) {
      const home = communityById.get(b.properties.community_id)
      expect(home, b.properties.id).toBeDefined()
      expect(booleanWithin(b, home as Feature<Polygon>), b.properties.id).toBe(true)
      const inside = communities.filter((c) => booleanPointInPolygon(centroid(b), c))
      expect(inside.map((c) => c.properties.id)).toEqual([b.properties.community_id])
      expect(booleanIntersects(b, river), b.properties.id).toBe(false)
      for (const park of parks) expect(booleanIntersects(b, park)).toBe(false)
      const p = b.properties
      expect(p.population_elderly + p.population_infants).toBeLessThanOrEqual(p.population)
      const s = sums.get(p.community_id) ?? [0, 0, 0]
      sums.set(p.community_id, [
        s[0] + p.population,
        s[1] + p.population_elderly,
        s[2] + p.population_infants,
      ])
    }
    for (const { properties: p } of communities) {
      expect(sums.get(p.id), p.name).toEqual([
        p.population,
        p.population_elderly,
        p.population_infants,
      ])
    }
    expect(new Set(blocks.map((b) => b.properties.name)).size).toBe(blocks.length)
  })
})

describe('streets, water and parks', () => {
  const streets = city.streets.features
  it('has arterials, secondary roads and lanes with Chinese names', () => {
    const byClass = (c: string) => streets.filter((s) => s.properties.class === c)
    expect(byClass('arterial').length).toBeGreaterThanOrEqual(10)
    expect(byClass('secondary').length).toBeGreaterThanOrEqual(15)
    expect(byClass('lane').length).toBeGreaterThanOrEqual(200)
    for (const s of streets)
      expect(s.properties.name).toMatch(/^[\u4e00-\u9fff]+(\d+弄)?[\u4e00-\u9fff]*$/)
    for (const s of byClass('lane')) expect(s.properties.name).toMatch(/\d+弄$/)
  })

  it('crosses the river only on a few bridges', () => {
    const bridges = streets.filter((s) => s.properties.bridge)
    expect(bridges.length).toBeGreaterThanOrEqual(2)
    expect(bridges.length).toBeLessThanOrEqual(6)
    for (const s of streets) {
      expect(booleanIntersects(s, river), s.properties.name).toBe(s.properties.bridge)
    }
    expect(booleanIntersects(river, boundary)).toBe(true)
    expect(city.parks.features.length).toBeGreaterThanOrEqual(2)
    for (const p of city.parks.features) expect(booleanWithin(p, boundary)).toBe(true)
  })
})

describe('facilities', () => {
  const of = (cat: string) => facilities.filter((f) => f.properties.category === cat)

  it('has realistic counts: stores commonest, canteens and childcare scarce', () => {
    expect(facilities.length).toBeGreaterThanOrEqual(400)
    expect(facilities.length).toBeLessThanOrEqual(700)
    const n = Object.fromEntries(CATEGORIES.map((c) => [c, of(c).length]))
    expect(n.canteen).toBeGreaterThanOrEqual(25)
    expect(n.canteen).toBeLessThanOrEqual(45)
    expect(n.childcare).toBeGreaterThanOrEqual(20)
    expect(n.childcare).toBeLessThanOrEqual(40)
    expect(n.fitness).toBeGreaterThanOrEqual(80)
    expect(n.fitness).toBeLessThanOrEqual(150)
    expect(n.store).toBeGreaterThanOrEqual(250)
    expect(n.store).toBeLessThanOrEqual(450)
    expect(n.store).toBeGreaterThan(2 * (n.fitness as number))
    expect(city.meta.counts.by_category).toEqual(n)
  })

  it('lies inside its community polygon and outside the river', () => {
    for (const f of facilities) {
      const home = communityById.get(f.properties.community_id)
      expect(home, f.properties.name).toBeDefined()
      expect(booleanPointInPolygon(f, home as Feature<Polygon>), f.properties.name).toBe(true)
      expect(booleanPointInPolygon(f, river), f.properties.name).toBe(false)
    }
  })

  it('stands near a street (within 40 m)', () => {
    const streets = city.streets.features.map((s) => ({ s, box: bbox(s) as Box }))
    const pad = 0.0005
    for (const f of facilities) {
      const [x, y] = f.geometry.coordinates as [number, number]
      const near = streets.filter(({ box }) =>
        boxesOverlap(box, [x - pad, y - pad, x + pad, y + pad]),
      )
      const d = Math.min(
        ...near.map(({ s }) => pointToLineDistance(f, s as Feature<LineString>) * 1000),
      )
      expect(d, f.properties.name).toBeLessThan(40)
    }
  })

  it('has well-formed attributes', () => {
    // The same grammar as private.hours_valid in the migrations.
    const d = '(Mo|Tu|We|Th|Fr|Sa|Su|PH)'
    const r = '([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)'
    const rule = `(${d}(-${d})?(,${d}(-${d})?)* )?(off|${r}(,${r})*)`
    const hours = new RegExp(`^(24/7|${rule}(; ${rule})*)$`)
    const capacity: Record<string, [number, number] | null> = {
      canteen: [20, 120],
      childcare: [15, 90],
      fitness: [50, 2000],
      store: null,
    }
    for (const { properties: p } of facilities) {
      expect(p.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(p.hours, p.name).toMatch(hours)
      expect(p.name.length).toBeLessThanOrEqual(120)
      expect(p.address).toMatch(/^[\u4e00-\u9fff]+(\d+弄)?\d+号$|公园内$/)
      if (p.phone !== null) expect(p.phone).toMatch(/^021-[56]\d{7}$/)
      const range = capacity[p.category]
      if (range === null) expect(p.capacity).toBeNull()
      else {
        expect(p.capacity).toBeGreaterThanOrEqual((range as [number, number])[0])
        expect(p.capacity).toBeLessThanOrEqual((range as [number, number])[1])
      }
      expect(p.source).toContain('示范数据')
    }
    const ids = facilities.map((f) => f.properties.id)
    expect(new Set([...ids, ...communities.map((f) => f.properties.id)]).size).toBe(
      ids.length + communities.length,
    )
    const share = (pred: (f: Feature<Point, { status: string; published: boolean }>) => boolean) =>
      facilities.filter(pred).length / facilities.length
    expect(share((f) => f.properties.status === 'closed')).toBeGreaterThan(0.02)
    expect(share((f) => f.properties.status === 'closed')).toBeLessThan(0.09)
    expect(share((f) => f.properties.status === 'planned')).toBeGreaterThan(0.01)
    expect(share((f) => f.properties.status === 'planned')).toBeLessThan(0.06)
    const unpublished = facilities.filter((f) => !f.properties.published).length
    expect(unpublished).toBeGreaterThanOrEqual(2)
    expect(unpublished).toBeLessThanOrEqual(20)
    const inclusive = (cat: string) =>
      of(cat).filter((f) => f.properties.inclusive).length / of(cat).length
    expect(inclusive('canteen')).toBeGreaterThan(0.5)
    expect(inclusive('childcare')).toBeGreaterThan(0.3)
    expect(inclusive('store')).toBe(0)
  })

  it('leaves the recorded under-served communities really under-served', () => {
    const lacking = city.meta.under_served.filter((u) => u.lacks.length > 0)
    expect(lacking.length).toBeGreaterThanOrEqual(3)
    expect(lacking.length).toBeLessThanOrEqual(5)
    expect(lacking.some((u) => u.lacks.includes('canteen'))).toBe(true)
    expect(lacking.some((u) => u.lacks.includes('childcare'))).toBe(true)
    for (const u of city.meta.under_served) {
      const home = communityById.get(u.community_id) as Feature<Polygon>
      expect(home.properties).toMatchObject({ name: u.name })
      const c = centroid(home).geometry.coordinates as [number, number]
      expect(distance(c, u.centroid) * 1000).toBeLessThan(0.5)
      for (const cat of u.lacks) {
        const nearest = Math.min(...of(cat).map((f) => distance(u.centroid, f) * 1000))
        expect(nearest, `${u.name} ${cat}`).toBeGreaterThan(UNDER_SERVED_RADIUS_M)
      }
    }
    const few = city.meta.under_served.find((u) => u.few.includes('store'))
    expect(few).toBeDefined()
    const storesIn = (id: string) =>
      of('store').filter((f) => f.properties.community_id === id).length
    expect(storesIn(few?.community_id as string)).toBeLessThanOrEqual(2)
    const nearestStore = Math.min(...of('store').map((f) => distance(few!.centroid, f) * 1000))
    expect(nearestStore).toBeGreaterThan(FEW_STORES_RADIUS_M)
    expect(of('store').length / communities.length).toBeGreaterThan(5)
  })
})

describe('seed.sql', () => {
  const sql = readFileSync(join(root, 'supabase/seed.sql'), 'utf8')
  const tuples = countTuples(sql)
  const total = (t: string) => (tuples.get(t) ?? []).reduce((s, n) => s + n, 0)

  it('has exactly one row per community, facility and demo user, in chunks of at most 200', () => {
    expect(total('public.communities')).toBe(communities.length)
    expect(total('public.facilities')).toBe(facilities.length)
    expect(total('auth.users')).toBe(5)
    expect(total('public.profiles')).toBe(5)
    expect(total('public.community_assignments')).toBe(4)
    for (const counts of tuples.values()) for (const n of counts) expect(n).toBeLessThanOrEqual(200)
    expect(tuples.get('public.facilities')?.length).toBe(Math.ceil(facilities.length / 200))
    for (const email of ['admin', 'planner', 'worker.a', 'worker.b', 'resident']) {
      expect(sql).toContain(`'${email}@demo.lifecircle'`)
    }
  })

  it('escapes quotes in names', () => {
    expect(sqlString("O'Brien's")).toBe("'O''Brien''s'")
    const tricky = generateDemoCity(DEFAULT_SEED)
    const first = tricky.facilities.features[0] as Feature<Point, { name: string }>
    first.properties.name = "阿婆's (小) 食堂; drop table x;"
    const out = renderSeedSql(tricky)
    expect(out).toContain("'阿婆''s (小) 食堂; drop table x;'")
    expect(
      countTuples(out)
        .get('public.facilities')
        ?.reduce((s, n) => s + n, 0),
    ).toBe(facilities.length)
  })
})
