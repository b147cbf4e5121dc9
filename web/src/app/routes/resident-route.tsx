import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isOpenAt } from '../../core/catalog/opening-hours.ts'
import { reachAtPace } from '../../core/catalog/paces.ts'
import { minutes as asMinutes } from '../../core/geo/units.ts'
import { paceForCategory } from '../../core/nearby/nearest-list.ts'
import { CommunityPicker } from '../../features/nearby/community-picker.tsx'
import { DetailsPanel } from '../../features/nearby/details-panel.tsx'
import { FacilitySearch } from '../../features/nearby/facility-search.tsx'
import { FilterChips } from '../../features/nearby/filter-chips.tsx'
import { NearbyPanel } from '../../features/nearby/nearby-panel.tsx'
import { reachOverlay } from '../../features/nearby/reach-overlay.ts'
import {
  useCommunityLocator,
  useNearbyIndex,
  useNow,
  useSearchIndex,
  type SearchEntry,
} from '../../features/nearby/use-nearby.ts'
import type { FacilityRow } from '../../data/row-schemas.ts'
import type { MapClick, MapViewState } from '../../map/overlay.ts'
import { useMapStore } from '../../state/map-store.ts'
import { usePreferencesStore } from '../../state/preferences-store.ts'
import { MapArea } from './map-area.tsx'
import {
  formatPoint,
  formatView,
  parsePoint,
  parseView,
  type ResidentSearch,
} from './search-params.ts'
import { useBaseMap } from './use-base-map.ts'
import { useMapUrlSync } from './use-url-sync.ts'
import { WorkspaceLayout } from './workspace-layout.tsx'

export interface RouteProps<S> {
  search: S
  /** Merge a patch into the URL's search (replacing the history entry). */
  setSearch: (patch: Partial<S>) => void
}

const REACH_MINUTES = asMinutes(15)

/**
 * `/` — the residents' map: what is around (chips, open now), near me or near a chosen home,
 * search, a facility's card with directions and feedback. Everything a link should carry is in
 * the URL (`at`, `pace`, `open`, `f`, `c`, `hide`, `v`, `list`).
 */
