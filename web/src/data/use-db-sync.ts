import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useDb } from './db-provider.tsx'
import { keysAffectedBy, sessionKeys } from './keys.ts'

/**
 * Keeps react-query's cache in step with the database: a row change (this tab, another tab,
 * another user) invalidates the affected keys by prefix; a sign-in or sign-out replaces the
 * session and refetches everything else, because row-level security makes every result
 * depend on who is asking.
 */
export function useDbSync(): void {
  const db = useDb()
  const queryClient = useQueryClient()
  useEffect(() => {
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
  }, [db, queryClient])
}
