import { area, circle, featureCollection, intersect } from '@turf/turf'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { roundNumbers } from './round-numbers.ts'
import { meters } from '../geo/units.ts'
import { mergeCoverageResults } from './city-totals.ts'
import { runExactCoverage } from './exact-coverage.ts'
import { reachUnion } from './gaps.ts'
import { prepareCoverage } from './prepare-coverage.ts'
import { generateTestCity, type TestCity } from './test-city.ts'
import type { CoverageInput, CoverageResult, FacilityFeature } from './types.ts'

function inputOf(city: TestCity, reach?: number): CoverageInput {
  return {
    communities: city.communities,
    facilities: city.facilities,
    settings: {
      method: 'exact',
      categories: city.categories.map((c) => ({ ...c, reach_m: meters(reach ?? c.reach_m) })),
    },
  }
}

const roundDeep = (v: unknown): unknown => roundNumbers(v, 12)

const run = (input: CoverageInput, nearest = false): CoverageResult =>
  runExactCoverage(prepareCoverage(input), { nearest })

/**
 * The independent check: 256-step Turf circles, union folded one circle at a time, intersected
 * with the community (and with each other for the complete life circle), Turf areas.
 */
function turfShares(city: TestCity, i: number, codes: string[], reach: number): number[] {
  const community = city.communities[i]!
  const whole = area(community)
  let all: typeof community | ReturnType<typeof intersect> = community
  const shares = codes.map((code) => {
    const facilities = city.facilities.filter((f) => f.properties.category === code)
    const covered = reachUnion(community, facilities, reach, 256)
    all = covered && all ? intersect(featureCollection([all, covered])) : null
    const inside = covered ? intersect(featureCollection([community, covered])) : null
    return inside ? area(inside) / whole : 0
  })
  return [...shares, all ? area(all) / whole : 0]
}

describe('exact coverage vs an independent Turf computation', () => {
  // Measured here: worst 0.009 pp (1,000 m) and 0.005 pp (300 m), from Turf's 256-gons.
  for (const [seed, communities, facilities, reach] of [
    [3, 9, 30, 1000],
    [5, 6, 60, 300],
  ] as const) {
    it(`agrees within 0.05 pp per community (seed ${seed}, ${reach} m)`, () => {
      const city = generateTestCity({
        seed,
        communities,
        facilities,
        categories: ['store', 'canteen'],
        reachM: reach,
      })
      const result = run(inputOf(city))
      let worst = 0
      let partial = 0
      const codes = ['store', 'canteen']
      city.communities.forEach((_, i) => {
        const c = result.communities[i]!
        const exact = [...codes.map((k) => c.categories[k]!.area_share), c.complete_share!]
        const turf = turfShares(city, i, codes, reach)
        exact.forEach((x, k) => {
          if (x > 0.001 && x < 0.999) partial++
          worst = Math.max(worst, Math.abs(x - turf[k]!))
        })
      })
      // The check must exercise partial cover, not only 0 and 1.
      expect(partial).toBeGreaterThan(5)
      expect(worst).toBeLessThan(0.0005)
    })
  }
})

