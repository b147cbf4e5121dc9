import { area, featureCollection, intersect } from '@turf/turf'
import fc from 'fast-check'
import type { Position } from 'geojson'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../geo/prng.ts'
import { EARTH_RADIUS_M, meters } from '../../geo/units.ts'
import { runExactCoverage } from '../exact-coverage.ts'
import { reachUnion } from '../gaps.ts'
import { computeCoverageFast } from './fast-coverage.ts'
import { createGridModel } from './grid-model.ts'
import { prepareCoverage } from '../prepare-coverage.ts'
import { generateTestCity, type TestCity } from '../test-city.ts'
import type {
  CategorySetting,
  CommunityFeature,
  CoverageInput,
  CoverageResult,
  FacilityFeature,
} from '../types.ts'

const LON0 = 121.3
const LAT0 = 31.1
const M_PER_DEG_LAT = (EARTH_RADIUS_M * Math.PI) / 180
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((LAT0 * Math.PI) / 180)
/** Local metres east / north of (LON0, LAT0) to lon/lat. */
const ll = (x: number, y: number): Position => [LON0 + x / M_PER_DEG_LON, LAT0 + y / M_PER_DEG_LAT]

function community(id: string, ring: Array<[number, number]>, population = 1000): CommunityFeature {
  const coords = ring.map(([x, y]) => ll(x, y))
  coords.push(coords[0]!)
  return {
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [coords] },
    properties: { id, name: id, population },
  }
}

function facility(
  id: string,
  x: number,
  y: number,
  category = 'store',
  capacity?: number,
): FacilityFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: ll(x, y) },
    properties: { id, category, ...(capacity === undefined ? {} : { capacity }) },
  }
}

const store = (reach: number): CategorySetting => ({
  code: 'store',
  reach_m: meters(reach),
  target_group: 'all',
})

function inputOf(city: TestCity, reach: number, population = false): CoverageInput {
  return {
    communities: city.communities,
    facilities: city.facilities,
    ...(population ? { population: city.population } : {}),
    settings: {
      method: 'fast',
      categories: city.categories.map((c) => ({ ...c, reach_m: meters(reach) })),
    },
  }
}

/** Turf reference: 256-step circles, union folded one at a time, intersect, area. */
function turfAreaShare(c: CommunityFeature, facilities: FacilityFeature[], reach: number): number {
  const covered = reachUnion(c, facilities, reach, 256)
  const inside = covered ? intersect(featureCollection([c, covered])) : null
  return inside ? area(inside) / area(c) : 0
}

describe('fast coverage on hand-made cases', () => {
  it('square community, one facility at a corner: π r² / 4 / side²', () => {
    const side = 1000
    const r = 600
    const input: CoverageInput = {
      communities: [
        community('sq', [
          [0, 0],
          [side, 0],
          [side, side],
          [0, side],
        ]),
      ],
      facilities: [facility('a', 0, 0)],
      settings: { method: 'fast', categories: [store(r)] },
    }
    const res = computeCoverageFast(input)
    const f = res.communities[0]!.categories.store!
    expect(res.method).toBe('fast')
    expect(f.area_share).toBeCloseTo((Math.PI * r * r) / 4 / (side * side), 3)
    expect(f.population_share).toBe(f.area_share)
    expect(f.population_covered).toBeCloseTo(1000 * f.area_share, 6)
    expect(f.facilities_in_reach).toBe(1)
    expect(res.communities[0]!.area_m2).toBeCloseTo(side * side, -2)
  })

  it('a disc-shaped community with a facility at its centre and reach ≥ radius is fully covered', () => {
    const ring: Array<[number, number]> = []
    for (let i = 0; i < 64; i++) {
      const a = (2 * Math.PI * i) / 64
      ring.push([300 * Math.cos(a), 300 * Math.sin(a)])
    }
    const res = computeCoverageFast({
      communities: [community('disc', ring)],
      facilities: [facility('a', 0, 0)],
      settings: { method: 'fast', categories: [store(300)] },
    })
    // The 64-gon lies inside the reach; its boundary cells are cut by both edges at once.
    expect(res.communities[0]!.categories.store!.area_share).toBeGreaterThan(0.9999)
    expect(res.communities[0]!.complete_share).toBeGreaterThan(0.9999)
  })

  it('small (0.05 km²) communities agree with Turf within 0.5 pp', () => {
    // Seeded rotated rectangles and star polygons of about 0.05 km², reach boundaries through them.
    const rand = mulberry32(2026)
    const communities: CommunityFeature[] = []
    const facilities: FacilityFeature[] = []
    for (let i = 0; i < 12; i++) {
      const cx = (i % 4) * 800
      const cy = Math.floor(i / 4) * 800
      const ring: Array<[number, number]> = []
      const n = 5 + Math.floor(rand() * 8)
      const rot = rand() * Math.PI
      for (let k = 0; k < n; k++) {
        const a = rot + (2 * Math.PI * k) / n
        const rr = 126 * (0.75 + 0.5 * rand())
        ring.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)])
      }
      communities.push(community(`s${i}`, ring))
      for (let k = 0; k < 2; k++) {
        const a = rand() * 2 * Math.PI
        const d = 200 + rand() * 250
        facilities.push(facility(`f${i}-${k}`, cx + d * Math.cos(a), cy + d * Math.sin(a)))
      }
    }
    const reach = 300
    const res = computeCoverageFast({
      communities,
      facilities,
      settings: { method: 'fast', categories: [store(reach)] },
    })
    let partial = 0
    communities.forEach((c, i) => {
      expect(area(c)).toBeGreaterThan(30_000)
      expect(area(c)).toBeLessThan(80_000)
      const expected = turfAreaShare(c, facilities, reach)
      if (expected > 0.02 && expected < 0.98) partial++
      expect(Math.abs(res.communities[i]!.categories.store!.area_share - expected)).toBeLessThan(
        0.005,
      )
    })
    // The case is only a test if reach boundaries actually cut most communities.
    expect(partial).toBeGreaterThanOrEqual(6)
  })
})

