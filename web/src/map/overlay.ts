import type { LayerSpecification } from 'maplibre-gl'
import type { slotAnchors } from './map-style.ts'

/** Where an overlay layer goes in the map's stack (see `slotAnchors` in map-style.ts). */
export type OverlaySlot = keyof typeof slotAnchors

/** A GeoJSON source a feature hands the map; `data` is replaced when its reference changes. */
export interface OverlaySource {
  data: GeoJSON.FeatureCollection | GeoJSON.Feature
  /** Feature property used as the feature id (feature-state, stable picking). */
  promoteId?: string
}

/** A layer of an overlay; `source` names one of the overlay's own sources. */
export type OverlayLayer = LayerSpecification & { slot?: OverlaySlot }

/**
 * The typed contract through which a feature puts its own things on the shared map (a
 * choropleth, gap polygons, reach shapes, scenario edits) without the map knowing the feature.
 * Source and layer ids must be unique across overlays; prefix them with the overlay's id.
 */
export interface MapOverlay {
  id: string
  sources: Record<string, OverlaySource>
  layers: readonly OverlayLayer[]
  /** Pattern images the layers use, as RGBA pixels (no sprite request). */
  images?: Record<string, { width: number; height: number; data: Uint8Array }>
  /** Layers whose features are reported to the map's click handler as `overlay` hits. */
  interactiveLayers?: readonly string[]
  /** Called once the map has drawn this overlay's current data (the next `idle` after a change). */
  onApplied?: () => void
}

/** A point a user can see and, when `draggable`, move: an edited facility, a proposed site. */
export interface MapMarker {
  id: string
  lngLat: [number, number]
  color: string
  /** Accessible name, also the marker's tooltip. */
  label: string
  draggable?: boolean
  onDragEnd?: (lngLat: [number, number]) => void
  onClick?: () => void
}

/** What a click or tap on the map hit, most specific first. */
export type MapClick =
  | { kind: 'facility'; id: string; lngLat: [number, number] }
  | {
      kind: 'overlay'
      layerId: string
      properties: Record<string, unknown>
      lngLat: [number, number]
    }
  | { kind: 'community'; id: string; lngLat: [number, number] }
  | { kind: 'empty'; lngLat: [number, number] }

/** Map centre and zoom, as kept in a shared link. */
export interface MapViewState {
  center: [number, number]
  zoom: number
}

/** The part of MapLibre's Map the overlay sync uses; a fake of it is enough in unit tests. */
export interface OverlayTarget {
  getSource(id: string): { setData(data: unknown): unknown } | undefined
  addSource(id: string, source: unknown): unknown
  removeSource(id: string): unknown
  getLayer(id: string): unknown
  addLayer(layer: LayerSpecification, before?: string): unknown
  removeLayer(id: string): unknown
  hasImage(id: string): boolean
  addImage(id: string, image: { width: number; height: number; data: Uint8Array }): unknown
}

/** What the map currently holds of each overlay, to diff the next set against. */
export type OverlayState = Map<
  string,
  { sources: Map<string, OverlaySource['data']>; layers: Map<string, string> }
>

/**
 * Brings the map's overlay sources and layers in line with `next`: new ones added at their
 * slot, changed data set (by reference), changed layer specs replaced, gone ones removed.
 * Returns the new state. Layers are compared by their JSON, so a new but equal spec costs nothing.
 */
export function syncOverlays(
  map: OverlayTarget,
  previous: OverlayState,
  next: readonly MapOverlay[],
  anchors: Record<OverlaySlot, string>,
): OverlayState {
  return syncOverlaysReporting(map, previous, next, anchors).state
}

/** As syncOverlays, also naming the overlays whose data or layers changed. */
export function syncOverlaysReporting(
  map: OverlayTarget,
  previous: OverlayState,
  next: readonly MapOverlay[],
  anchors: Record<OverlaySlot, string>,
): { state: OverlayState; changed: MapOverlay[] } {
  const changed: MapOverlay[] = []
  const state: OverlayState = new Map()
  const wanted = new Set(next.map((o) => o.id))
  for (const [id, held] of previous) {
    if (wanted.has(id)) continue
    for (const layerId of held.layers.keys()) if (map.getLayer(layerId)) map.removeLayer(layerId)
    for (const sourceId of held.sources.keys())
      if (map.getSource(sourceId)) map.removeSource(sourceId)
  }
  for (const overlay of next) {
    const held = previous.get(overlay.id)
    let touched = !held
    const sources = new Map<string, OverlaySource['data']>()
    const layers = new Map<string, string>()
    for (const [name, image] of Object.entries(overlay.images ?? {})) {
      if (!map.hasImage(name)) map.addImage(name, image)
    }
    const keptLayers = new Set<string>()
    for (const layer of overlay.layers) {
      const spec = JSON.stringify(layer)
      if (held?.layers.get(layer.id) === spec && map.getLayer(layer.id)) keptLayers.add(layer.id)
    }
    // Layers that change or go are removed before their sources can be replaced.
    for (const layerId of held?.layers.keys() ?? []) {
      if (!keptLayers.has(layerId) && map.getLayer(layerId)) map.removeLayer(layerId)
    }
    for (const [sourceId, source] of Object.entries(overlay.sources)) {
      const existing = map.getSource(sourceId)
      if (!existing) {
        map.addSource(sourceId, {
          type: 'geojson',
          data: source.data,
          ...(source.promoteId ? { promoteId: source.promoteId } : {}),
        })
        touched = true
      } else if (held?.sources.get(sourceId) !== source.data) {
        existing.setData(source.data)
        touched = true
      }
      sources.set(sourceId, source.data)
    }
    for (const sourceId of held?.sources.keys() ?? []) {
      if (!sources.has(sourceId) && map.getSource(sourceId)) map.removeSource(sourceId)
    }
    for (const layer of overlay.layers) {
      const { slot = 'lines', ...spec } = layer
      if (!keptLayers.has(layer.id)) {
        map.addLayer(spec as LayerSpecification, anchors[slot])
        touched = true
      }
      layers.set(layer.id, JSON.stringify(layer))
    }
    state.set(overlay.id, { sources, layers })
    if (touched) changed.push(overlay)
  }
  return { state, changed }
}
