import { useCallback, useMemo, useState } from 'react'
import { useSession } from '../../data/use-session.ts'
import { EditorPanel } from '../../features/editor/editor-panel.tsx'
import type { DemoAccount, EditorTab } from '../../features/editor/editor-panel.tsx'
import type { MapClick, MapMarker, MapOverlay, MapViewState } from '../../map/overlay.ts'
import { usePreferencesStore } from '../../state/preferences-store.ts'
import { demoUsers } from '../demo-users.ts'
import type { RouteProps } from './resident-route.tsx'
import { formatView, parseView, type EditorSearch } from './search-params.ts'
import { useBaseMap } from './use-base-map.ts'
import { WorkspaceLayout } from './workspace-layout.tsx'
import { MapArea } from './map-area.tsx'

// The seeded demo users' roles, read from their addresses (worker.a@…, planner@…).
const demoAccounts: DemoAccount[] = demoUsers.map((email) => ({
  email,
  role: email.split(/[.@]/)[0] as DemoAccount['role'],
}))

/** `/editor` — community workers keep their communities' facility records right. */
export function EditorRoute({ search, setSearch }: RouteProps<EditorSearch>) {
  const base = useBaseMap()
  const session = useSession()
  const elderMode = usePreferencesStore((s) => s.elderMode)
  // Only the opening view: later moves are the map's own.
  const [initialView] = useState(() => parseView(search.v))
  const [markers, setMarkers] = useState<MapMarker[]>([])
  const [overlays, setOverlays] = useState<MapOverlay[]>([])
  const [placing, setPlacing] = useState(false)
  const [newAt, setNewAt] = useState<[number, number] | null>(null)
  const tab: EditorTab = search.tab ?? 'facilities'
  // Bring a facility into view when it is chosen (from the list, a report, a link), not on
  // every refetch or pin drag.
  const facilityRows = base.facilities.data
  const [focusFor, setFocusFor] = useState<string | null>(null)
  const focusPoint = useMemo(() => {
    const row = focusFor ? facilityRows?.find((f) => f.id === focusFor) : undefined
    return row ? { lngLat: [row.lon, row.lat] as [number, number], zoom: 16 } : null
  }, [focusFor, facilityRows])
  if ((search.f ?? null) !== focusFor) setFocusFor(search.f ?? null)

  const onClick = useCallback(
    (click: MapClick) => {
      if (placing) {
        // "Add a facility": the clicked point starts a new form there.
        setPlacing(false)
        setNewAt(click.lngLat)
        setSearch({ f: undefined })
        return
      }
      if (click.kind === 'facility') {
        setNewAt(null)
        setSearch({ f: click.id })
      }
    },
    [placing, setSearch],
  )
  const onViewChange = useCallback(
    (view: MapViewState) => setSearch({ v: formatView(view) }),
    [setSearch],
  )
  // The import preview shows only on the import tab, and nothing of it once another tab opens.
  const shownOverlays = useMemo(
    () => (tab === 'import' && !search.f && !newAt ? overlays : []),
    [tab, overlays, search.f, newAt],
  )
  return (
    <WorkspaceLayout
      workspace="editor"
      map={
        <MapArea
          base={base}
          initialView={initialView}
          selectedFacilityId={search.f ?? null}
          elderMode={elderMode}
          overlays={shownOverlays}
          markers={markers}
          focusPoint={focusPoint}
          onClick={onClick}
          onViewChange={onViewChange}
        />
      }
      panel={
        <EditorPanel
          session={session.data ?? null}
          categories={base.categories.data ?? []}
          communities={base.communities.data}
          facilities={base.facilities.data}
          selectedId={search.f ?? null}
          tab={tab}
          onTab={(next) => setSearch({ tab: next, f: undefined })}
          onSelect={(id) => {
            setNewAt(null)
            setSearch({ f: id ?? undefined })
          }}
          newAt={newAt}
          placing={placing}
          onPlacing={setPlacing}
          onCloseNew={() => setNewAt(null)}
          demoAccounts={demoAccounts}
          setMarkers={setMarkers}
          setOverlays={setOverlays}
        />
      }
    />
  )
}
