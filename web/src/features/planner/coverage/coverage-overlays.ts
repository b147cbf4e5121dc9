import type { CoverageResult } from '../../../core/coverage/types.ts'
import type { CommunityRow } from '../../../data/row-schemas.ts'
import type { MapOverlay } from '../../../map/overlay.ts'
import type { CoverageMetric } from '../../../state/coverage-store.ts'
import {
  choroplethCollection,
  choroplethStyle,
  coverageIds,
  gapStyle,
  hatchImage,
} from './coverage-layers.ts'

const emptyGaps: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

/**
 * The planner's layers on the shared map: communities coloured by the chosen share (above the
 * plain community fill, under streets) and the gap polygons (under the facility dots).
 */
export function coverageOverlays(input: {
  communities: readonly CommunityRow[] | undefined
  result: CoverageResult | null
  category: string
  metric: CoverageMetric
  gaps: GeoJSON.FeatureCollection | null
  /** Told once the map has drawn this result's shares. */
  onDrawn?: (result: CoverageResult) => void
}): MapOverlay[] {
  const { communities, result, category, metric, gaps, onDrawn } = input
  const overlays: MapOverlay[] = []
  if (communities && result) {
    const style = choroplethStyle()
    overlays.push({
      id: 'coverage-choropleth',
      sources: {
        [coverageIds.source]: {
          data: choroplethCollection(communities, result, category, metric),
          promoteId: 'id',
        },
      },
      layers: style.layers.map((layer) => ({ ...layer, slot: 'areas' as const })),
      images: { [coverageIds.hatchImage]: hatchImage() },
      ...(onDrawn ? { onApplied: () => onDrawn(result) } : {}),
    })
  }
  const gapLayers = gapStyle().layers
  overlays.push({
    id: 'coverage-gaps',
    sources: { [coverageIds.gapsSource]: { data: gaps ?? emptyGaps } },
    layers: gapLayers.map((layer) => ({ ...layer, slot: 'lines' as const })),
  })
  return overlays
}
