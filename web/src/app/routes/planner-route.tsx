import { useCallback, useEffect, useMemo, useState } from 'react'
import { CommunityCoverage } from '../../features/planner/coverage/community-coverage.tsx'
import { coverageOverlays } from '../../features/planner/coverage/coverage-overlays.ts'
import { useCoverage, useSelectedGaps } from '../../features/planner/coverage/use-coverage.ts'
import { PlannerPanel } from '../../features/planner/planner-panel.tsx'
import { DetailsPanel } from '../../features/nearby/details-panel.tsx'
import { CategoryLegend } from '../../components/category-legend.tsx'
import { CommunityPicker } from '../../features/nearby/community-picker.tsx'
import type { MapClick, MapViewState } from '../../map/overlay.ts'
import { COMPLETE, useCoverageStore } from '../../state/coverage-store.ts'
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

/** `/planner` — every community's coverage, the district against the policy targets. */
export function PlannerRoute({ search, setSearch }: RouteProps<PlannerSearch>) {
  const base = useBaseMap()
  useMapUrlSync(search, setSearch)
  useCoverageUrlSync({ search, setSearch })
  const hidden = useMapStore((s) => s.hiddenCategories)
  const selection = useMapStore((s) => s.selection)
  const focus = useMapStore((s) => s.focus)
  const elderMode = usePreferencesStore((s) => s.elderMode)
  const category = useCoverageStore((s) => s.category)
  const metric = useCoverageStore((s) => s.metric)
  // Only the opening view: later moves are the map's own.
  const [initialView] = useState(() => parseView(search.v))

  const { categories, communities, facilities, demo, counts } = base
  const rows = {
    categories: categories.data,
    communities: communities.data,
    facilities: facilities.data,
  }
  const coverage = useCoverage({ ...rows, demo })
  const gaps = useSelectedGaps(rows)
  const overlays = useMemo(
    () =>
      coverageOverlays({
        communities: communities.data,
        result: coverage.result,
        category,
        // The complete life circle exists for people only (the engine's complete_share).
        metric: category === COMPLETE ? 'population' : metric,
        gaps,
        onDrawn: exposeCoverage,
      }),
    [communities.data, coverage.result, category, metric, gaps],
  )
  const onClick = useCallback((click: MapClick) => {
    const { select } = useMapStore.getState()
    if (click.kind === 'facility') select({ kind: 'facility', id: click.id })
    else if (click.kind === 'community') select({ kind: 'community', id: click.id })
    else if (click.kind === 'overlay' && typeof click.properties.id === 'string')
      select({ kind: 'community', id: click.properties.id })
    else select(null)
  }, [])
  const onViewChange = useCallback(
    (view: MapViewState) => setSearch({ v: formatView(view) }),
    [setSearch],
  )

  return (
    <WorkspaceLayout
      workspace="planner"
      map={
        <MapArea
          base={base}
          initialView={initialView}
          hiddenCategories={hidden}
          selectedFacilityId={selection?.kind === 'facility' ? selection.id : null}
          selectedCommunityId={selection?.kind === 'community' ? selection.id : null}
          focus={focus}
          elderMode={elderMode}
          overlays={overlays}
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
            communityExtra={(id) => (
              <CommunityCoverage
                communityId={id}
                categories={categories.data ?? []}
                result={coverage.result}
              />
            )}
          />
          {categories.data && <PlannerPanel categories={categories.data} coverage={coverage} />}
          {categories.data && <CategoryLegend categories={categories.data} counts={counts} />}
          {communities.data && <CommunityPicker communities={communities.data} />}
        </>
      }
    />
  )
}
