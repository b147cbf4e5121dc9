import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider } from '@tanstack/react-router'
import { useEffect, useState, useSyncExternalStore } from 'react'
import type { DeferredDb } from '../data/deferred-db.ts'
import { DbProvider } from '../data/db-provider.tsx'
import { exposeDb, markDbOpen } from '../testing/test-hooks.ts'
import { ErrorBoundary } from './error-boundary.tsx'
import { useDocumentPreferences } from './document-preferences.ts'
import { Header } from './header.tsx'
import { createAppRouter } from './router.tsx'
import type { DbOpener } from './open-db.ts'
import { StartupError, StartupStatus } from './startup-screens.tsx'

const queryClient = new QueryClient({
  defaultOptions: {
    // The embedded database answers in milliseconds and never goes stale behind our back
    // (changes arrive through db.subscribe), so refetching on focus would only cost work.
    queries: { refetchOnWindowFocus: false, retry: 1 },
  },
})

function Connected() {
  // One router for the page's life: the URL is read once, then kept in step by the routes.
  const [router] = useState(createAppRouter)
  return <RouterProvider router={router} />
}

/**
 * The app from its first frame: `db` answers the map's public reads early while the real
 * database opens (data/deferred-db.ts), so the map is drawn meanwhile; a small status says what
 * the database is doing. Once it is open every query is fetched again from it.
 */
export function App({ opener, db }: { opener: DbOpener; db: DeferredDb }) {
  useDocumentPreferences()
  const state = useSyncExternalStore(opener.subscribe, opener.getState)
  exposeDb(db)
  useEffect(() => {
    let live = true
    // From `db.opened`, not the opener's state: it resolves once `db` itself answers from the
    // database, so the refetch below can no longer get an early answer.
    void db.opened.then(
      () => {
        if (!live) return
        markDbOpen()
        // Early answers are replaced by the database's own; equal data keeps its references
        // (structural sharing), so nothing is redrawn or recomputed for them. Files the app
        // serves itself (['demo-asset', …]) are the same either way.
        void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'demo-asset' })
      },
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [db])

  return (
    <QueryClientProvider client={queryClient}>
      {state.status === 'failed' ? (
        <>
          <Header />
          <StartupError error={state.error} />
        </>
      ) : (
        <DbProvider db={db}>
          <ErrorBoundary>
            <Connected />
          </ErrorBoundary>
          {state.status === 'opening' && <StartupStatus progress={state.progress} />}
        </DbProvider>
      )}
    </QueryClientProvider>
  )
}
