import {
  createRootRoute,
  createRoute,
  createRouter,
  Link,
  Outlet,
  useNavigate,
} from '@tanstack/react-router'
import { lazy, Suspense, useCallback, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useDbSync } from '../data/use-db-sync.ts'
import { Header } from './header.tsx'
import { IdentityMenu } from './identity-menu.tsx'
import { ResidentRoute } from './routes/resident-route.tsx'
import {
  editorSearchSchema,
  parseSearch,
  plannerSearchSchema,
  residentSearchSchema,
  stringifySearch,
} from './routes/search-params.ts'

/** The three workspaces, as tabs in the header. */
function WorkspaceNav() {
  const { t } = useTranslation()
  const tabs = [
    { to: '/', label: t('nav.resident') },
    { to: '/planner', label: t('nav.planner') },
    { to: '/editor', label: t('nav.editor') },
  ] as const
  return (
    <nav className="workspace-nav" aria-label={t('nav.label')}>
      {tabs.map((tab) => (
        <Link
          key={tab.to}
          to={tab.to}
          activeOptions={{ exact: true, includeSearch: false }}
          activeProps={{ 'aria-current': 'page', className: 'active' }}
          data-testid={`nav-${tab.to === '/' ? 'resident' : tab.to.slice(1)}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  )
}

function RootLayout() {
  useDbSync()
  return (
    <>
      <Header nav={<WorkspaceNav />}>
        <IdentityMenu />
      </Header>
      <Outlet />
    </>
  )
}

const rootRoute = createRootRoute({ component: RootLayout })

// The planner's and the editor's code loads when their page is opened: the residents' map, the
// home page, neither parses nor downloads it.
const PlannerRoute = lazy(() =>
  import('./routes/planner-route.tsx').then((m) => ({ default: m.PlannerRoute })),
)
const EditorRoute = lazy(() =>
  import('./routes/editor-route.tsx').then((m) => ({ default: m.EditorRoute })),
)

function Loading({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <Suspense fallback={<p className="map-loading muted">{t('map.loading')}</p>}>
      {children}
    </Suspense>
  )
}

/** A route's search as props, and a setter that merges a patch into the URL (no new history entry). */
function useSearchProps<S>(from: '/' | '/planner' | '/editor', search: S) {
  const navigate = useNavigate({ from })
  const setSearch = useCallback(
    (patch: Partial<S>) =>
      void navigate({
        search: (previous: S) => ({ ...previous, ...patch }) as never,
        replace: true,
      }),
    [navigate],
  )
  return { search, setSearch }
}

const residentRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  validateSearch: residentSearchSchema,
  component: function Resident() {
    return <ResidentRoute {...useSearchProps('/', residentRoute.useSearch())} />
  },
})

const plannerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/planner',
  validateSearch: plannerSearchSchema,
  component: function Planner() {
    const props = useSearchProps('/planner', plannerRoute.useSearch())
    return (
      <Loading>
        <PlannerRoute {...props} />
      </Loading>
    )
  },
})

const editorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/editor',
  validateSearch: editorSearchSchema,
  component: function Editor() {
    const props = useSearchProps('/editor', editorRoute.useSearch())
    return (
      <Loading>
        <EditorRoute {...props} />
      </Loading>
    )
  },
})

const routeTree = rootRoute.addChildren([residentRoute, plannerRoute, editorRoute])

export function createAppRouter() {
  return createRouter({
    routeTree,
    parseSearch,
    stringifySearch,
    // The map and the panel are the page; scrolling restoration has nothing to restore.
    scrollRestoration: false,
  })
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>
  }
}
