import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import { DbProvider } from '../data/db-provider.tsx'
import { ErrorBoundary } from './error-boundary.tsx'
import { useDbSync } from '../data/use-db-sync.ts'
import { MapPage } from '../features/map/map-page.tsx'
import { exposeDb } from '../features/map/test-hooks.ts'
import { useDocumentPreferences } from './document-preferences.ts'
import { Header } from './header.tsx'
import { IdentityMenu } from './identity-menu.tsx'
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
  useDbSync()
  return (
    <>
      <Header>
        <IdentityMenu />
      </Header>
      <MapPage />
    </>
  )
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
