import * as maplibregl from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CoverageResult } from '../../core/coverage/types.ts'
import type { Bbox } from '../../data/keys.ts'
import type { CategoryRow, CommunityRow, FacilityRow } from '../../data/row-schemas.ts'
import { useMapStore, visibleCategories } from '../../state/map-store.ts'
import { COMPLETE, useCoverageStore } from '../../state/coverage-store.ts'
import { usePreferencesStore } from '../../state/preferences-store.ts'
import { categoryName } from './category-name.ts'
import { choroplethCollection, coverageIds, hatchImage } from './coverage/coverage-layers.ts'
import type { GapCollection } from './coverage/use-coverage.ts'
import { communityCollection, facilityCollection } from './map-features.ts'
import {
  buildMapStyle,
  clusterCounts,
  clusterFilter,
  clusterRadius,
  ids,
  pointFilter,
  pointRadius,
  selectedCommunityFilter,
  selectedFacilityFilter,
  type BasemapUrls,
} from './map-style.ts'
import { exposeCoverage, exposeMap, markFacilitiesDrawn } from './test-hooks.ts'

// MapLibre finds its worker next to its own module at run time, a path Vite cannot see; the
// `?url` import makes the build emit the worker file and tells MapLibre where it went.
maplibregl.setWorkerUrl(workerUrl)

export interface MapViewProps {
  basemap: BasemapUrls
  categories: readonly CategoryRow[]
  communities: readonly CommunityRow[] | undefined
  /** undefined while loading: the source is left as it is rather than emptied. */
  facilities: readonly FacilityRow[] | undefined
  initialBounds: Bbox
  /** The coverage figures the choropleth colours communities by (null: not yet computed). */
  coverage?: CoverageResult | null
  /** The selected community's gap polygons (null: none). */
  gaps?: GapCollection | null
}

const noFeatures: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

const fitPadding = 32
// A touch on a phone lands within a finger's width of a small dot, not on it.
const tapTolerancePx = 10
// 适老化: bigger dots are easier to see and to hit.
const elderPointScale = 1.5

