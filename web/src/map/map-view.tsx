import * as maplibregl from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { categoryName } from '../components/category-name.ts'
import type { Bbox } from '../data/keys.ts'
import type { CategoryRow, CommunityRow, FacilityRow } from '../data/row-schemas.ts'
import { exposeMap, markFacilitiesDrawn as markForTests } from '../testing/test-hooks.ts'
import { announceFacilitiesDrawn } from './first-draw.ts'
import { communityCollection, facilityCollection } from './map-features.ts'
import {
  buildMapStyle,
  clusterColor,
  clusterCounts,
  clusterFilter,
  clusterRadius,
  ids,
  pointFilter,
  pointRadius,
  selectedCommunityFilter,
  selectedFacilityFilter,
  slotAnchors,
  withSourceData,
  type BasemapUrls,
} from './map-style.ts'
import { syncOverlaysReporting } from './overlay.ts'
import type { MapClick, MapMarker, MapOverlay, MapViewState, OverlayState } from './overlay.ts'

// MapLibre finds its worker next to its own module at run time, a path Vite cannot see; the
// `?url` import makes the build emit the worker file and tells MapLibre where it went.
maplibregl.setWorkerUrl(workerUrl)

export interface MapViewProps {
  basemap: BasemapUrls
  categories: readonly CategoryRow[]
  communities: readonly CommunityRow[] | undefined
  /** undefined while loading: the source is left as it is rather than emptied. */
  facilities: readonly FacilityRow[] | undefined
  /** Shown first when there is no `initialView` (a shared link's centre and zoom). */
  initialBounds: Bbox
  initialView?: MapViewState | null
  hiddenCategories?: readonly string[]
  selectedFacilityId?: string | null
  selectedCommunityId?: string | null
  /** A box to show next; a new array (even with equal numbers) moves the map again. */
  focus?: Bbox | null
  /** A point to show next (a chosen home, a search hit), at a street-level zoom. */
  focusPoint?: { lngLat: [number, number]; zoom?: number } | null
  /** The features' own sources and layers (see overlay.ts). */
  overlays?: readonly MapOverlay[]
  markers?: readonly MapMarker[]
  /** 适老化: bigger dots, easier to see and to hit. */
  elderMode?: boolean
  onClick?: (click: MapClick) => void
  /** After every move, with the new centre and zoom (for the URL). */
  onViewChange?: (view: MapViewState) => void
  /** The MapLibre map once created (null when it goes), e.g. to capture it as an image. */
  onMap?: (map: maplibregl.Map | null) => void
}

const fitPadding = 32
// A touch on a phone lands within a finger's width of a small dot, not on it.
const tapTolerancePx = 10
const elderPointScale = 1.5
const round = (n: number, digits: number) => Number(n.toFixed(digits))

/**
 * Calls `drawn` once a frame is drawn with the facilities source fully loaded: the facilities
 * are on screen, though other layers (the basemap, overlays) may still be loading.
 */
function whenDrawn(map: maplibregl.Map, drawn: () => void): void {
  const check = () => {
    if (!map.getSource(ids.facilitiesSource) || !map.isSourceLoaded(ids.facilitiesSource)) return
    map.off('render', check)
    drawn()
  }
  map.on('render', check)
  map.triggerRepaint()
}

/**
 * Calls `drawn` once the map has drawn an overlay's new data: each of its sources has loaded
 * it and a frame has been drawn since, or the map is idle, whichever comes first.
 */
function whenOverlayDrawn(map: maplibregl.Map, sources: string[], drawn: () => void): void {
  // Only a source whose data changed reports loading it again: a change of paint alone is
  // drawn by the next idle at the latest.
  let done = false
  const finish = () => {
    if (done) return
    done = true
    map.off('sourcedata', onData)
    map.off('idle', finish)
    drawn()
  }
  const waiting = new Set(sources)
  const onData = (e: maplibregl.MapSourceDataEvent) => {
    if (!e.isSourceLoaded || !waiting.has(e.sourceId)) return
    waiting.delete(e.sourceId)
    if (waiting.size > 0) return
    map.off('sourcedata', onData)
    map.once('render', finish)
    map.triggerRepaint()
  }
  map.on('sourcedata', onData)
  map.once('idle', finish)
  map.triggerRepaint()
}

function markFacilitiesDrawn(count: number): void {
  announceFacilitiesDrawn()
  markForTests(count)
}

