import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Feature } from 'geojson'
import { describe, expect, it } from 'vitest'
import { roundNumbers } from './round-numbers.ts'
import { computeCoverage, type CoverageCache } from './compute-coverage.ts'
import { NEAREST_TOL_M } from './exact-coverage.ts'
import { generateTestCity } from './test-city.ts'
import type {
  CommunityFeature,
  CoverageInput,
  CoverageResult,
  CoverageSettings,
  FacilityFeature,
  PopulationFeature,
} from './types.ts'
import { CoverageInputError } from './validate-input.ts'
import { meters } from '../geo/units.ts'

const FIXTURES = 'tests/fixtures/coverage'

/** A fixture's input: one FeatureCollection, features tagged by `properties.layer`. */
function loadInput(dir: string): CoverageInput {
  const fcol = JSON.parse(readFileSync(join(dir, 'input.geojson'), 'utf8')) as {
    settings: CoverageSettings
    features: Array<Feature & { properties: { layer: string } }>
  }
  const layer = <T>(name: string) =>
    fcol.features
      .filter((f) => f.properties.layer === name)
      .map((f) => {
        const { layer: _, ...properties } = f.properties
        return { ...f, properties } as T
      })
  const population = layer<PopulationFeature>('population')
  return {
    communities: layer<CommunityFeature>('community'),
    facilities: layer<FacilityFeature>('facility'),
    ...(population.length > 0 ? { population } : {}),
    settings: fcol.settings,
  }
}

const rounded = (v: unknown): unknown => roundNumbers(v, 8)

describe('golden fixtures (REGEN=1 rewrites expected.json)', () => {
  const cases = readdirSync(FIXTURES).filter((d) => existsSync(join(FIXTURES, d, 'input.geojson')))

  it('has the hand-checkable cases', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['square-corner', 'holes-multipolygon', 'degenerate-circles']),
    )
  })

  for (const name of cases) {
    it(name, () => {
      const dir = join(FIXTURES, name)
      const result = rounded(computeCoverage(loadInput(dir))) as CoverageResult
      const file = join(dir, 'expected.json')
      if (process.env.REGEN === '1' || !existsSync(file)) {
        writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
      }
      const expected = JSON.parse(readFileSync(file, 'utf8')) as CoverageResult
      // Nearest-distance quantiles are solved to NEAREST_TOL_M, so they are compared to that.
      const quantiles = (r: CoverageResult) =>
        r.communities.flatMap((c) =>
          Object.values(c.categories).flatMap((f) => [f.nearest_m_median, f.nearest_m_p90]),
        )
      const got = quantiles(result)
      quantiles(expected).forEach((q, k) => {
        if (q === null) expect(got[k]).toBeNull()
        else expect(Math.abs(got[k]! - q)).toBeLessThanOrEqual(NEAREST_TOL_M)
      })
      const withoutQuantiles = (r: CoverageResult) => ({
        ...r,
        communities: r.communities.map((c) => ({
          ...c,
          categories: Object.fromEntries(
            Object.entries(c.categories).map(([k, f]) => [
              k,
              { ...f, nearest_m_median: 0, nearest_m_p90: 0 },
            ]),
          ),
        })),
      })
      expect(withoutQuantiles(result)).toEqual(withoutQuantiles(expected))
    })
  }
})