export function MapView({
  basemap,
  categories,
  communities,
  facilities,
  initialBounds,
  coverage = null,
  gaps = null,
}: MapViewProps) {
  const { t, i18n } = useTranslation()
  const container = useRef<HTMLDivElement>(null)
  const [map, setMap] = useState<maplibregl.Map | null>(null)
  const [loaded, setLoaded] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const hidden = useMapStore((s) => s.hiddenCategories)
  const selection = useMapStore((s) => s.selection)
  const focus = useMapStore((s) => s.focus)
  const elderMode = usePreferencesStore((s) => s.elderMode)
  const coverageCategory = useCoverageStore((s) => s.category)
  const coverageMetric = useCoverageStore((s) => s.metric)

  const categoryStyles = useMemo(
    () => categories.map(({ code, color }) => ({ code, color })),
    // Rebuild the style only when a code or colour changes, not on every refetch.
    [categories.map((c) => `${c.code}${c.color}`).join()],
  )
  const style = useMemo(
    () => buildMapStyle({ basemap, categories: categoryStyles }),
    [basemap, categoryStyles],
  )
  const initial = useRef(initialBounds)
  // The map's event handlers are set up once; they read what the legend shows now from here.
  const legend = useRef({ categories, hidden, language: '' })
  legend.current = { categories, hidden, language: i18n.language }

  useEffect(() => {
    const element = container.current
    if (!element) return
    let created: maplibregl.Map
    try {
      created = new maplibregl.Map({
        container: element,
        style,
        bounds: initial.current as [number, number, number, number],
        fitBoundsOptions: { padding: fitPadding },
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
    created.on('error', (e) => console.error('map error', e.error))
    // The hatch of communities without a figure is drawn here, not fetched as a sprite.
    created.setMissingStyleImageResolver((id) => {
      if (id === coverageIds.hatchImage && !created.hasImage(id)) created.addImage(id, hatchImage())
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
      return near[0] ?? created.queryRenderedFeatures(point, { layers: [ids.communitiesFill] })[0]
    }

    created.on('click', (e) => {
      const hit = pick(e.point)
      const { select } = useMapStore.getState()
      if (!hit) return select(null)
      const props = hit.properties as Record<string, unknown>
      if (hit.layer.id === ids.points) return select({ kind: 'facility', id: String(props.id) })
      if (hit.layer.id === ids.clusters && hit.geometry.type === 'Point') {
        const center = hit.geometry.coordinates as [number, number]
        const source = created.getSource<maplibregl.GeoJSONSource>(ids.facilitiesSource)
        void source
          ?.getClusterExpansionZoom(Number(props.cluster_id))
          .then((zoom) => created.easeTo({ center, zoom: zoom + 0.1 }))
        return
      }
      select({ kind: 'community', id: String(props.id) })
    })
    // Cluster counts as HTML in a popup: text drawn by MapLibre would need glyphs from a server.
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
      const { categories: all, hidden: off, language } = legend.current
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
      created.remove()
    }
  }, [style])

  useEffect(() => {
    if (!map || !loaded || !communities) return
    void map
      .getSource<maplibregl.GeoJSONSource>(ids.communitiesSource)
      ?.setData(communityCollection(communities))
  }, [map, loaded, communities])

  useEffect(() => {
    if (!map || !loaded || !communities || !coverage) return
    const source = map.getSource<maplibregl.GeoJSONSource>(coverageIds.source)
    if (!source) return
    // The complete life circle exists for people only (the engine's complete_share).
    const metric = coverageCategory === COMPLETE ? 'population' : coverageMetric
    let cancelled = false
    void source
      .setData(choroplethCollection(communities, coverage, coverageCategory, metric))
      .then(() => {
        if (!cancelled) exposeCoverage(coverage)
      })
    return () => {
      cancelled = true
    }
  }, [map, loaded, communities, coverage, coverageCategory, coverageMetric])

  useEffect(() => {
    if (!map || !loaded) return
    void map
      .getSource<maplibregl.GeoJSONSource>(coverageIds.gapsSource)
      ?.setData(gaps ?? noFeatures)
  }, [map, loaded, gaps])

  useEffect(() => {
    if (!map || !loaded || !facilities) return
    const source = map.getSource<maplibregl.GeoJSONSource>(ids.facilitiesSource)
    if (!source) return
    const data = facilityCollection(facilities)
    let cancelled = false
    void source.setData(data).then(() => {
      if (cancelled) return
      map.once('idle', () => {
        if (!cancelled) markFacilitiesDrawn(data.features.length)
      })
      map.triggerRepaint()
    })
    return () => {
      cancelled = true
    }
  }, [map, loaded, facilities])

  useEffect(() => {
    if (!map || !loaded) return
    const visible = visibleCategories(
      categoryStyles.map((c) => c.code),
      hidden,
    )
    map.setFilter(ids.points, pointFilter(visible))
    map.setFilter(ids.clusters, clusterFilter(visible))
    map.setPaintProperty(ids.clusters, 'circle-radius', clusterRadius(visible))
  }, [map, loaded, categoryStyles, hidden])

  useEffect(() => {
    if (!map || !loaded) return
    map.setPaintProperty(ids.points, 'circle-radius', pointRadius(elderMode ? elderPointScale : 1))
  }, [map, loaded, elderMode])

  useEffect(() => {
    if (!map || !loaded) return
    map.setFilter(
      ids.selectedFacility,
      selectedFacilityFilter(selection?.kind === 'facility' ? selection.id : null),
    )
    map.setFilter(
      ids.selectedCommunity,
      selectedCommunityFilter(selection?.kind === 'community' ? selection.id : null),
    )
  }, [map, loaded, selection])

  useEffect(() => {
    if (!map || !focus) return
    map.fitBounds(focus as [number, number, number, number], { padding: fitPadding, maxZoom: 16 })
  }, [map, focus])

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
