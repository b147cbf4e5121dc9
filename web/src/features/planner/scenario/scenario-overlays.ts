import type { CommunityRow } from '../../../data/row-schemas.ts'
import type { MapOverlay } from '../../../map/overlay.ts'
import type { ScenarioDiff } from '../table/community-rows.ts'

/** Source and layer ids of the scenario's difference layer. */
export const scenarioIds = {
  source: 'scenario-diff',
  fill: 'scenario-diff-fill',
  line: 'scenario-diff-line',
} as const

/**
 * The before/after difference layer: the communities a scenario changes, green where people of
 * the target group gain reach (darker for more percentage points), red where they lose it.
 */
export function scenarioDiffOverlay(
  communities: readonly CommunityRow[] | undefined,
  diff: ScenarioDiff | null,
): MapOverlay | null {
  if (!communities || !diff) return null
  const byId = new Map(communities.map((c) => [c.id, c]))
  const features = diff.communities.flatMap((c) => {
    const row = byId.get(c.id)
    if (!row) return []
    return [
      {
        type: 'Feature' as const,
        geometry: row.boundary as GeoJSON.Polygon | GeoJSON.MultiPolygon,
        properties: {
          id: c.id,
          delta_pp: c.deltaPp ?? 0,
          newly_covered: c.newlyCovered,
          category: diff.category,
        },
      },
    ]
  })
  return {
    id: 'scenario-diff',
    sources: { [scenarioIds.source]: { data: { type: 'FeatureCollection', features } } },
    layers: [
      {
        id: scenarioIds.fill,
        type: 'fill',
        source: scenarioIds.source,
        slot: 'areas',
        paint: {
          'fill-color': [
            'case',
            ['<', ['get', 'delta_pp'], 0],
            '#c92a2a',
            ['interpolate', ['linear'], ['get', 'delta_pp'], 0, '#d3f9d8', 20, '#2b8a3e'],
          ],
          'fill-opacity': 0.75,
        },
      },
      {
        id: scenarioIds.line,
        type: 'line',
        source: scenarioIds.source,
        slot: 'lines',
        paint: { 'line-color': '#2b8a3e', 'line-width': 2.5, 'line-dasharray': [2, 1] },
      },
    ],
  }
}
