import { useCallback, useEffect, useState } from 'react'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { CommunityCoverage } from '../../features/planner/coverage/community-coverage.tsx'
import { PlannerPanel } from '../../features/planner/planner-panel.tsx'
import { TableDrawer } from '../../features/planner/table/table-drawer.tsx'
import { usePlanner } from '../../features/planner/use-planner.ts'
import { DetailsPanel } from '../../features/nearby/details-panel.tsx'
import { CategoryLegend } from '../../components/category-legend.tsx'
import { CommunityPicker } from '../../features/nearby/community-picker.tsx'
import type { MapViewState } from '../../map/overlay.ts'
import { useCoverageStore } from '../../state/coverage-store.ts'
import { useMapStore } from '../../state/map-store.ts'
import { usePreferencesStore } from '../../state/preferences-store.ts'
import { exposeCoverage } from '../../testing/test-hooks.ts'
import type { RouteProps } from './resident-route.tsx'
import { formatView, parseView, type PlannerSearch } from './search-params.ts'
import { useBaseMap } from './use-base-map.ts'
import { useMapUrlSync } from './use-url-sync.ts'
import { WorkspaceLayout } from './workspace-layout.tsx'
import { MapArea } from './map-area.tsx'

/** Keeps the coverage store (category, minutes, speed, metric) and the URL in step. */
function useCoverageUrlSync({ search, setSearch }: RouteProps<PlannerSearch>) {
  useEffect(() => {
    const s = useCoverageStore.getState()
    if (search.cat && search.cat !== s.category) s.setCategory(search.cat)
    if (search.min && search.min !== s.minutes) s.setMinutes(search.min)
    if (search.speed && search.speed !== s.speedKmh) s.setSpeedKmh(search.speed)
    if (search.metric && search.metric !== s.metric) s.setMetric(search.metric)
  }, [search.cat, search.min, search.speed, search.metric])
  useEffect(
    () =>
      useCoverageStore.subscribe((s, p) => {
        if (
          s.category !== p.category ||
          s.minutes !== p.minutes ||
          s.speedKmh !== p.speedKmh ||
          s.metric !== p.metric
        )
          setSearch({ cat: s.category, min: s.minutes, speed: s.speedKmh, metric: s.metric })
      }),
    [setSearch],
  )
}

/**
 * `/planner` — every community against the policy targets: the map and the table, what-if
 * scenarios, suggested sites and the exports.
 */
export function PlannerRoute({ search, setSearch }: RouteProps<PlannerSearch>) {
  const base = useBaseMap()
  useMapUrlSync(search, setSearch)
  useCoverageUrlSync({ search, setSearch })
  const hidden = useMapStore((s) => s.hiddenCategories)
  const selection = useMapStore((s) => s.selection)
  const focus = useMapStore((s) => s.focus)
  const elderMode = usePreferencesStore((s) => s.elderMode)
  // Only the opening view: later moves are the map's own.
  const [initialView] = useState(() => parseView(search.v))
  const [map, setMap] = useState<MapLibreMap | null>(null)

  const { categories, communities, facilities, demo, counts } = base
  const planner = usePlanner({
    categories: categories.data,
    communities: communities.data,
    facilities: facilities.data,
    demo,
    onDrawn: exposeCoverage,
  })
  const shown = planner.scenario.result ?? planner.coverage.result
  const onViewChange = useCallback(
    (view: MapViewState) => setSearch({ v: formatView(view) }),
    [setSearch],
  )

  return (
    <WorkspaceLayout
      workspace="planner"
      map={
        <>
          <MapArea
            base={base}
            initialView={initialView}
            hiddenCategories={hidden}
            selectedFacilityId={selection?.kind === 'facility' ? selection.id : null}
            selectedCommunityId={selection?.kind === 'community' ? selection.id : null}
            focus={focus}
            elderMode={elderMode}
            overlays={planner.overlays}
            markers={planner.markers}
            onClick={planner.onMapClick}
            onViewChange={onViewChange}
            onMap={setMap}
          />
          {categories.data && <TableDrawer categories={categories.data} planner={planner} />}
        </>
      }
      panel={
        <>
          <DetailsPanel
            categories={categories.data ?? []}
            communities={communities.data}
            facilities={facilities.data}
            communityExtra={(id) => (
              <CommunityCoverage
                communityId={id}
                categories={categories.data ?? []}
                result={shown}
              />
            )}
          />
          {categories.data && (
            <PlannerPanel
              categories={categories.data}
              communities={communities.data}
              facilities={facilities.data}
              planner={planner}
              map={map}
            />
          )}
          {categories.data && <CategoryLegend categories={categories.data} counts={counts} />}
          {communities.data && <CommunityPicker communities={communities.data} />}
        </>
      }
    />
  )
}
