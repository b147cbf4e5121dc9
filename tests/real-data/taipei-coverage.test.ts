import { describe, expect, it } from 'vitest'
import { computeCoverage } from '../../web/src/core/coverage/compute-coverage.ts'
import type { CoverageInput, CoverageResult } from '../../web/src/core/coverage/types.ts'
import { meters } from '../../web/src/core/geo/units.ts'
import { mulberry32 } from '../../web/src/core/geo/prng.ts'
import { turfAreaShare } from '../../scripts/lib/turf-reference.ts'
import { loadTaipei, TAIPEI_DIR, taipeiAvailable, type TaipeiData } from './taipei-loader.ts'

const present = taipeiAvailable()
if (!present) {
  console.warn(
    `taipei-coverage: SKIPPED — ${TAIPEI_DIR} is absent (the real data lives beside the checkout in ../shared/data)`,
  )
}

describe.runIf(!present && process.env.CI)('Taipei real data in CI', () => {
  it('is present beside the checkout', () => {
    expect.fail(`CI must have ${TAIPEI_DIR}; the real-data accuracy test cannot be skipped there`)
  })
})

/** Largest |a − b| over villages and categories, percentage points, with where it happens. */
function worst(
  a: CoverageResult,
  b: CoverageResult,
  field: 'area_share' | 'population_share',
): { pp: number; where: string } {
  let pp = 0
  let where = ''
  a.communities.forEach((ca, i) => {
    const cb = b.communities[i]!
    expect(cb.id).toBe(ca.id)
    for (const [code, fa] of Object.entries(ca.categories)) {
      const va = fa[field]
      const vb = cb.categories[code]![field]
      expect(va === null).toBe(vb === null)
      if (va === null || vb === null) continue
      const d = Math.abs(va - vb) * 100
      if (d > pp) {
        pp = d
        where = `${ca.name} ${code}: ${(va * 100).toFixed(3)}% vs ${(vb * 100).toFixed(3)}%`
      }
    }
  })
  return { pp, where }
}

describe.runIf(present)('Taipei: 456 villages, real facilities', () => {
  let data: TaipeiData
  const input = (reach: number, method: 'exact' | 'fast'): CoverageInput => ({
    communities: data.communities,
    facilities: data.facilities,
    settings: {
      method,
      categories: [
        { code: 'canteen', reach_m: meters(reach), target_group: 'elderly' },
        { code: 'childcare', reach_m: meters(reach), target_group: 'infants' },
        { code: 'fitness', reach_m: meters(reach), target_group: 'all' },
        { code: 'store', reach_m: meters(reach), target_group: 'all' },
      ],
    },
  })

  it('loads the villages, their people and the facility files through core/io', () => {
    data = loadTaipei()
    expect(data.communities).toHaveLength(456)
    const sum = (f: (p: TaipeiData['communities'][number]['properties']) => number): number =>
      data.communities.reduce((s, c) => s + f(c.properties), 0)
    expect(sum((p) => p.population)).toBe(2_490_869)
    expect(sum((p) => p.population_elderly ?? 0)).toBe(574_458)
    expect(data.infantsJoined).toBe(456)
    expect(sum((p) => p.population_infants ?? 0)).toBeGreaterThan(50_000)
    // data/README.md: 505 care points, 279 childcare sites of which 10 have "NA" coordinates,
    // 426 sports venues, 3,016 convenience stores.
    expect(data.counts).toEqual({ canteen: 505, childcare: 269, fitness: 426, store: 3016 })
    const skipped = data.issues.filter((i) => i.severity === 'skipped')
    expect(skipped).toHaveLength(10)
    expect(
      skipped.every(
        (i) => i.source === 'childcare_resource.geojson' && /coordinates missing/.test(i.message),
      ),
    ).toBe(true)
  })

  for (const reach of [1000, 300]) {
    it(`fast agrees with exact on every village within 0.5 pp at ${reach} m`, () => {
      const t0 = performance.now()
      const exact = computeCoverage(input(reach, 'exact'))
      const t1 = performance.now()
      const fast = computeCoverage(input(reach, 'fast'))
      const t2 = performance.now()
      expect(exact.communities).toHaveLength(456)
      expect(fast.communities).toHaveLength(456)
      const area = worst(fast, exact, 'area_share')
      const people = worst(fast, exact, 'population_share')
      console.info(
        `Taipei ${reach} m: exact ${(t1 - t0).toFixed(0)} ms, fast ${(t2 - t1).toFixed(0)} ms; ` +
          `worst fast−exact area ${area.pp.toFixed(3)} pp (${area.where}), population ${people.pp.toFixed(3)} pp (${people.where}); ` +
          `city store area share ${(exact.city.categories.store!.area_share * 100).toFixed(2)}%`,
      )
      expect(area.pp).toBeLessThanOrEqual(0.5)
      expect(people.pp).toBeLessThanOrEqual(0.5)
      // Not a vacuous agreement: coverage varies between villages and categories.
      const shares = exact.communities.flatMap((c) =>
        Object.values(c.categories).map((f) => f.area_share),
      )
      expect(Math.min(...shares)).toBeLessThan(0.5)
      expect(Math.max(...shares)).toBeGreaterThan(0.99)
    })
  }

  it('exact agrees with Turf (256-step circles, folded union) within 0.05 pp on a seeded sample', () => {
    const rand = mulberry32(456)
    const sample = new Set<number>()
    while (sample.size < 10) sample.add(Math.floor(rand() * data.communities.length))
    const indices = [...sample]
    let worstPp = 0
    for (const reach of [1000, 300]) {
      const exact = computeCoverage(input(reach, 'exact'), { communityIndices: indices })
      indices.forEach((i, slot) => {
        const community = data.communities[i]!
        expect(exact.communities[slot]!.id).toBe(community.properties.id)
        for (const code of ['canteen', 'childcare', 'fitness', 'store']) {
          const facilities = data.facilities.filter((f) => f.properties.category === code)
          const turf = turfAreaShare(community, facilities, reach, { steps: 256, union: 'fold' })
          const d = Math.abs(turf - exact.communities[slot]!.categories[code]!.area_share) * 100
          worstPp = Math.max(worstPp, d)
          expect(d, `${community.properties.name} ${code} at ${reach} m`).toBeLessThanOrEqual(0.05)
        }
      })
    }
    console.info(
      `Taipei exact vs Turf on ${indices.length} villages: worst ${worstPp.toFixed(4)} pp`,
    )
  })
})
