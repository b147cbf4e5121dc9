import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
  StyleSpecification,
} from 'maplibre-gl'
import { choroplethStyle, gapStyle } from './coverage/coverage-layers.ts'

/** Layer and source ids other code (tests, click handling) refers to. */
export const ids = {
  facilitiesSource: 'facilities',
  communitiesSource: 'communities',
  clusters: 'facility-clusters',
  points: 'facility-points',
  selectedFacility: 'facility-selected',
  communitiesFill: 'communities-fill',
  communitiesLine: 'communities-line',
  selectedCommunity: 'community-selected',
} as const

/** URLs of the demo city's basemap layers, each a GeoJSON file served by the app itself. */
export interface BasemapUrls {
  boundary?: string
  water?: string
  parks?: string
  streets?: string
}

export interface CategoryStyle {
  code: string
  color: string
}

const emptyCollection: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

const clusterCountProperty = (code: string) => `n_${code}`

/** Per-category counts inside each cluster, so hiding a category also shrinks or hides clusters. */
export function clusterProperties(categories: readonly CategoryStyle[]): Record<string, unknown> {
  return Object.fromEntries(
    categories.map(({ code }) => [
      clusterCountProperty(code),
      ['+', ['case', ['==', ['get', 'category'], code], 1, 0]],
    ]),
  )
}

/** Facilities per category inside a cluster, from its properties, for the given codes. */
export function clusterCounts(
  properties: Record<string, unknown>,
  codes: readonly string[],
): Map<string, number> {
  return new Map(codes.map((code) => [code, Number(properties[clusterCountProperty(code)] ?? 0)]))
}

/** Number of facilities of the visible categories inside a cluster. */
export function visibleClusterCount(visible: readonly string[]): ExpressionSpecification {
  // '+' needs at least two operands; the zeros keep the expression valid for 0 or 1 category.
  return [
    '+',
    0,
    0,
    ...visible.map((code): ExpressionSpecification => ['get', clusterCountProperty(code)]),
  ]
}

export function clusterFilter(visible: readonly string[]): FilterSpecification {
  return ['all', ['has', 'point_count'], ['>', visibleClusterCount(visible), 0]]
}

export function pointFilter(visible: readonly string[]): FilterSpecification {
  return [
    'all',
    ['!', ['has', 'point_count']],
    ['in', ['get', 'category'], ['literal', [...visible]]],
  ]
}

export function selectedFacilityFilter(id: string | null): FilterSpecification {
  return ['all', ['!', ['has', 'point_count']], ['==', ['get', 'id'], id ?? '']]
}

export function selectedCommunityFilter(id: string | null): FilterSpecification {
  return ['==', ['get', 'id'], id ?? '']
}

/** The category colour of a facility; grey for a category the catalogue does not know. */
export function categoryColor(categories: readonly CategoryStyle[]): ExpressionSpecification {
  if (categories.length === 0) return ['to-color', '#6b7280']
  return [
    'match',
    ['get', 'category'],
    ...categories.flatMap(({ code, color }) => [code, color]),
    '#6b7280',
  ] as unknown as ExpressionSpecification
}

const isOpen: ExpressionSpecification = ['==', ['get', 'status'], 'open']

// Street widths in pixels at zoom 12 and 17 by class; unknown classes draw as minor streets.
const streetWidths: Record<string, readonly [number, number]> = {
  arterial: [2.4, 14],
  primary: [2.4, 14],
  trunk: [2.4, 14],
  main: [2.4, 14],
  secondary: [1.6, 9],
  tertiary: [1.1, 7],
  residential: [0.7, 5],
  minor: [0.7, 5],
  lane: [0.4, 3],
  path: [0.3, 2],
  footway: [0.3, 2],
}

const streetClass: ExpressionSpecification = [
  'coalesce',
  ['get', 'class'],
  ['get', 'kind'],
  ['get', 'highway'],
  'minor',
]

function streetWidth(index: 0 | 1, scale: number): ExpressionSpecification {
  const cases = Object.entries(streetWidths).flatMap(([cls, w]) => [cls, w[index] * scale])
  return [
    'match',
    streetClass,
    ...cases,
    (streetWidths.minor?.[index] ?? 1) * scale,
  ] as unknown as ExpressionSpecification
}

const byZoom = (scale: number): DataDrivenPropertyValueSpecification<number> => [
  'interpolate',
  ['exponential', 1.6],
  ['zoom'],
  12,
  streetWidth(0, scale),
  17,
  streetWidth(1, scale),
]

const polygonal: FilterSpecification = [
  'in',
  ['geometry-type'],
  ['literal', ['Polygon', 'MultiPolygon']],
]
const linear: FilterSpecification = [
  'in',
  ['geometry-type'],
  ['literal', ['LineString', 'MultiLineString']],
]

/**
 * The whole map style, built in code from the dataset's own layers: no remote tiles, glyphs or
 * sprites, hence no symbol layers at all (text would need glyphs, a network request).
 */
