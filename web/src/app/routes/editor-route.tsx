import { useCallback, useState } from 'react'
import { useSession } from '../../data/use-session.ts'
import { EditorPanel } from '../../features/editor/editor-panel.tsx'
import type { MapClick, MapViewState } from '../../map/overlay.ts'
import { usePreferencesStore } from '../../state/preferences-store.ts'
import type { RouteProps } from './resident-route.tsx'
import { formatView, parseView, type EditorSearch } from './search-params.ts'
import { useBaseMap } from './use-base-map.ts'
import { WorkspaceLayout } from './workspace-layout.tsx'
import { MapArea } from './map-area.tsx'

/** `/editor` — community workers keep their communities' facility records right. */
export function EditorRoute({ search, setSearch }: RouteProps<EditorSearch>) {
  const base = useBaseMap()
  const session = useSession()
  const elderMode = usePreferencesStore((s) => s.elderMode)
  // Only the opening view: later moves are the map's own.
  const [initialView] = useState(() => parseView(search.v))
  const onClick = useCallback(
    (click: MapClick) => {
      if (click.kind === 'facility') setSearch({ f: click.id })
    },
    [setSearch],
  )
  const onViewChange = useCallback(
    (view: MapViewState) => setSearch({ v: formatView(view) }),
    [setSearch],
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
          onSelect={(id) => setSearch({ f: id })}
        />
      }
    />
  )
}
