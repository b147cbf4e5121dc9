import { readFileSync } from 'node:fs'
import { QueryClient } from '@tanstack/react-query'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FacilityListFilters } from './keys.ts'
import { createLocalDb, memoryStorage, type LocalDb } from './local-db.ts'
import { categoriesQueryOptions } from './use-categories.ts'
import { communitiesQueryOptions } from './use-communities.ts'
import { boundsOfAreas, padBbox } from '../core/geo/bbox.ts'
import { facilityQueryOptions } from './use-facility.ts'
import { facilitiesInBboxArgs, facilitiesQueryOptions } from './use-facilities.ts'

// The map's reads, run against the real SQL (PGlite in memory, migrations + demo seed) and
// compared with the generated demo city they were seeded from.

interface DemoFeature {
  properties: {
    id: string
    published: boolean
    status: string
    community_id: string | null
    category: string
  }
}
const demoFacilities = (
  JSON.parse(readFileSync('data/demo/facilities.geojson', 'utf8')) as { features: DemoFeature[] }
).features.map((f) => f.properties)
const demoCommunityCount = (
  JSON.parse(readFileSync('data/demo/communities.geojson', 'utf8')) as { features: unknown[] }
).features.length

// Through a real QueryClient, so the typed queryOptions are exercised the way the hooks use them.
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })

describe('map queries against the seeded local database', () => {
  let db: LocalDb
  let filters: FacilityListFilters

  beforeAll(async () => {
    db = await createLocalDb({ storage: memoryStorage(), channelName: null })
    const communities = await queryClient.fetchQuery(communitiesQueryOptions(db))
    const extent = boundsOfAreas(communities.map((c) => c.boundary))
    if (!extent) throw new Error('the seeded database has no communities')
    filters = { bbox: padBbox(extent, 0.02), categories: null }
  })

  afterAll(async () => {
    await db?.close()
  })

  it('lists the four categories in catalogue order with valid colours', async () => {
    const categories = await queryClient.fetchQuery(categoriesQueryOptions(db))
    expect(categories.map((c) => c.code)).toEqual(['canteen', 'childcare', 'fitness', 'store'])
    for (const c of categories) expect(c.color).toMatch(/^#[0-9a-f]{6}$/)
  })

  it('lists every demo community with its open published facilities counted', async () => {
    const communities = await queryClient.fetchQuery(communitiesQueryOptions(db))
    expect(communities).toHaveLength(demoCommunityCount)
    const counted = communities.reduce(
      (sum, c) => sum + Object.values(c.facility_counts).reduce((a, b) => a + b, 0),
      0,
    )
    const expected = demoFacilities.filter(
      (f) => f.published && f.status === 'open' && f.community_id,
    ).length
    expect(counted).toBe(expected)
    for (const c of communities) expect(c.population ?? 0).toBeGreaterThan(0)
  })

  it('loads exactly the published demo facilities for an anonymous visitor', async () => {
    const rows = await queryClient.fetchQuery(facilitiesQueryOptions(db, filters))
    const published = demoFacilities.filter((f) => f.published).map((f) => f.id)
    expect(rows.map((r) => r.id).sort()).toEqual(published.sort())
    expect(new Set(rows.map((r) => r.id)).size).toBe(published.length)
  })

  it('asks only for the requested categories when some are given', async () => {
    expect(facilitiesInBboxArgs({ ...filters, categories: null })).not.toHaveProperty('categories')
    const rows = await queryClient.fetchQuery(
      facilitiesQueryOptions(db, { ...filters, categories: ['canteen'] }),
    )
    expect(rows.length).toBe(
      demoFacilities.filter((f) => f.published && f.category === 'canteen').length,
    )
    expect(new Set(rows.map((r) => r.category))).toEqual(new Set(['canteen']))
  })

  it('gets one facility by id, and null for one the visitor may not see', async () => {
    const visible = demoFacilities.find((f) => f.published)
    const hidden = demoFacilities.find((f) => !f.published)
    if (!visible || !hidden)
      throw new Error('the demo city should hold published and unpublished facilities')
    const row = await queryClient.fetchQuery(facilityQueryOptions(db, visible.id))
    expect(row?.id).toBe(visible.id)
    expect(await queryClient.fetchQuery(facilityQueryOptions(db, hidden.id))).toBeNull()
  })
})