describe('a reach boundary running along a community edge', () => {
  // A reach circle of a far facility runs a few metres above or below the top edge of a
  // rectangle: every cell of the top row holds a strip of community and a strip of reach. Taking
  // min(inside, covered) per cell counted those strips as overlapping and put small villages of
  // the Taipei data up to 0.62 pp over the exact share; the cell's community part is now clipped.
  const far = 5000
  for (const height of [203, 206.5]) {
    it(`agrees with the exact share (${height} m tall community)`, () => {
      for (const gap of [-4, -1.5, 1.5, 4]) {
        const input: CoverageInput = {
          communities: [
            community('c', [
              [0, 0],
              [400, 0],
              [400, height],
              [0, height],
            ]),
          ],
          facilities: [facility('f', 200, height + gap + far)],
          settings: { method: 'fast', cell_m: meters(10), categories: [store(far)] },
        }
        const fast = computeCoverageFast(input).communities[0]!.categories.store!.area_share
        const exact = runExactCoverage(prepareCoverage(input), { nearest: false }).communities[0]!
          .categories.store!.area_share
        // The circle dips into the community only where the gap is negative.
        if (gap > 0) expect(exact).toBe(0)
        else expect(exact).toBeGreaterThan(0.001)
        // Measured: ≤ 0.05 pp (the rest is the interior cells' direction-averaged fraction);
        // min(inside, covered) gave 0.4–1.6 pp here.
        expect(Math.abs(fast - exact)).toBeLessThan(0.001)
      }
    })
  }
})

