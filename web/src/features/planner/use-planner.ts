import { useCallback, useMemo } from 'react'
import type { CoverageResult } from '../../core/coverage/types.ts'
import type { CategoryRow, CommunityRow, FacilityRow } from '../../data/row-schemas.ts'
import type { MapClick, MapMarker, MapOverlay } from '../../map/overlay.ts'
import { COMPLETE, useCoverageStore } from '../../state/coverage-store.ts'
import { useMapStore } from '../../state/map-store.ts'
import { coverageOverlays } from './coverage/coverage-overlays.ts'
import { useCoverage, type CoverageState } from './coverage/use-coverage.ts'
import { usePlannerStore } from './planner-store.ts'
import { scenarioState } from './scenario/scenario-edits.ts'
import { scenarioDiffOverlay } from './scenario/scenario-overlays.ts'
import {
  useDistrictGaps,
  useScenario,
  type DistrictGaps,
  type ScenarioFigures,
} from './scenario/use-scenario.ts'
import {
  communityRows,
  districtSummary,
  scenarioDiff,
  type CommunityRowData,
  type DistrictSummary,
  type ScenarioDiff,
} from './table/community-rows.ts'
import { communityTargets, effectiveTargets, type EffectiveTarget } from './targets/targets.ts'
import { proposedFacility } from './scenario/scenario-edits.ts'

export interface PlannerInput {
  categories: readonly CategoryRow[] | undefined
  communities: readonly CommunityRow[] | undefined
  facilities: readonly FacilityRow[] | undefined
  demo: boolean
  /** Told once the map has drawn a result's shares (the e2e hook). */
  onDrawn?: (result: CoverageResult) => void
}

/** Everything the planner's workspace shows, derived once for the panel, the table and the map. */
export interface Planner {
  coverage: CoverageState
  scenario: ScenarioFigures
  targets: EffectiveTarget[]
  /** Per category: the share a community must reach (✓/✗). */
  communityTarget: Record<string, number>
  rows: CommunityRowData[]
  /** The shown figures' summary (the scenario's when there is one). */
  summary: DistrictSummary | null
  diff: ScenarioDiff | null
  gaps: DistrictGaps | null
  overlays: MapOverlay[]
  markers: MapMarker[]
  /** Handles a map click: places a proposed site in placing mode; otherwise selects. */
  onMapClick(click: MapClick): void
  /** The category the scenario and the table's details are about (never `complete`). */
  detailCategory: string
}

/**
 * The planner's workspace as one hook: the baseline in the worker, the what-if scenario on top,
 * the whole district's gaps, the table's rows, the summary and the map's overlays and markers.
 */
export function usePlanner(input: PlannerInput): Planner {
  const { categories, communities, facilities, demo, onDrawn } = input
  const coverage = useCoverage({ categories, communities, facilities, demo })
  const scenario = useScenario(coverage)
  const category = useCoverageStore((s) => s.category)
  const metric = useCoverageStore((s) => s.metric)
  const targetEdits = usePlannerStore((s) => s.targetEdits)
  const edits = usePlannerStore((s) => s.edits)
  const targets = useMemo(() => effectiveTargets(targetEdits), [targetEdits])
  const communityTarget = useMemo(() => communityTargets(targets), [targets])
  const streets = useMemo(
    () => Object.fromEntries((communities ?? []).map((c) => [c.id, c.street ?? ''])),
    [communities],
  )
  const shown = scenario.result ?? coverage.result
  const rows = useMemo(
    () => (shown ? communityRows(shown, { streets, targets: communityTarget }) : []),
    [shown, streets, communityTarget],
  )
  const detailCategory = category === COMPLETE ? (categories?.[0]?.code ?? 'canteen') : category
  const summary = useMemo(
    () =>
      shown
        ? districtSummary(
            shown,
            category,
            category === COMPLETE ? undefined : communityTarget[category],
          )
        : null,
    [shown, category, communityTarget],
  )
  const diff = useMemo(
    () =>
      coverage.result && scenario.result
        ? scenarioDiff(coverage.result, scenario.result, detailCategory)
        : null,
    [coverage.result, scenario.result, detailCategory],
  )
  const gapCategories = useMemo(
    () =>
      category === COMPLETE ? (categories ?? []).map((c) => c.code) : category ? [category] : [],
    [categories, category],
  )
  const gaps = useDistrictGaps(coverage.result, scenario.result, gapCategories)

  const overlays = useMemo(() => {
    const list = shown
      ? coverageOverlays({
          communities,
          result: shown,
          category,
          metric: category === COMPLETE ? 'population' : metric,
          gaps,
          ...(onDrawn ? { onDrawn } : {}),
        })
      : []
    const diffLayer = scenarioDiffOverlay(communities, diff)
    return diffLayer ? [...list, diffLayer] : list
  }, [communities, shown, category, metric, gaps, onDrawn, diff])

  const colors = useMemo(
    () => new Map((categories ?? []).map((c) => [c.code, c.color ?? '#333'])),
    [categories],
  )
  const markers = useMemo<MapMarker[]>(() => {
    const { proposed } = scenarioState(edits)
    const { moveFacility } = usePlannerStore.getState()
    return proposed.map((f) => ({
      id: String(f.properties.id),
      lngLat: [f.geometry.coordinates[0]!, f.geometry.coordinates[1]!],
      color: colors.get(f.properties.category) ?? '#333',
      label: f.properties.name ?? String(f.properties.id),
      draggable: true,
      onDragEnd: (to) => moveFacility(String(f.properties.id), to),
    }))
  }, [edits, colors])

  const onMapClick = useCallback((click: MapClick) => {
    const { placing, addFacility, setPlacing } = usePlannerStore.getState()
    if (placing) {
      addFacility(proposedFacility(placing, click.lngLat))
      setPlacing(null)
      return
    }
    const { select } = useMapStore.getState()
    if (click.kind === 'facility') select({ kind: 'facility', id: click.id })
    else if (click.kind === 'community') select({ kind: 'community', id: click.id })
    else if (click.kind === 'overlay' && typeof click.properties.id === 'string')
      select({ kind: 'community', id: click.properties.id })
    else select(null)
  }, [])

  return {
    coverage,
    scenario,
    targets,
    communityTarget,
    rows,
    summary,
    diff,
    gaps,
    overlays,
    markers,
    onMapClick,
    detailCategory,
  }
}