describe('hand-checked figures', () => {
  it('square with one facility at a corner: share = π r² / 4 / side²; 2SFCA = capacity / people', () => {
    const result = computeCoverage(loadInput(join(FIXTURES, 'square-corner')))
    const c = result.communities[0]!
    const quarter = (Math.PI * 600 ** 2) / 4 / 1000 ** 2
    expect(c.area_m2).toBeCloseTo(1e6, -1)
    expect(c.categories.store!.area_share).toBeCloseTo(quarter, 6)
    expect(c.categories.store!.population_covered).toBeCloseTo(1000 * quarter, 3)
    expect(c.categories.store!.facilities_in_reach).toBe(1)
    // Every elderly person this canteen reaches lives here: 50 seats per 200 people → 250 / 1000.
    expect(c.categories.canteen!.capacity_per_1000).toBeCloseTo(250, 6)
    expect(c.categories.store!.capacity_per_1000).toBeNull()
    expect(c.complete_share).toBeCloseTo(quarter, 6)
    // Residents are even over the square; the median resident is 50% covered at r with
    // π r² / 4 = 0.5 side² (r ≤ side), and the corner distance of the farthest tenth is beyond 1 km.
    expect(c.categories.store!.nearest_m_median).toBeCloseTo(Math.sqrt(2e6 / Math.PI), -0.3)
    expect(c.categories.store!.nearest_m_p90).toBeGreaterThan(1000)
  })

  it('places people by the population layer', () => {
    const result = computeCoverage(loadInput(join(FIXTURES, 'population-layer')))
    const store = result.communities[0]!.categories.store!
    expect(result.settings.population_placement).toBe('population-layer')
    // The store on the west edge covers a half-disc of the west block (100 people, inside the
    // community). The east block (900 people) sticks out: 5/7 of it, 643 people, live here.
    const westShare = (Math.PI * 450 ** 2) / 2 / (500 * 1000)
    expect(store.area_share).toBeCloseTo(westShare / 2, 6)
    expect(store.population_share!).toBeCloseTo((100 * westShare) / (100 + (900 * 5) / 7), 4)
  })

  it('says when the target group fell back to the total population', () => {
    const result = computeCoverage(loadInput(join(FIXTURES, 'holes-multipolygon')))
    expect(result.communities[0]!.categories.childcare!.target_fallback).toBe(true)
    expect(result.communities[0]!.categories.store!.target_fallback).toBe(false)
    expect(result.warnings.join('\n')).toMatch(/childcare: 1 communities lack a infants population/)
  })

  it('dedupes facilities and ignores closed ones', () => {
    const result = computeCoverage(loadInput(join(FIXTURES, 'degenerate-circles')))
    const c = result.communities[0]!
    // 'a' and 'a-copy' share a point (one disc, two facilities); the second 'a' is a repeat.
    expect(c.categories.store!.facilities_in_reach).toBe(4)
    expect(c.categories.fitness!.facilities_in_reach).toBe(1)
    expect(result.warnings.join('\n')).toMatch(/store: 1 facilities with a repeated id/)
    // The fitness disc of 1 km around the south-east corner passes through two vertices.
    expect(c.categories.fitness!.area_share).toBeCloseTo(Math.PI / 4, 6)
  })

  it('refuses bad input naming the feature and property', () => {
    const input = loadInput(join(FIXTURES, 'square-corner'))
    const bad = structuredClone(input)
    ;(bad.communities[0]!.properties as unknown as Record<string, unknown>).population = 'abc'
    expect(() => computeCoverage(bad)).toThrow(CoverageInputError)
    expect(() => computeCoverage(bad)).toThrow(
      'communities[0] (id "S"): population must be a non-negative number, got "abc"',
    )
  })

  it('dispatches to the fast (grid) method, which agrees within 0.5 pp', () => {
    const input = loadInput(join(FIXTURES, 'generated-city'))
    const exact = computeCoverage(input, { nearest: false })
    const fast = computeCoverage({ ...input, settings: { ...input.settings, method: 'fast' } })
    expect(fast.method).toBe('fast')
    fast.communities.forEach((c, i) => {
      for (const [code, f] of Object.entries(c.categories)) {
        const e = exact.communities[i]!.categories[code]!
        expect(Math.abs(f.area_share - e.area_share)).toBeLessThan(0.005)
      }
    })
    const part = computeCoverage(
      { ...input, settings: { ...input.settings, method: 'fast' } },
      { communityIndices: [2] },
    )
    expect(part.communities).toEqual([fast.communities[2]])
  })

  it('gives zero cover and no nearest distance when there are no facilities', () => {
    const input = loadInput(join(FIXTURES, 'holes-multipolygon'))
    const c = computeCoverage({ ...input, facilities: [] }).communities[0]!
    for (const f of Object.values(c.categories)) {
      expect(f.area_share).toBe(0)
      expect(f.population_share).toBe(0)
      expect(f.facilities_in_reach).toBe(0)
      expect(f.nearest_m_median).toBeNull()
      expect(f.capacity_per_1000).toBeNull()
    }
    expect(c.complete_share).toBe(0)
  })

  it('computes a subset of communities on request', () => {
    const input = loadInput(join(FIXTURES, 'generated-city'))
    const all: CoverageResult = computeCoverage(input)
    const part = computeCoverage(input, { communityIndices: [4, 1] })
    expect(part.communities.map((c) => c.id)).toEqual([
      all.communities[4]!.id,
      all.communities[1]!.id,
    ])
    expect(rounded(part.communities[0])).toEqual(rounded(all.communities[4]))
    expect(rounded(part.communities[1])).toEqual(rounded(all.communities[1]))
    // Only the facilities near them are indexed, but the warnings still count the whole city.
    expect(part.warnings).toEqual(all.warnings)
  })
})

describe('computeCoverage with a kept preparation', () => {
  const city = generateTestCity({
    seed: 5,
    communities: 30,
    facilities: 300,
    populationBlocks: true,
  })
  const base: CoverageInput = {
    communities: city.communities,
    facilities: city.facilities,
    population: city.population,
    settings: { categories: city.categories, method: 'exact' },
  }
  const atReach = (input: CoverageInput, reach: number): CoverageInput => ({
    ...input,
    settings: {
      ...input.settings,
      categories: input.settings.categories.map((c) => ({ ...c, reach_m: meters(reach) })),
    },
  })

  it('gives what a fresh preparation gives after a reach change, reusing the communities', () => {
    const cache: CoverageCache = {}
    expect(computeCoverage(base, { cache })).toEqual(computeCoverage(base))
    const first = cache.held!.prep
    const near = atReach(base, 400)
    expect(computeCoverage(near, { cache })).toEqual(computeCoverage(near))
    expect(cache.held!.prep.communities).toBe(first.communities)
    expect(cache.held!.prep.categories[0]!.index).toBe(first.categories[0]!.index)
    // Back to the first reach, and a part of the city from the whole city's preparation.
    expect(computeCoverage(base, { cache })).toEqual(computeCoverage(base))
    const part = [3, 1, 4]
    expect(computeCoverage(near, { cache, communityIndices: part })).toEqual(
      computeCoverage(near, { communityIndices: part }),
    )
    expect(cache.held!.prep.communities).toBe(first.communities)
  })

  it('prepares again for other categories, statuses or data', () => {
    const cache: CoverageCache = {}
    computeCoverage(base, { cache })
    const first = cache.held!.prep
    const fewer: CoverageInput = {
      ...base,
      settings: { ...base.settings, categories: base.settings.categories.slice(1) },
    }
    expect(computeCoverage(fewer, { cache })).toEqual(computeCoverage(fewer))
    expect(cache.held!.prep.communities).not.toBe(first.communities)
    const planned: CoverageInput = {
      ...base,
      settings: { ...base.settings, count_statuses: ['open', 'planned'] },
    }
    expect(computeCoverage(planned, { cache })).toEqual(computeCoverage(planned))
    const moved: CoverageInput = { ...base, facilities: base.facilities.slice(0, 100) }
    expect(computeCoverage(moved, { cache })).toEqual(computeCoverage(moved))
    expect(cache.held!.data.facilities).toBe(moved.facilities)
  })
})
