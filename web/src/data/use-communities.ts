import { queryOptions, useQuery } from '@tanstack/react-query'
import { z } from 'zod'
import type { Db } from './db.ts'
import { useDb } from './db-provider.tsx'
import { communityKeys } from './keys.ts'
import { communityRowSchema, type CommunityRow } from './row-schemas.ts'

const rowsSchema = z.array(communityRowSchema)

/** `list_communities()`: every community with its figures and counts of open facilities. */
export function communitiesQueryOptions(db: Db) {
  return queryOptions({
    queryKey: communityKeys.list(),
    queryFn: async (): Promise<CommunityRow[]> =>
      rowsSchema.parse(await db.rpc('list_communities')),
  })
}

export function useCommunities() {
  return useQuery(communitiesQueryOptions(useDb()))
}
