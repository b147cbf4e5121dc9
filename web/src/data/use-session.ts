import { queryOptions, useQuery } from '@tanstack/react-query'
import type { Db, Session } from './db.ts'
import { useDb } from './db-provider.tsx'
import { sessionKeys } from './keys.ts'

/** The signed-in user, or null when anonymous. Kept fresh by `useDbSync`. */
export function sessionQueryOptions(db: Db) {
  return queryOptions({
    queryKey: sessionKeys.current(),
    queryFn: async (): Promise<Session | null> => db.auth.session(),
    staleTime: Infinity,
  })
}

export function useSession() {
  return useQuery(sessionQueryOptions(useDb()))
}
