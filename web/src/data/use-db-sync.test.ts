import { QueryClient } from '@tanstack/react-query'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { communityKeys, facilityKeys, sessionKeys } from './keys.ts'
import { createLocalDb, memoryStorage, type LocalDb } from './local-db.ts'
import { categoriesQueryOptions } from './use-categories.ts'
import { communitiesQueryOptions } from './use-communities.ts'
import { syncQueryClientWithDb } from './use-db-sync.ts'
import { sessionQueryOptions } from './use-session.ts'

// The real local adapter (PGlite, demo seed) and a real QueryClient: writes and sign-ins must
// make the cached reads stale, or the map would keep showing what the database no longer holds.

describe('syncQueryClientWithDb', () => {
  let db: LocalDb
  let queryClient: QueryClient
  let disconnect: () => void

  beforeAll(async () => {
    db = await createLocalDb({ storage: memoryStorage(), channelName: null })
    queryClient = new QueryClient({
      defaultOptions: { queries: { retry: false, staleTime: Infinity } },
    })
    disconnect = syncQueryClientWithDb(db, queryClient)
  })

  afterAll(async () => {
    disconnect?.()
    await db?.close()
  })

  const invalidated = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated

  it('replaces the session and marks every other query stale on sign-in and sign-out', async () => {
    await queryClient.fetchQuery(categoriesQueryOptions(db))
    await queryClient.fetchQuery(sessionQueryOptions(db))
    expect(queryClient.getQueryData(sessionKeys.current())).toBeNull()
    await db.auth.signIn('worker.a@demo.lifecircle')
    expect(queryClient.getQueryData(sessionKeys.current())).toMatchObject({ role: 'worker' })
    expect(invalidated(categoriesQueryOptions(db).queryKey)).toBe(true)
    await db.auth.signOut()
    expect(queryClient.getQueryData(sessionKeys.current())).toBeNull()
  })

  it('marks facility lists and community counts stale when a worker saves a facility', async () => {
    const session = await db.auth.signIn('worker.a@demo.lifecircle')
    const communityId = session.communities[0]
    expect(communityId).toBeTruthy()
    const communities = await queryClient.fetchQuery(communitiesQueryOptions(db))
    const community = communities.find((c) => c.id === communityId)
    if (!community) throw new Error('worker.a has no community in the seed')
    const listKey = facilityKeys.list({ bbox: [0, 0, 1, 1], categories: null })
    queryClient.setQueryData(listKey, [])
    await queryClient.refetchQueries({ queryKey: communityKeys.all })
    expect(invalidated(listKey)).toBe(false)
    expect(invalidated(communityKeys.list())).toBe(false)

    const ring =
      community.boundary.type === 'Polygon'
        ? community.boundary.coordinates[0]
        : community.boundary.coordinates[0]?.[0]
    const xs = (ring ?? []).map((p) => p[0] ?? 0)
    const ys = (ring ?? []).map((p) => p[1] ?? 0)
    await db.rpc('save_facility', {
      facility: {
        category: 'canteen',
        name: '同步测试助餐点',
        lon: (Math.min(...xs) + Math.max(...xs)) / 2,
        lat: (Math.min(...ys) + Math.max(...ys)) / 2,
        status: 'open',
        community_id: communityId,
      },
    })
    expect(invalidated(listKey)).toBe(true)
    expect(invalidated(communityKeys.list())).toBe(true)
  })
})
