import { readFileSync } from 'node:fs'
import { QueryClient } from '@tanstack/react-query'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeCoverage } from '../../../core/coverage/compute-coverage.ts'
import type { CoverageResult } from '../../../core/coverage/types.ts'
import { assertValidCoverageInput } from '../../../core/coverage/validate-input.ts'
import { createLocalDb, memoryStorage, type LocalDb } from '../../../data/local-db.ts'
import type { CategoryRow, CommunityRow, FacilityRow } from '../../../data/row-schemas.ts'
import { categoriesQueryOptions } from '../../../data/use-categories.ts'
import { communitiesQueryOptions } from '../../../data/use-communities.ts'
import { facilitiesQueryOptions } from '../../../data/use-facilities.ts'
import { boundsOfAreas, padBbox } from '../../../core/geo/bbox.ts'
import {
  coverageInputFromRows,
  populationFeatures,
  reachMeters,
  targetGroupOf,
} from './coverage-input.ts'

interface DemoMeta {
  under_served: Array<{ community_id: string; lacks: string[] }>
  counts: { population_blocks: number }
}
const meta = JSON.parse(readFileSync('data/demo/meta.json', 'utf8')) as DemoMeta
const blocks = populationFeatures(
  JSON.parse(readFileSync('data/demo/population-blocks.geojson', 'utf8')),
)

describe('reachMeters and targetGroupOf', () => {
  it('walks 1,000 m in 15 minutes at 4 km/h (GB 50180-2018 15-minute circle)', () => {
    expect(reachMeters(15, 4)).toBeCloseTo(1000, 9)
    expect(reachMeters(5, 4)).toBeCloseTo(333.333, 3)
    expect(reachMeters(10, 3)).toBeCloseTo(500, 9)
  })

  it('reads the catalogue target group, counting everyone when unknown', () => {
    expect(targetGroupOf('elderly')).toBe('elderly')
    expect(targetGroupOf('infants')).toBe('infants')
    expect(targetGroupOf('all')).toBe('all')
    expect(targetGroupOf(null)).toBe('all')
    expect(targetGroupOf('teenagers')).toBe('all')
  })
})

describe('populationFeatures', () => {
  it('keeps every demo 小区 block', () => {
    expect(blocks).toHaveLength(meta.counts.population_blocks)
    expect(blocks.every((b) => b.properties.population >= 0)).toBe(true)
  })

  it('drops points, missing or negative populations and non-collections', () => {
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [0, 1],
          [1, 1],
          [0, 0],
        ],
      ],
    }
    const out = populationFeatures({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: square,
          properties: { population: 5, population_elderly: 'x' },
        },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [0, 0] },
          properties: { population: 5 },
        },
        { type: 'Feature', geometry: square, properties: { population: -1 } },
        { type: 'Feature', geometry: square, properties: {} },
      ],
    })
    expect(out).toHaveLength(1)
    expect(out[0]?.properties).toEqual({
      population: 5,
      population_elderly: null,
      population_infants: null,
    })
    expect(populationFeatures(null)).toEqual([])
    expect(populationFeatures({ type: 'Feature' })).toEqual([])
  })
})

// The map's own reads against the real SQL (PGlite, migrations + demo seed), turned into the
// engine's input the way the app does it.
describe('coverageInputFromRows on the seeded demo database', () => {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  let db: LocalDb
  let categories: CategoryRow[]
  let communities: CommunityRow[]
  let facilities: FacilityRow[]
  const run = (minutes: number): CoverageResult =>
    computeCoverage(
      coverageInputFromRows({
        categories,
        communities,
        facilities,
        population: blocks,
        minutes,
        speedKmh: 4,
      }),
    )

  beforeAll(async () => {
    db = await createLocalDb({ storage: memoryStorage(), channelName: null })
    categories = await queryClient.fetchQuery(categoriesQueryOptions(db))
    communities = await queryClient.fetchQuery(communitiesQueryOptions(db))
    const extent = boundsOfAreas(communities.map((c) => c.boundary))
    if (!extent) throw new Error('the seeded database has no communities')
    facilities = await queryClient.fetchQuery(
      facilitiesQueryOptions(db, { bbox: padBbox(extent, 0.02), categories: null }),
    )
  })

  afterAll(async () => {
    await db?.close()
  })

  it('builds a valid exact-method input with one reach and the catalogue target groups', () => {
    const input = coverageInputFromRows({
      categories,
      communities,
      facilities,
      population: blocks,
      minutes: 15,
      speedKmh: 4,
    })
    expect(() => assertValidCoverageInput(input)).not.toThrow()
    expect(input.settings.method).toBe('exact')
    expect(input.communities).toHaveLength(communities.length)
    expect(input.facilities).toHaveLength(facilities.length)
    expect(input.population).toHaveLength(blocks.length)
    const groups = Object.fromEntries(
      input.settings.categories.map((c) => [c.code, [c.target_group, c.reach_m]]),
    )
    expect(groups).toEqual({
      canteen: ['elderly', 1000],
      childcare: ['infants', 1000],
      fitness: ['all', 1000],
      store: ['all', 1000],
    })
  })

  it('leaves out the population layer when there is none', () => {
    const input = coverageInputFromRows({
      categories,
      communities,
      facilities,
      population: [],
      minutes: 15,
      speedKmh: 4,
    })
    expect(input.population).toBeUndefined()
  })

  it('finds the demo city`s under-served communities short at 15 minutes, shares in [0, 1]', () => {
    const result = run(15)
    expect(result.settings.population_placement).toBe('population-layer')
    const byId = new Map(result.communities.map((c) => [c.id, c]))
    expect(meta.under_served.length).toBeGreaterThan(0)
    for (const { community_id, lacks } of meta.under_served) {
      const c = byId.get(community_id)
      if (!c) throw new Error(`under-served community ${community_id} is not in the result`)
      for (const code of lacks.filter((k) => k === 'canteen' || k === 'childcare'))
        expect(c.categories[code]?.area_share).toBeLessThan(1)
    }
    for (const c of result.communities) {
      for (const f of Object.values(c.categories)) {
        expect(f.area_share).toBeGreaterThanOrEqual(0)
        expect(f.area_share).toBeLessThanOrEqual(1)
        if (f.population_share !== null) {
          expect(f.population_share).toBeGreaterThanOrEqual(0)
          expect(f.population_share).toBeLessThanOrEqual(1)
        }
      }
    }
  })
})
