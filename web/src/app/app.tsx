import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider } from '@tanstack/react-router'
import { useState, useSyncExternalStore } from 'react'
import { DbProvider } from '../data/db-provider.tsx'
import { exposeDb } from '../testing/test-hooks.ts'
import { ErrorBoundary } from './error-boundary.tsx'
import { useDocumentPreferences } from './document-preferences.ts'
import { Header } from './header.tsx'
import { createAppRouter } from './router.tsx'
import type { DbOpener } from './open-db.ts'
import { StartupError, StartupScreen } from './startup-screens.tsx'

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

export function App({ opener }: { opener: DbOpener }) {
  useDocumentPreferences()
  const state = useSyncExternalStore(opener.subscribe, opener.getState)
  if (state.status === 'ready') exposeDb(state.db)

  return (
    <QueryClientProvider client={queryClient}>
      {state.status === 'ready' ? (
        <DbProvider db={state.db}>
          <ErrorBoundary>
            <Connected />
          </ErrorBoundary>
        </DbProvider>
      ) : (
        <>
          <Header />
          {state.status === 'failed' ? (
            <StartupError error={state.error} />
          ) : (
            <StartupScreen progress={state.progress} />
          )}
        </>
      )}
    </QueryClientProvider>
  )
}