export function buildMapStyle(input: {
  basemap: BasemapUrls
  categories: readonly CategoryStyle[]
}): StyleSpecification {
  const { basemap, categories } = input
  const sources: StyleSpecification['sources'] = {}
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#f3efe6' } },
  ]

  if (basemap.water) {
    sources.water = { type: 'geojson', data: basemap.water }
    layers.push(
      {
        id: 'water-fill',
        type: 'fill',
        source: 'water',
        filter: polygonal,
        paint: { 'fill-color': '#a5cdea' },
      },
      {
        id: 'water-line',
        type: 'line',
        source: 'water',
        filter: linear,
        paint: {
          'line-color': '#a5cdea',
          'line-width': ['interpolate', ['linear'], ['zoom'], 12, 3, 17, 18],
        },
      },
    )
  }
  if (basemap.parks) {
    sources.parks = { type: 'geojson', data: basemap.parks }
    layers.push({
      id: 'parks-fill',
      type: 'fill',
      source: 'parks',
      filter: polygonal,
      paint: { 'fill-color': '#cde8c4' },
    })
  }

  sources[ids.communitiesSource] = { type: 'geojson', data: emptyCollection, promoteId: 'id' }
  layers.push({
    id: ids.communitiesFill,
    type: 'fill',
    source: ids.communitiesSource,
    paint: { 'fill-color': '#fff6e0', 'fill-opacity': 0.45 },
  })
  const choropleth = choroplethStyle()
  Object.assign(sources, choropleth.sources)
  layers.push(...choropleth.layers)

  if (basemap.streets) {
    sources.streets = { type: 'geojson', data: basemap.streets }
    layers.push(
      {
        id: 'streets-casing',
        type: 'line',
        source: 'streets',
        filter: linear,
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#d2c8b6', 'line-width': byZoom(1.5) },
      },
      {
        id: 'streets',
        type: 'line',
        source: 'streets',
        filter: linear,
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': byZoom(1) },
      },
    )
  }
  if (basemap.boundary) {
    sources.boundary = { type: 'geojson', data: basemap.boundary }
    layers.push({
      id: 'boundary-line',
      type: 'line',
      source: 'boundary',
      paint: { 'line-color': '#5c4b3b', 'line-width': 2.5, 'line-dasharray': [3, 2] },
    })
  }

  layers.push(
    {
      id: ids.communitiesLine,
      type: 'line',
      source: ids.communitiesSource,
      paint: {
        'line-color': '#8a7357',
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 16, 2],
      },
    },
    {
      id: ids.selectedCommunity,
      type: 'line',
      source: ids.communitiesSource,
      filter: selectedCommunityFilter(null),
      paint: { 'line-color': '#c2410c', 'line-width': 3.5 },
    },
  )
  const gaps = gapStyle()
  Object.assign(sources, gaps.sources)
  layers.push(...gaps.layers)

  const visible = categories.map((c) => c.code)
  const facilities: GeoJSONSourceSpecification = {
    type: 'geojson',
    data: emptyCollection,
    cluster: true,
    // A whole 街道 at its fitted zoom (~13.5 on a desktop, ~12 on a phone) shows every facility
    // in its category colour; clusters only appear zoomed out to city scale, where dots pile up.
    clusterRadius: 24,
    clusterMaxZoom: 11,
    clusterProperties: clusterProperties(categories),
  }
  sources[ids.facilitiesSource] = facilities
  layers.push(
    {
      id: ids.clusters,
      type: 'circle',
      source: ids.facilitiesSource,
      filter: clusterFilter(visible),
      paint: {
        'circle-color': '#334155',
        'circle-opacity': 0.85,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
        'circle-radius': clusterRadius(visible),
      },
    },
    {
      id: ids.points,
      type: 'circle',
      source: ids.facilitiesSource,
      filter: pointFilter(visible),
      paint: {
        // Filled = open; hollow ring in the category colour = closed or planned.
        'circle-color': ['case', isOpen, categoryColor(categories), '#ffffff'],
        'circle-stroke-color': ['case', isOpen, '#ffffff', categoryColor(categories)],
        'circle-stroke-width': ['case', isOpen, 1.5, 2.5],
        'circle-radius': pointRadius(1),
      },
    },
    {
      id: ids.selectedFacility,
      type: 'circle',
      source: ids.facilitiesSource,
      filter: selectedFacilityFilter(null),
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#111827',
        'circle-stroke-width': 3,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 9, 14, 11, 17, 15],
      },
    },
  )

  return { version: 8, name: 'lifecircle', sources, layers }
}

/** Facility dot radius by zoom; `scale` > 1 in the elder-friendly mode. */
export function pointRadius(scale: number): DataDrivenPropertyValueSpecification<number> {
  return ['interpolate', ['linear'], ['zoom'], 11, 4 * scale, 14, 6 * scale, 17, 10 * scale]
}

/** Cluster circles grow with the number of visible facilities they hold. */
export function clusterRadius(
  visible: readonly string[],
): DataDrivenPropertyValueSpecification<number> {
  return ['interpolate', ['linear'], visibleClusterCount(visible), 1, 9, 10, 13, 50, 20]
}