export function ResidentRoute({ search, setSearch }: RouteProps<ResidentSearch>) {
  const { t } = useTranslation()
  const base = useBaseMap()
  useMapUrlSync(search, setSearch)
  const hidden = useMapStore((s) => s.hiddenCategories)
  const selection = useMapStore((s) => s.selection)
  const focus = useMapStore((s) => s.focus)
  const elderMode = usePreferencesStore((s) => s.elderMode)
  // Only the opening view: later moves are the map's own.
  const [initialView] = useState(() => parseView(search.v))
  const [picking, setPicking] = useState(false)
  const [locating, setLocating] = useState(false)
  const [locateError, setLocateError] = useState<string | null>(null)
  const [focusPoint, setFocusPoint] = useState<{ lngLat: [number, number]; zoom?: number } | null>(
    null,
  )
  const now = useNow()

  const { categories, communities, facilities } = base
  const point = parsePoint(search.at)
  const pace = search.pace ?? null
  const openNow = search.open === '1'
  const listFirst = search.list === '1'

  const openNowFilter = useMemo(
    () =>
      openNow
        ? (f: FacilityRow) => f.status === 'open' && (!f.hours || isOpenAt(f.hours, now) !== false)
        : null,
    [openNow, now],
  )
  // Residents never see a closed or planned facility drawn as open; with "open now", only those open.
  const shownFacilities = useMemo(
    () =>
      facilities.data && openNowFilter ? facilities.data.filter(openNowFilter) : facilities.data,
    [facilities.data, openNowFilter],
  )
  const index = useNearbyIndex(facilities.data)
  const locator = useCommunityLocator(communities.data)
  const searchIndex = useSearchIndex(facilities.data, communities.data)
  const [searchHits, setSearchHits] = useState<SearchEntry[]>([])

  const pointKey = search.at ?? ''
  const overlays = useMemo(() => {
    const list = []
    const at = parsePoint(pointKey)
    if (at && categories.data) {
      // One ring per distinct reach: a canteen at the elderly pace reaches less far than a store.
      const rings = new Map<number, { reachM: number; color: string; label: string }>()
      for (const c of categories.data) {
        if (hidden.includes(c.code)) continue
        const p = pace ?? paceForCategory(c.code)
        const reachM = reachAtPace(REACH_MINUTES, p)
        if (!rings.has(reachM)) rings.set(reachM, { reachM, color: c.color, label: c.code })
      }
      list.push(reachOverlay(at, [...rings.values()]))
    }
    if (searchHits.length > 0) {
      list.push({
        id: 'search-hits',
        sources: {
          'search-hits': {
            data: {
              type: 'FeatureCollection' as const,
              features: searchHits.map((h) => ({
                type: 'Feature' as const,
                geometry: { type: 'Point' as const, coordinates: [h.lon, h.lat] },
                properties: { id: h.id, kind: h.kind },
              })),
            },
          },
        },
        layers: [
          {
            id: 'search-hits',
            type: 'circle' as const,
            source: 'search-hits',
            slot: 'top' as const,
            paint: {
              'circle-radius': 12,
              'circle-color': 'rgba(0,0,0,0)',
              'circle-stroke-color': '#f59f00',
              'circle-stroke-width': 3,
            },
          },
        ],
      })
    }
    return list
  }, [pointKey, pace, categories.data, hidden, searchHits])

  const setPoint = useCallback(
    (at: [number, number] | null) => {
      setSearch({ at: at ? formatPoint(at) : undefined })
      if (at) setFocusPoint({ lngLat: at, zoom: 15 })
    },
    [setSearch],
  )
  const onClick = useCallback(
    (click: MapClick) => {
      const { select } = useMapStore.getState()
      if (picking) {
        setPicking(false)
        setPoint(click.lngLat)
        return
      }
      if (click.kind === 'facility') select({ kind: 'facility', id: click.id })
      else if (click.kind === 'community') select({ kind: 'community', id: click.id })
      else select(null)
    },
    [picking, setPoint],
  )
  const onViewChange = useCallback(
    (view: MapViewState) => setSearch({ v: formatView(view) }),
    [setSearch],
  )
  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setLocateError(t('nearby.noGeolocation'))
      return
    }
    setLocating(true)
    setLocateError(null)
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false)
        setPoint([position.coords.longitude, position.coords.latitude])
      },
      (error) => {
        setLocating(false)
        setLocateError(
          error.code === error.PERMISSION_DENIED ? t('nearby.denied') : t('nearby.unavailable'),
        )
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    )
  }, [setPoint, t])
  const onPickSearch = useCallback(
    (entry: SearchEntry) => {
      const { select } = useMapStore.getState()
      if (entry.kind === 'facility') {
        select({ kind: 'facility', id: entry.id })
        setFocusPoint({ lngLat: [entry.lon, entry.lat], zoom: 16 })
      } else {
        // A community or a street: that is where the resident is, or wants to live.
        setPoint([entry.lon, entry.lat])
        if (entry.kind === 'community') select({ kind: 'community', id: entry.id })
      }
      setSearchHits([])
    },
    [setPoint],
  )
  const toggleCategory = useCallback((code: string) => {
    useMapStore.getState().toggleCategory(code)
  }, [])

  const nearby = categories.data ? (
    <NearbyPanel
      categories={categories.data.filter((c) => !hidden.includes(c.code))}
      index={index}
      locator={locator}
      point={point}
      pace={pace}
      picking={picking}
      openNowFilter={openNowFilter}
      onLocate={locate}
      locating={locating}
      locateError={locateError}
      onTogglePicking={() => setPicking((p) => !p)}
      onClearPoint={() => setPoint(null)}
      onPaceChange={(p) => setSearch({ pace: p ?? undefined })}
      onSelectFacility={(id) => {
        useMapStore.getState().select({ kind: 'facility', id })
        const f = facilities.data?.find((x) => x.id === id)
        if (f) setFocusPoint({ lngLat: [f.lon, f.lat] })
      }}
    />
  ) : null

  return (
    <WorkspaceLayout
      workspace="resident"
      listFirst={listFirst}
      map={
        <>
          <MapArea
            base={{
              ...base,
              facilities: { ...facilities, data: shownFacilities } as typeof facilities,
            }}
            initialView={initialView}
            hiddenCategories={hidden}
            selectedFacilityId={selection?.kind === 'facility' ? selection.id : null}
            selectedCommunityId={selection?.kind === 'community' ? selection.id : null}
            focus={focus}
            focusPoint={focusPoint}
            overlays={overlays}
            elderMode={elderMode}
            onClick={onClick}
            onViewChange={onViewChange}
          />
          {picking && (
            <p className="map-banner" role="status">
              {t('nearby.pickBanner')}
            </p>
          )}
        </>
      }
      panel={
        <>
          <FacilitySearch
            index={searchIndex}
            near={point}
            onPick={onPickSearch}
            onResults={setSearchHits}
          />
          {categories.data && (
            <FilterChips
              categories={categories.data}
              hidden={hidden}
              openNow={openNow}
              onToggleCategory={toggleCategory}
              onToggleOpenNow={() => setSearch({ open: openNow ? undefined : '1' })}
            />
          )}
          <div className="view-switch">
            <button
              type="button"
              aria-pressed={listFirst}
              data-testid="list-first"
              onClick={() => setSearch({ list: listFirst ? undefined : '1' })}
            >
              {listFirst ? t('nearby.showMap') : t('nearby.showList')}
            </button>
          </div>
          <DetailsPanel
            categories={categories.data ?? []}
            communities={communities.data}
            facilities={facilities.data}
            from={point}
            pace={pace}
            now={now}
            feedback
            empty={null}
          />
          {nearby}
          {communities.data && <CommunityPicker communities={communities.data} />}
        </>
      }
    />
  )
}