/** The shared map: base layers, facilities, communities and whatever overlays a feature hands it. */
export function MapView({
  basemap,
  categories,
  communities,
  facilities,
  initialBounds,
  initialView = null,
  hiddenCategories = [],
  selectedFacilityId = null,
  selectedCommunityId = null,
  focus = null,
  focusPoint = null,
  overlays = [],
  markers = [],
  elderMode = false,
  onClick,
  onViewChange,
  onMap,
}: MapViewProps) {
  const { t, i18n } = useTranslation()
  const container = useRef<HTMLDivElement>(null)
  const [map, setMap] = useState<maplibregl.Map | null>(null)
  const [loaded, setLoaded] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)

  const categoryStyles = useMemo(
    () => categories.map(({ code, color }) => ({ code, color })),
    // Rebuild the style only when a code or colour changes, not on every refetch.
    [categories.map((c) => `${c.code}${c.color}`).join()],
  )
  const style = useMemo(
    () => buildMapStyle({ basemap, categories: categoryStyles }),
    [basemap, categoryStyles],
  )
  useEffect(() => onMap?.(map), [map, onMap])
  const initial = useRef({ bounds: initialBounds, view: initialView })
  // Handlers are set up once with the map; they read the latest props from here.
  const latest = useRef({ categories, hiddenCategories, language: '', onClick, onViewChange })
  latest.current = { categories, hiddenCategories, language: i18n.language, onClick, onViewChange }
  // The rows already in the map's style when it was created (see below): not set again.
  const rows = useRef({ communities, facilities })
  rows.current = { communities, facilities }
  const seeded = useRef<{ communities?: unknown; facilities?: unknown }>({})

  const overlayState = useRef<OverlayState>(new Map())
  const overlayLayers = useRef<string[]>([])

  useEffect(() => {
    const element = container.current
    if (!element) return
    let created: maplibregl.Map
    const { bounds, view } = initial.current
    // The rows known now go into the style itself, so the first frames drawn already show
    // them; setting them after 'load' costs another round of parsing and drawing.
    const now = rows.current
    seeded.current = { communities: now.communities, facilities: now.facilities }
    const seededStyle = withSourceData(style, {
      [ids.communitiesSource]: now.communities ? communityCollection(now.communities) : undefined,
      [ids.facilitiesSource]: now.facilities ? facilityCollection(now.facilities) : undefined,
    })
    try {
      created = new maplibregl.Map({
        container: element,
        style: seededStyle,
        // No fade-in of labels: each faded frame is a full redraw, slow on software rendering.
        fadeDuration: 0,
        ...(view
          ? { center: view.center, zoom: view.zoom }
          : {
              bounds: bounds as [number, number, number, number],
              fitBoundsOptions: { padding: fitPadding },
            }),
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        maxPitch: 0,
      })
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
      return
    }
    created.touchZoomRotate.disableRotation()
    created.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
    created.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left')
    created.on('load', () => setLoaded(true))
    if (basemap.styleUrl) {
      // A configured style underneath: its sources and layers first, the app's on top.
      created.setStyle(basemap.styleUrl, {
        transformStyle: (_previous, next) => ({
          ...next,
          sources: { ...next.sources, ...style.sources },
          layers: [...next.layers, ...style.layers.filter((l) => l.id !== 'background')],
        }),
      })
    }
    if (basemap.attribution || basemap.styleUrl)
      created.addControl(new maplibregl.AttributionControl({ compact: true }), 'bottom-right')
    created.on('error', (e) => console.error('map error', e.error))
    const seededFacilities = now.facilities
    if (seededFacilities) whenDrawn(created, () => markFacilitiesDrawn(seededFacilities.length))
    created.on('moveend', () => {
      const c = created.getCenter()
      latest.current.onViewChange?.({
        center: [round(c.lng, 5), round(c.lat, 5)],
        zoom: round(created.getZoom(), 2),
      })
    })

    const pick = (point: maplibregl.Point) => {
      const box: [maplibregl.PointLike, maplibregl.PointLike] = [
        [point.x - tapTolerancePx, point.y - tapTolerancePx],
        [point.x + tapTolerancePx, point.y + tapTolerancePx],
      ]
      const distance = (f: maplibregl.MapGeoJSONFeature) =>
        f.geometry.type === 'Point'
          ? created.project(f.geometry.coordinates as [number, number]).dist(point)
          : Infinity
      // Facilities before clusters, then the one nearest the pointer.
      const near = created
        .queryRenderedFeatures(box, { layers: [ids.points, ids.clusters] })
        .sort(
          (a, b) =>
            Number(a.layer.id !== ids.points) - Number(b.layer.id !== ids.points) ||
            distance(a) - distance(b),
        )
      if (near[0]) return near[0]
      const interactive = overlayLayers.current.filter((id) => created.getLayer(id))
      const overlayHit =
        interactive.length > 0
          ? created.queryRenderedFeatures(point, { layers: interactive })[0]
          : undefined
      return (
        overlayHit ?? created.queryRenderedFeatures(point, { layers: [ids.communitiesFill] })[0]
      )
    }

    created.on('click', (e) => {
      const hit = pick(e.point)
      const lngLat: [number, number] = [e.lngLat.lng, e.lngLat.lat]
      const report = latest.current.onClick
      if (!hit) return report?.({ kind: 'empty', lngLat })
      const props = hit.properties as Record<string, unknown>
      if (hit.layer.id === ids.points)
        return report?.({ kind: 'facility', id: String(props.id), lngLat })
      if (hit.layer.id === ids.clusters && hit.geometry.type === 'Point') {
        const center = hit.geometry.coordinates as [number, number]
        const source = created.getSource<maplibregl.GeoJSONSource>(ids.facilitiesSource)
        void source
          ?.getClusterExpansionZoom(Number(props.cluster_id))
          .then((zoom) => created.easeTo({ center, zoom: zoom + 0.1 }))
        return
      }
      if (hit.layer.id === ids.communitiesFill)
        return report?.({ kind: 'community', id: String(props.id), lngLat })
      return report?.({ kind: 'overlay', layerId: hit.layer.id, properties: props, lngLat })
    })
    // What a cluster holds, per category, in a popup built as DOM nodes (never HTML).
    const popup = new maplibregl.Popup({
      closeButton: false,
      closeOnClick: true,
      className: 'cluster-popup',
    })
    created.on('mousemove', (e) => {
      const hit = pick(e.point)
      created.getCanvas().style.cursor = hit ? 'pointer' : ''
      if (hit?.layer.id !== ids.clusters || hit.geometry.type !== 'Point') {
        popup.remove()
        return
      }
      const { categories: all, hiddenCategories: off, language } = latest.current
      const shown = all.filter((c) => !off.includes(c.code))
      const counts = clusterCounts(
        hit.properties as Record<string, unknown>,
        shown.map((c) => c.code),
      )
      popup
        .setLngLat(hit.geometry.coordinates as [number, number])
        .setDOMContent(clusterSummary(shown, counts, language))
        .addTo(created)
    })
    created.on('mouseout', () => popup.remove())

    setMap(created)
    exposeMap(created)
    return () => {
      popup.remove()
      exposeMap(null)
      setMap(null)
      setLoaded(false)
      overlayState.current = new Map()
      created.remove()
    }
  }, [style])

  useEffect(() => {
    if (!map || !loaded || !communities) return
    if (seeded.current.communities === communities) return
    void map
      .getSource<maplibregl.GeoJSONSource>(ids.communitiesSource)
      ?.setData(communityCollection(communities))
  }, [map, loaded, communities])

  useEffect(() => {
    if (!map || !loaded || !facilities) return
    const source = map.getSource<maplibregl.GeoJSONSource>(ids.facilitiesSource)
    if (!source) return
    let cancelled = false
    // Drawn with the style: reported from the map's creation (whenDrawn).
    if (seeded.current.facilities === facilities) return
    const data = facilityCollection(facilities)
    void source.setData(data).then(() => {
      if (!cancelled) whenDrawn(map, () => !cancelled && markFacilitiesDrawn(data.features.length))
    })
    return () => {
      cancelled = true
    }
  }, [map, loaded, facilities])

  const hiddenKey = hiddenCategories.join()
  useEffect(() => {
    if (!map || !loaded) return
    const visible = categoryStyles.map((c) => c.code).filter((c) => !hiddenCategories.includes(c))
    map.setFilter(ids.points, pointFilter(visible))
    map.setFilter(ids.facilityLabels, pointFilter(visible))
    map.setFilter(ids.clusters, clusterFilter(visible))
    map.setFilter(ids.clusterCounts, clusterFilter(visible))
    map.setLayoutProperty(ids.clusterCounts, 'text-field', [
      'to-string',
      ['+', 0, 0, ...visible.map((code) => ['get', `n_${code}`])],
    ])
    map.setPaintProperty(ids.clusters, 'circle-radius', clusterRadius(visible))
    map.setPaintProperty(ids.clusters, 'circle-color', clusterColor(categoryStyles, visible))
  }, [map, loaded, categoryStyles, hiddenKey])

  useEffect(() => {
    if (!map || !loaded) return
    map.setPaintProperty(ids.points, 'circle-radius', pointRadius(elderMode ? elderPointScale : 1))
  }, [map, loaded, elderMode])

  useEffect(() => {
    if (!map || !loaded) return
    map.setFilter(ids.selectedFacility, selectedFacilityFilter(selectedFacilityId))
    map.setFilter(ids.selectedCommunity, selectedCommunityFilter(selectedCommunityId))
  }, [map, loaded, selectedFacilityId, selectedCommunityId])

  useEffect(() => {
    if (!map || !focus) return
    map.fitBounds(focus as [number, number, number, number], { padding: fitPadding, maxZoom: 16 })
  }, [map, focus])

  useEffect(() => {
    if (!map || !focusPoint) return
    map.easeTo({ center: focusPoint.lngLat, zoom: Math.max(map.getZoom(), focusPoint.zoom ?? 15) })
  }, [map, focusPoint])

  useEffect(() => {
    if (!map || !loaded) return
    const { state, changed } = syncOverlaysReporting(
      map as never,
      overlayState.current,
      overlays,
      slotAnchors,
    )
    overlayState.current = state
    overlayLayers.current = overlays.flatMap((o) => o.interactiveLayers ?? [])
    for (const overlay of changed) {
      if (overlay.onApplied) whenOverlayDrawn(map, Object.keys(overlay.sources), overlay.onApplied)
    }
  }, [map, loaded, overlays])

  const markerObjects = useRef(new Map<string, maplibregl.Marker>())
  const dragHandlers = useRef(new Map<string, () => void>())
  useEffect(() => {
    if (!map) return
    const held = markerObjects.current
    const wanted = new Set(markers.map((m) => m.id))
    for (const [id, marker] of held) {
      if (!wanted.has(id)) {
        marker.remove()
        held.delete(id)
      }
    }
    for (const m of markers) {
      let marker = held.get(m.id)
      if (!marker) {
        marker = new maplibregl.Marker({ color: m.color, draggable: !!m.draggable })
          .setLngLat(m.lngLat)
          .addTo(map)
        held.set(m.id, marker)
      } else {
        marker.setLngLat(m.lngLat)
        marker.setDraggable(!!m.draggable)
      }
      const element = marker.getElement()
      element.title = m.label
      element.setAttribute('aria-label', m.label)
      element.setAttribute('data-marker-id', m.id)
      const previous = dragHandlers.current.get(m.id)
      if (previous) marker.off('dragend', previous)
      dragHandlers.current.delete(m.id)
      if (m.onDragEnd) {
        const onDragEnd = m.onDragEnd
        const current = marker
        const handler = () => {
          const p = current.getLngLat()
          onDragEnd([p.lng, p.lat])
        }
        marker.on('dragend', handler)
        dragHandlers.current.set(m.id, handler)
      }
      element.onclick = m.onClick
        ? (e) => {
            e.stopPropagation()
            m.onClick?.()
          }
        : null
    }
  }, [map, markers])
  useEffect(
    () => () => {
      for (const marker of markerObjects.current.values()) marker.remove()
      markerObjects.current.clear()
    },
    [],
  )

  // MapLibre's own controls carry English titles; give them the page's language.
  useEffect(() => {
    if (!map) return
    const label = (selector: string, text: string) => {
      const button = map.getContainer().querySelector<HTMLButtonElement>(selector)
      if (!button) return
      button.title = text
      button.setAttribute('aria-label', text)
    }
    label('.maplibregl-ctrl-zoom-in', t('map.zoomIn'))
    label('.maplibregl-ctrl-zoom-out', t('map.zoomOut'))
    map.getCanvas().setAttribute('aria-label', t('map.label'))
  }, [map, t])

  if (failure) {
    return (
      <div className="map-failure" role="alert">
        <p>{t('map.noWebgl')}</p>
        <pre>{failure}</pre>
      </div>
    )
  }
  return <div ref={container} className="map-canvas" role="region" aria-label={t('map.label')} />
}

/** One line per category in a cluster: swatch, name, count. Built as DOM nodes, never as HTML. */
function clusterSummary(
  categories: readonly CategoryRow[],
  counts: ReadonlyMap<string, number>,
  language: string,
): HTMLElement {
  const list = document.createElement('ul')
  for (const category of categories) {
    const count = counts.get(category.code) ?? 0
    if (count === 0) continue
    const item = document.createElement('li')
    const swatch = document.createElement('span')
    swatch.className = 'swatch'
    swatch.style.background = category.color
    const name = document.createElement('span')
    name.textContent = categoryName(category, language)
    const number = document.createElement('strong')
    number.textContent = String(count)
    item.append(swatch, name, number)
    list.append(item)
  }
  return list
}
