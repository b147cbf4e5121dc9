import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
  StyleSpecification,
} from 'maplibre-gl'

/** Layer and source ids other code (tests, click handling) refers to. */
export const ids = {
  facilitiesSource: 'facilities',
  communitiesSource: 'communities',
  clusters: 'facility-clusters',
  points: 'facility-points',
  selectedFacility: 'facility-selected',
  communitiesFill: 'communities-fill',
  communitiesLine: 'communities-line',
  communityLabels: 'community-labels',
  selectedCommunity: 'community-selected',
  clusterCounts: 'facility-cluster-counts',
  facilityLabels: 'facility-labels',
} as const

/**
 * Where a feature's own layers go in the stack (see overlay.ts): `areas` above the plain
 * community fill and under streets (a choropleth), `lines` above community outlines and under
 * facilities (gaps, reach shapes), `top` above everything (scenario edits, a chosen point).
 */
export const slotAnchors = {
  areas: 'slot-areas',
  lines: 'slot-lines',
  top: 'slot-top',
} as const

/**
 * Fonts for map text. The style names no glyph server, so MapLibre draws every character
 * locally (TinySDF) with the first of these the device has: nothing is fetched for text.
 */
export const labelFonts = [
  'Noto Sans CJK SC',
  'WenQuanYi Micro Hei',
  'Microsoft YaHei',
  'PingFang SC',
  'sans-serif',
]

const haloColor = '#ffffff'

/** URLs of the demo city's basemap layers, each a GeoJSON file served by the app itself. */
export interface BasemapUrls {
  boundary?: string
  water?: string
  parks?: string
  streets?: string
  /** Raster tile URL templates drawn under everything (a configured basemap). */
  rasterTiles?: string[]
  /** Raster label tiles drawn above communities (Tianditu's annotation layer). */
  labelTiles?: string[]
  attribution?: string
  /** A whole MapLibre style to draw the app's layers on (see map-view.tsx). */
  styleUrl?: string
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
 * An empty layer that marks a place in the stack where features insert their own layers
 * (`map.addLayer(layer, anchorId)`); it draws nothing.
 */
function anchorLayer(id: string): LayerSpecification {
  return {
    id,
    type: 'fill',
    source: ids.communitiesSource,
    filter: ['==', ['get', 'id'], '\u0000anchor'],
    paint: { 'fill-opacity': 0 },
  }
}

/**
 * A cluster takes the colour of the category it holds most of (among those shown), so a pile
 * of canteens reads as canteens before it is opened; its number is drawn on it.
 */
export function clusterColor(
  categories: readonly CategoryStyle[],
  visible: readonly string[],
): ExpressionSpecification {
  const shown = categories.filter((c) => visible.includes(c.code))
  if (shown.length === 0) return ['to-color', '#334155']
  const count = (code: string): ExpressionSpecification => ['get', clusterCountProperty(code)]
  const cases = shown.flatMap((c) => [
    ['all', ...shown.filter((o) => o !== c).map((o) => ['>=', count(c.code), count(o.code)])],
    c.color,
  ])
  return ['case', ...cases, '#334155'] as unknown as ExpressionSpecification
}

/**
 * The whole map style, built in code from the dataset's own layers: no remote tiles, glyphs or
 * sprites. Text (community names, cluster counts, facility names) is drawn by MapLibre from the
 * device's fonts because the style names no glyph server; a configured basemap style may add one.
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
  if (basemap.rasterTiles?.length) {
    sources['basemap-raster'] = {
      type: 'raster',
      tiles: basemap.rasterTiles,
      tileSize: 256,
      ...(basemap.attribution ? { attribution: basemap.attribution } : {}),
    }
    layers.push({ id: 'basemap-raster', type: 'raster', source: 'basemap-raster' })
  }

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
  layers.push(anchorLayer(slotAnchors.areas))

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
  if (basemap.labelTiles?.length) {
    sources['basemap-labels'] = { type: 'raster', tiles: basemap.labelTiles, tileSize: 256 }
    layers.push({ id: 'basemap-labels', type: 'raster', source: 'basemap-labels' })
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
  layers.push(anchorLayer(slotAnchors.lines))

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
        'circle-color': clusterColor(categories, visible),
        'circle-opacity': 0.9,
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
    {
      id: ids.clusterCounts,
      type: 'symbol',
      source: ids.facilitiesSource,
      filter: clusterFilter(visible),
      layout: {
        'text-field': ['to-string', visibleClusterCount(visible)],
        'text-font': labelFonts,
        'text-size': 13,
        'text-allow-overlap': true,
      },
      paint: {
        'text-color': '#ffffff',
        'text-halo-color': 'rgba(0,0,0,0.35)',
        'text-halo-width': 1,
      },
    },
    {
      id: ids.facilityLabels,
      type: 'symbol',
      source: ids.facilitiesSource,
      filter: pointFilter(visible),
      minzoom: 15,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': labelFonts,
        'text-size': 12,
        'text-offset': [0, 1.1],
        'text-anchor': 'top',
        'text-max-width': 8,
        'text-optional': true,
      },
      paint: { 'text-color': '#1f2937', 'text-halo-color': haloColor, 'text-halo-width': 1.5 },
    },
    {
      id: ids.communityLabels,
      type: 'symbol',
      source: ids.communitiesSource,
      minzoom: 12.5,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': labelFonts,
        'text-size': ['interpolate', ['linear'], ['zoom'], 12.5, 11, 16, 15],
        'text-max-width': 6,
        'symbol-placement': 'point',
        'text-padding': 4,
      },
      paint: { 'text-color': '#5c4b3b', 'text-halo-color': haloColor, 'text-halo-width': 2 },
    },
    anchorLayer(slotAnchors.top),
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

/**
 * The style with data put into some of its GeoJSON sources (undefined values leave a source as
 * it is). A new style object: the one given is not changed.
 */
export function withSourceData(
  style: StyleSpecification,
  data: Record<string, GeoJSON.GeoJSON | undefined>,
): StyleSpecification {
  const sources = { ...style.sources }
  for (const [id, value] of Object.entries(data)) {
    const source = sources[id]
    if (value === undefined || source?.type !== 'geojson') continue
    sources[id] = { ...source, data: value }
  }
  return { ...style, sources }
}