describe('fast vs exact on generated cities', () => {
  function worst(a: CoverageResult, b: CoverageResult, skip: (i: number) => boolean) {
    let area = 0
    let people = 0
    let complete = 0
    a.communities.forEach((ca, i) => {
      const cb = b.communities[i]!
      expect(cb.id).toBe(ca.id)
      for (const code of Object.keys(ca.categories)) {
        const x = ca.categories[code]!
        const y = cb.categories[code]!
        area = Math.max(area, Math.abs(x.area_share - y.area_share))
        if (!skip(i))
          people = Math.max(people, Math.abs((x.population_share ?? 0) - (y.population_share ?? 0)))
        expect(y.facilities_in_reach).toBe(x.facilities_in_reach)
        expect(y.target_fallback).toBe(x.target_fallback)
      }
      if (ca.complete_share !== null && !skip(i)) {
        complete = Math.max(complete, Math.abs(ca.complete_share - cb.complete_share!))
      }
    })
    return { area, people, complete }
  }

  // Measured: worst 0.02–0.04 pp of area and population share on these cities.
  for (const [seed, reach] of [
    [1, 1000],
    [2, 300],
  ] as const) {
    it(`agrees within 0.5 pp of area and population share (seed ${seed}, ${reach} m)`, () => {
      const city = generateTestCity({ seed, communities: 36, facilities: 500, reachM: reach })
      const input = inputOf(city, reach)
      const fast = computeCoverageFast(input)
      const exact = runExactCoverage(prepareCoverage(input), { nearest: false })
      const w = worst(exact, fast, () => false)
      expect(w.area).toBeLessThan(0.005)
      expect(w.people).toBeLessThan(0.005)
      expect(w.complete).toBeLessThan(0.005)
    })
  }

  it('agrees with a population layer too, nearest distances within a few metres', () => {
    const city = generateTestCity({
      seed: 4,
      communities: 25,
      facilities: 300,
      reachM: 300,
      populationBlocks: true,
    })
    const input = inputOf(city, 300, true)
    const fast = computeCoverageFast(input)
    const exact = runExactCoverage(prepareCoverage(input))
    expect(fast.settings.population_placement).toBe('population-layer')
    const holed = (i: number): boolean => {
      const g = city.communities[i]!.geometry
      return g.type === 'MultiPolygon' || g.coordinates.length > 1
    }
    // Communities with holes and MultiPolygons are compared too (both methods cut blocks there).
    expect(city.communities.some((_, i) => holed(i))).toBe(true)
    const w = worst(exact, fast, () => false)
    expect(w.area).toBeLessThan(0.005)
    expect(w.people).toBeLessThan(0.005)
    exact.communities.forEach((ce, i) => {
      for (const code of Object.keys(ce.categories)) {
        const e = ce.categories[code]!
        const f = fast.communities[i]!.categories[code]!
        if (e.nearest_m_median !== null)
          expect(Math.abs(f.nearest_m_median! - e.nearest_m_median)).toBeLessThan(5)
        if (e.nearest_m_p90 !== null)
          expect(Math.abs(f.nearest_m_p90! - e.nearest_m_p90)).toBeLessThan(5)
        if (e.capacity_per_1000 !== null && e.capacity_per_1000 > 5) {
          expect(
            Math.abs(f.capacity_per_1000! - e.capacity_per_1000) / e.capacity_per_1000,
          ).toBeLessThan(0.1)
        }
      }
    })
  })

  it('reports the same city totals as the exact method within 0.1 pp', () => {
    const city = generateTestCity({ seed: 6, communities: 25, facilities: 300 })
    const input = inputOf(city, 1000)
    const fast = computeCoverageFast(input)
    const exact = runExactCoverage(prepareCoverage(input), { nearest: false })
    for (const code of Object.keys(exact.city.categories)) {
      expect(
        Math.abs(fast.city.categories[code]!.area_share - exact.city.categories[code]!.area_share),
      ).toBeLessThan(0.001)
    }
    expect(fast.city.population).toBe(exact.city.population)
  })
})

describe('tiled fast coverage (cities too big for one model)', () => {
  it('gives the figures of one model within 0.1 pp, one tile at a time', () => {
    const city = generateTestCity({ seed: 8, communities: 30, facilities: 400, reachM: 600 })
    const input = inputOf(city, 600)
    const fine = { ...input, settings: { ...input.settings, cell_m: meters(20) } }
    const whole = createGridModel(fine).result()
    const tiled = computeCoverageFast(fine, { maxCells: 15_000 })
    expect(tiled.warnings.some((w) => /done in \d+ tiles/.test(w))).toBe(true)
    expect(tiled.communities.map((c) => c.id)).toEqual(whole.communities.map((c) => c.id))
    tiled.communities.forEach((c, i) => {
      const w = whole.communities[i]!
      for (const code of Object.keys(c.categories)) {
        const a = c.categories[code]!
        const b = w.categories[code]!
        // Tiles have their own planes and cell origins: rasters differ a little, nothing else.
        expect(Math.abs(a.area_share - b.area_share)).toBeLessThan(0.001)
        expect(a.facilities_in_reach).toBe(b.facilities_in_reach)
        if (b.nearest_m_median !== null)
          expect(Math.abs(a.nearest_m_median! - b.nearest_m_median)).toBeLessThan(3)
        if (b.capacity_per_1000 !== null && b.capacity_per_1000 > 5) {
          expect(
            Math.abs(a.capacity_per_1000! - b.capacity_per_1000) / b.capacity_per_1000,
          ).toBeLessThan(0.05)
        }
      }
    })
    expect(tiled.city.population).toBe(whole.city.population)
  })
})

