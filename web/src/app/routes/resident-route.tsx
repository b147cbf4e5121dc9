import { useCallback, useState } from 'react'
import { CategoryLegend } from '../../components/category-legend.tsx'
import { CommunityPicker } from '../../features/nearby/community-picker.tsx'
import { DetailsPanel } from '../../features/nearby/details-panel.tsx'
import type { MapClick, MapViewState } from '../../map/overlay.ts'
import { useMapStore } from '../../state/map-store.ts'
import { usePreferencesStore } from '../../state/preferences-store.ts'
import { formatView, parseView, type ResidentSearch } from './search-params.ts'
import { useBaseMap } from './use-base-map.ts'
import { useMapUrlSync } from './use-url-sync.ts'
import { WorkspaceLayout } from './workspace-layout.tsx'
import { MapArea } from './map-area.tsx'

export interface RouteProps<S> {
  search: S
  /** Merge a patch into the URL's search (replacing the history entry). */
  setSearch: (patch: Partial<S>) => void
}

/** `/` — the residents' map: what is around, a facility's card, a community's counts. */
export function ResidentRoute({ search, setSearch }: RouteProps<ResidentSearch>) {
  const base = useBaseMap()
  useMapUrlSync(search, setSearch)
  const hidden = useMapStore((s) => s.hiddenCategories)
  const selection = useMapStore((s) => s.selection)
  const focus = useMapStore((s) => s.focus)
  const elderMode = usePreferencesStore((s) => s.elderMode)
  // Only the opening view: later moves are the map's own.
  const [initialView] = useState(() => parseView(search.v))
  const onClick = useCallback((click: MapClick) => {
    const { select } = useMapStore.getState()
    if (click.kind === 'facility') select({ kind: 'facility', id: click.id })
    else if (click.kind === 'community') select({ kind: 'community', id: click.id })
    else select(null)
  }, [])
  const onViewChange = useCallback(
    (view: MapViewState) => setSearch({ v: formatView(view) }),
    [setSearch],
  )

  const { categories, communities, facilities, counts } = base
  return (
    <WorkspaceLayout
      workspace="resident"
      map={
        <MapArea
          base={base}
          initialView={initialView}
          hiddenCategories={hidden}
          selectedFacilityId={selection?.kind === 'facility' ? selection.id : null}
          selectedCommunityId={selection?.kind === 'community' ? selection.id : null}
          focus={focus}
          elderMode={elderMode}
          onClick={onClick}
          onViewChange={onViewChange}
        />
      }
      panel={
        <>
          <DetailsPanel
            categories={categories.data ?? []}
            communities={communities.data}
            facilities={facilities.data}
          />
          {categories.data && <CategoryLegend categories={categories.data} counts={counts} />}
          {communities.data && <CommunityPicker communities={communities.data} />}
        </>
      }
    />
  )
}