describe('exact coverage invariants', () => {
  const city = generateTestCity({ seed: 21, communities: 20, facilities: 160 })
  const full = run(inputOf(city), true)

  it('keeps every share in [0, 1] and the complete life circle under each category', () => {
    for (const c of full.communities) {
      for (const f of Object.values(c.categories)) {
        expect(f.area_share).toBeGreaterThanOrEqual(0)
        expect(f.area_share).toBeLessThanOrEqual(1)
        expect(f.population_share!).toBeGreaterThanOrEqual(0)
        expect(f.population_share!).toBeLessThanOrEqual(1)
        expect(c.complete_share!).toBeLessThanOrEqual(f.area_share + 1e-9)
      }
    }
    expect(full.settings.distance).toBe('great-circle, sphere R = 6371008.8 m')
  })

  it('gives the same figures when communities are split across workers and merged', () => {
    const prep = prepareCoverage(inputOf(city))
    const n = city.communities.length
    const odd = Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === 1)
    const even = Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === 0)
    const fresh = () => prepareCoverage(inputOf(city))
    const parts = [
      runExactCoverage(fresh(), { communityIndices: even, nearest: true }),
      runExactCoverage(fresh(), { communityIndices: odd, nearest: true }),
    ]
    const merged = mergeCoverageResults(parts)
    const byId = new Map(merged.communities.map((c) => [c.id, c]))
    for (const c of runExactCoverage(prep, { nearest: true }).communities) {
      // Equal up to the order of floating-point sums (the 2SFCA demand is summed per part).
      expect(roundDeep(byId.get(c.id))).toEqual(roundDeep(c))
    }
    expect(merged.city.population).toBe(full.city.population)
    for (const [code, f] of Object.entries(full.city.categories)) {
      expect(merged.city.categories[code]!.population_share).toBeCloseTo(f.population_share!, 12)
    }
  })

  it('reports nearest-distance quantiles consistent with the share function', () => {
    let checked = 0
    for (const c of full.communities.slice(0, 6)) {
      const f = c.categories.store!
      if (f.nearest_m_median === null) continue
      const at = (r: number) =>
        run({
          ...inputOf(city),
          communities: [city.communities[full.communities.indexOf(c)]!],
          settings: {
            method: 'exact',
            categories: [{ code: 'store', reach_m: meters(r), target_group: 'all' }],
          },
        }).communities[0]!.categories.store!.population_share!
      expect(at(f.nearest_m_median)).toBeGreaterThanOrEqual(0.5)
      expect(at(f.nearest_m_median - 1.01)).toBeLessThan(0.5)
      expect(f.nearest_m_p90!).toBeGreaterThanOrEqual(f.nearest_m_median)
      checked++
    }
    expect(checked).toBeGreaterThan(2)
  })

  it('is monotone in reach and never lowered by adding a facility (property)', () => {
    // Analytic areas summed in another order may differ by a few ulps: a share may fall by at most
    // 1e-9 (0.0000001 pp) and still count as not lowered.
    const SHARE_TOL = 1e-9
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 100, max: 1200 }),
        fc.integer({ min: 1, max: 400 }),
        fc.tuple(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
        ),
        (seed, reach, extra, [u, v]) => {
          const small = generateTestCity({ seed, communities: 4, facilities: 12, categories: 2 })
          const base = run(inputOf(small, reach))
          const wider = run(inputOf(small, reach + extra))
          const [w, s, e, n] = [121.3, 31.1, 121.3 + 0.021, 31.1 + 0.018]
          const added: FacilityFeature = {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [w + u * (e - w), s + v * (n - s)] },
            properties: { id: 'new', category: 'canteen', status: 'open', capacity: 40 },
          }
          const more = run({ ...inputOf(small, reach), facilities: [...small.facilities, added] })
          base.communities.forEach((c, i) => {
            for (const code of Object.keys(c.categories)) {
              const a = c.categories[code]!
              for (const other of [wider, more]) {
                const b = other.communities[i]!.categories[code]!
                expect(b.area_share).toBeGreaterThanOrEqual(a.area_share - SHARE_TOL)
                expect(b.population_share!).toBeGreaterThanOrEqual(a.population_share! - SHARE_TOL)
              }
            }
            for (const other of [wider, more]) {
              expect(other.communities[i]!.complete_share!).toBeGreaterThanOrEqual(
                c.complete_share! - SHARE_TOL,
              )
            }
          })
        },
      ),
      { numRuns: 25, seed: 5 },
    )
  })

  it('gives 1 for a disc-shaped community with a facility at its centre (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 50, max: 3000, noNaN: true }),
        fc.double({ min: 1, max: 2, noNaN: true }),
        fc.double({ min: -60, max: 60, noNaN: true }),
        (radius, factor, lat) => {
          const centre = [116 + lat / 10, lat]
          const shape = circle(centre, radius / 1000, { steps: 64, units: 'kilometers' })
          const result = run({
            communities: [{ ...shape, properties: { id: 'd', name: 'disc', population: 100 } }],
            facilities: [
              {
                type: 'Feature',
                geometry: { type: 'Point', coordinates: centre },
                properties: { id: 'f', category: 'store' },
              },
            ],
            settings: {
              method: 'exact',
              categories: [
                { code: 'store', reach_m: meters(radius * factor), target_group: 'all' },
              ],
            },
          })
          const f = result.communities[0]!.categories.store!
          // 1 up to rounding: the 64-gon's vertices lie on the reach circle when factor = 1.
          expect(f.area_share).toBeCloseTo(1, 12)
          expect(f.population_share).toBeCloseTo(1, 12)
          expect(f.facilities_in_reach).toBe(1)
        },
      ),
      { numRuns: 30, seed: 9 },
    )
  })
})