describe('fast coverage properties', () => {
  const cityArb = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    communities: fc.integer({ min: 1, max: 6 }),
    facilities: fc.integer({ min: 0, max: 40 }),
    reach: fc.integer({ min: 150, max: 900 }),
  })
  const opts = { numRuns: 12 }
  /**
   * Shares are sums of cell weights taken in an order that an edit or another reach may change, so
   * two figures that are equal in exact arithmetic can differ by a few ulps (7e-12 was seen). A
   * share may fall by at most 1e-9 (0.0000001 pp) and still count as not lowered.
   */
  const SHARE_TOL = 1e-9

  it('shares stay in [0, 1] and grow with reach', () => {
    fc.assert(
      fc.property(cityArb, ({ seed, communities, facilities, reach }) => {
        const city = generateTestCity({
          seed,
          communities,
          facilities,
          categories: 2,
          reachM: reach,
        })
        const model = createGridModel({
          ...inputOf(city, reach),
          settings: { ...inputOf(city, reach).settings, cell_m: meters(20) },
        })
        let prev = model.result()
        for (const r of [reach + 50, reach + 200, reach + 600]) {
          const next = model.threshold({ canteen: r, childcare: r })
          next.communities.forEach((c, i) => {
            for (const code of Object.keys(c.categories)) {
              const f = c.categories[code]!
              const p = prev.communities[i]!.categories[code]!
              for (const s of [f.area_share, f.population_share ?? 0]) {
                expect(s).toBeGreaterThanOrEqual(0)
                expect(s).toBeLessThanOrEqual(1)
              }
              expect(f.area_share).toBeGreaterThanOrEqual(p.area_share - SHARE_TOL)
              expect(f.population_share ?? 0).toBeGreaterThanOrEqual(
                (p.population_share ?? 0) - SHARE_TOL,
              )
              expect(f.facilities_in_reach).toBeGreaterThanOrEqual(p.facilities_in_reach)
            }
            expect(c.complete_share ?? 0).toBeGreaterThanOrEqual(
              (prev.communities[i]!.complete_share ?? 0) - SHARE_TOL,
            )
          })
          prev = next
        }
      }),
      opts,
    )
  })

  it('adding a facility never lowers a share', () => {
    fc.assert(
      fc.property(
        cityArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ seed, communities, facilities, reach }, u, v) => {
          const city = generateTestCity({
            seed,
            communities,
            facilities,
            categories: 2,
            reachM: reach,
          })
          const input = inputOf(city, reach)
          const model = createGridModel({
            ...input,
            settings: { ...input.settings, cell_m: meters(20) },
          })
          const before = model.result()
          const side = Math.ceil(Math.sqrt(communities)) * 1000
          const after = model.addFacility(facility('new', u * side, v * side, 'canteen', 30))
          after.communities.forEach((c, i) => {
            const b = before.communities[i]!
            for (const code of Object.keys(c.categories)) {
              expect(c.categories[code]!.area_share).toBeGreaterThanOrEqual(
                b.categories[code]!.area_share - SHARE_TOL,
              )
              expect(c.categories[code]!.population_share ?? 0).toBeGreaterThanOrEqual(
                (b.categories[code]!.population_share ?? 0) - SHARE_TOL,
              )
            }
            expect(c.complete_share ?? 0).toBeGreaterThanOrEqual(
              (b.complete_share ?? 0) - SHARE_TOL,
            )
          })
        },
      ),
      {
        ...opts,
        // Found once in CI (seed -1428851026, path 9:20:21:27:20:21:21): an area share fell by
        // 7e-12 after an edit, below the tolerance above; kept as a fixed case.
        examples: [[{ seed: 484792, communities: 1, facilities: 18, reach: 476 }, 0, 0]],
      },
    )
  })
})

describe('communities far apart', () => {
  const town = (id: string, lon: number, lat: number): CommunityFeature => ({
    type: 'Feature',
    properties: { id, name: id, population: 100 },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + 0.01, lat],
          [lon + 0.01, lat + 0.01],
          [lon, lat + 0.01],
          [lon, lat],
        ],
      ],
    },
  })
  const shop = (id: string, lon: number, lat: number): FacilityFeature => ({
    type: 'Feature',
    properties: { id, category: 'store' },
    geometry: { type: 'Point', coordinates: [lon, lat] },
  })
  const settings = { method: 'fast' as const, categories: [store(600)] }

  for (const [label, far] of [
    ['270 km', [124.2, 25.5]],
    ['3,000 km', [91.0, 29.6]],
  ] as const) {
    it(`are done in a tile each, with the figures of each alone (${label} apart)`, () => {
      const a = town('a', 121.5, 25.0)
      const b = town('b', far[0], far[1])
      const facilities = [shop('s1', 121.502, 25.002), shop('s2', far[0] + 0.008, far[1] + 0.005)]
      const both = computeCoverageFast({ communities: [a, b], facilities, settings })
      expect(both.warnings.some((w) => /done in 2 tiles/.test(w))).toBe(true)
      for (const [i, own] of [
        [0, a],
        [1, b],
      ] as const) {
        const one = createGridModel({ communities: [own], facilities, settings }).result()
          .communities[0]!
        const got = both.communities[i]!
        expect(got.id).toBe(one.id)
        // Each tile has its own plane and cell origin: the rasters differ a little, no more.
        expect(
          Math.abs(got.categories.store!.area_share - one.categories.store!.area_share),
        ).toBeLessThan(0.001)
      }
    })
  }

  it('are refused by one grid model with a message, not gigabytes or a RangeError', () => {
    const communities = [town('a', 121.5, 25.0), town('b', 91.0, 29.6)]
    expect(() => createGridModel({ communities, facilities: [], settings })).toThrow(
      /communities spread over \d+ km × \d+ km/,
    )
  })
})
