import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { Db } from './db.ts'
import { useDb } from './db-provider.tsx'
import { keysAffectedBy, sessionKeys } from './keys.ts'

/**
 * Keeps a QueryClient's cache in step with the database: a row change (this tab, another tab,
 * another user) invalidates the affected keys by prefix; a sign-in or sign-out replaces the
 * session and refetches everything else, because row-level security makes every result
 * depend on who is asking. Returns the function that disconnects them.
 */
export function syncQueryClientWithDb(db: Db, queryClient: QueryClient): () => void {
  const offChanges = db.subscribe((event) => {
    for (const queryKey of keysAffectedBy(event)) void queryClient.invalidateQueries({ queryKey })
  })
  const offAuth = db.auth.onChange((session) => {
    queryClient.setQueryData(sessionKeys.current(), session)
    void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== sessionKeys.all[0] })
  })
  return () => {
    offChanges()
    offAuth()
  }
}

/** `syncQueryClientWithDb` for the app's database and QueryClient, for as long as it is mounted. */
export function useDbSync(): void {
  const db = useDb()
  const queryClient = useQueryClient()
  useEffect(() => syncQueryClientWithDb(db, queryClient), [db, queryClient])
}
