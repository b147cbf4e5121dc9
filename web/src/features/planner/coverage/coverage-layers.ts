import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl'
import type { CommunityResult, CoverageResult } from '../../../core/coverage/types.ts'
import type { CommunityRow } from '../../../data/row-schemas.ts'
import { COMPLETE, type CoverageMetric } from '../../../state/coverage-store.ts'

/** Source and layer ids of the coverage layers (tests read the sources by these). */
export const coverageIds = {
  source: 'coverage',
  fill: 'coverage-fill',
  noData: 'coverage-no-data',
  gapsSource: 'coverage-gaps',
  gapsFill: 'coverage-gaps-fill',
  gapsLine: 'coverage-gaps-line',
  hatchImage: 'coverage-hatch',
} as const

/**
 * Upper class limits of the share (fractions). Fixed rather than quantiles so colours mean the
 * same on every map and export, and placed at the policy thresholds planners read against
 * (90% 居家社区养老服务覆盖率, 95% 10-minute fitness circle); the last class is "all covered".
 */
export const shareBreaks = [0.5, 0.7, 0.85, 0.95, 0.999] as const
/** Sequential ramp, low → high (ColorBrewer YlGnBu, 6 classes: readable in greyscale too). */
export const shareRamp = ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#2c7fb8', '#253494'] as const
export const noDataColor = '#b0b0b0'

/** The class (0 … shareBreaks.length) of a share; null stays null. */
export function shareClass(share: number | null): number | null {
  if (share === null) return null
  let k = 0
  while (k < shareBreaks.length && share >= shareBreaks[k]!) k++
  return k
}

/** Legend rows: colour and the class's range in whole or tenth percent. */
export function legendClasses(
  locale: string,
): Array<{ color: string; from: string; to: string | null }> {
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })
  const limits = [0, ...shareBreaks]
  return shareRamp.map((color, k) => ({
    color,
    from: pct.format(limits[k]!),
    to: k < shareBreaks.length ? pct.format(shareBreaks[k]!) : null,
  }))
}

/**
 * The share the choropleth shows for one community: area or population share of one category,
 * or the complete life circle (every category at once; the engine reports it for people only).
 */
export function shareOf(
  community: CommunityResult,
  category: string,
  metric: CoverageMetric,
): number | null {
  if (category === COMPLETE) return community.complete_share
  const figures = community.categories[category]
  if (!figures) return null
  return metric === 'area' ? figures.area_share : figures.population_share
}

export interface ChoroplethProps {
  id: string
  name: string
  share: number | null
  category: string
  metric: CoverageMetric
}

/** The choropleth source's data: every community, with the chosen share (null: no figure). */
export function choroplethCollection(
  communities: readonly CommunityRow[],
  result: CoverageResult,
  category: string,
  metric: CoverageMetric,
): GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, ChoroplethProps> {
  const byId = new Map(result.communities.map((c) => [c.id, c]))
  return {
    type: 'FeatureCollection',
    features: communities.map((row) => {
      const figures = byId.get(row.id)
      return {
        type: 'Feature',
        geometry: row.boundary as GeoJSON.Polygon | GeoJSON.MultiPolygon,
        properties: {
          id: row.id,
          name: row.name,
          share: figures ? shareOf(figures, category, metric) : null,
          category,
          metric,
        },
      }
    }),
  }
}

const hasShare: ExpressionSpecification = ['==', ['typeof', ['get', 'share']], 'number']

/** Fill colour by class; grey where the share is null. */
export function shareFillColor(): ExpressionSpecification {
  const steps = shareBreaks.flatMap((b, k) => [b, shareRamp[k + 1]!])
  return [
    'case',
    hasShare,
    ['step', ['get', 'share'], shareRamp[0], ...steps],
    noDataColor,
  ] as unknown as ExpressionSpecification
}

const emptyCollection: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

/** The choropleth: under streets and facilities, above the plain community fill. */
export function choroplethStyle(): {
  sources: Record<string, SourceSpecification>
  layers: LayerSpecification[]
} {
  return {
    sources: { [coverageIds.source]: { type: 'geojson', data: emptyCollection, promoteId: 'id' } },
    layers: [
      {
        id: coverageIds.fill,
        type: 'fill',
        source: coverageIds.source,
        paint: { 'fill-color': shareFillColor(), 'fill-opacity': 0.7 },
      },
      {
        // Hatching on top of the grey, so "no figure" never reads as a low share.
        id: coverageIds.noData,
        type: 'fill',
        source: coverageIds.source,
        filter: ['!', hasShare],
        paint: { 'fill-pattern': coverageIds.hatchImage },
      },
    ],
  }
}

/** The selected community's gaps: red outline, light red fill; above communities, under dots. */
export function gapStyle(): {
  sources: Record<string, SourceSpecification>
  layers: LayerSpecification[]
} {
  return {
    sources: { [coverageIds.gapsSource]: { type: 'geojson', data: emptyCollection } },
    layers: [
      {
        id: coverageIds.gapsFill,
        type: 'fill',
        source: coverageIds.gapsSource,
        paint: { 'fill-color': '#e03131', 'fill-opacity': 0.3 },
      },
      {
        id: coverageIds.gapsLine,
        type: 'line',
        source: coverageIds.gapsSource,
        paint: { 'line-color': '#c92a2a', 'line-width': 2 },
      },
    ],
  }
}

/** A small diagonal hatch as RGBA pixels, for `map.addImage` (no sprite request needed). */
export function hatchImage(size = 8): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if ((x + y) % size !== 0 && (x + y + 1) % size !== 0) continue
      const i = (y * size + x) * 4
      data[i] = 90
      data[i + 1] = 90
      data[i + 2] = 90
      data[i + 3] = 200
    }
  }
  return { width: size, height: size, data }
}
