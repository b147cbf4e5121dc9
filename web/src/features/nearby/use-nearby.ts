import { useEffect, useMemo, useState } from 'react'
import { createCommunityLocator } from '../../core/nearby/community-locator.ts'
import { buildNearbyIndex } from '../../core/nearby/nearest-list.ts'
import { buildSearchIndex, type SearchIndex } from '../../core/search/search-index.ts'
import { loadSimplifier } from '../../core/search/normalize-text.ts'
import type { CommunityRow, FacilityRow } from '../../data/row-schemas.ts'

/** A facility as the resident tools read it: the row, plus the community's name for search. */
export type ResidentFacility = FacilityRow

/** Open and published facilities by category, with a point index, rebuilt when rows change. */
export function useNearbyIndex(facilities: readonly FacilityRow[] | undefined) {
  return useMemo(() => buildNearbyIndex(facilities ?? []), [facilities])
}

/** Which community a point lies in. */
export function useCommunityLocator(communities: readonly CommunityRow[] | undefined) {
  return useMemo(
    () =>
      createCommunityLocator(
        (communities ?? []).map((c) => ({
          id: c.id,
          name: c.name,
          geometry: c.boundary as GeoJSON.Polygon | GeoJSON.MultiPolygon,
        })),
      ),
    [communities],
  )
}

export interface SearchEntry {
  kind: 'facility' | 'community' | 'street'
  id: string
  name: string
  address: string | null
  community: string | null
  category: string | null
  lon: number
  lat: number
}

/**
 * One search over facilities, communities and streets (街道), tolerant of Traditional input:
 * the converter loads on first use, and until it has, the index folds width and case only.
 */
export function useSearchIndex(
  facilities: readonly FacilityRow[] | undefined,
  communities: readonly CommunityRow[] | undefined,
): SearchIndex<SearchEntry> | null {
  const [simplify, setSimplify] = useState<((s: string) => string) | null>(null)
  useEffect(() => {
    let live = true
    loadSimplifier().then(
      (fn) => live && setSimplify(() => fn),
      (error: unknown) => console.warn('Traditional Chinese folding unavailable', error),
    )
    return () => {
      live = false
    }
  }, [])
  return useMemo(() => {
    if (!facilities || !communities) return null
    const names = new Map(communities.map((c) => [c.id, c.name]))
    const entries: SearchEntry[] = []
    for (const f of facilities) {
      if (f.published === false) continue
      entries.push({
        kind: 'facility',
        id: f.id,
        name: f.name,
        address: f.address ?? null,
        community: f.community_id ? (names.get(f.community_id) ?? null) : null,
        category: f.category,
        lon: f.lon,
        lat: f.lat,
      })
    }
    const streets = new Map<string, { lon: number; lat: number; n: number }>()
    for (const c of communities) {
      const center = centroidOf(c.boundary as GeoJSON.Polygon | GeoJSON.MultiPolygon)
      entries.push({
        kind: 'community',
        id: c.id,
        name: c.name,
        address: c.street ?? null,
        community: c.district ?? null,
        category: null,
        lon: center[0],
        lat: center[1],
      })
      if (c.street) {
        const s = streets.get(c.street) ?? { lon: 0, lat: 0, n: 0 }
        streets.set(c.street, { lon: s.lon + center[0], lat: s.lat + center[1], n: s.n + 1 })
      }
    }
    for (const [name, s] of streets)
      entries.push({
        kind: 'street',
        id: `street:${name}`,
        name,
        address: null,
        community: null,
        category: null,
        lon: s.lon / s.n,
        lat: s.lat / s.n,
      })
    return buildSearchIndex(
      entries,
      (e) => ({
        name: e.name,
        address: e.address,
        community: e.community,
        lon: e.lon,
        lat: e.lat,
      }),
      simplify ? { simplify } : {},
    )
  }, [facilities, communities, simplify])
}

/** The mean of a polygon's outer-ring vertices: a label point good enough to centre the map. */
export function centroidOf(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): [number, number] {
  const rings =
    geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0])
  let x = 0
  let y = 0
  let n = 0
  for (const ring of rings) {
    for (const [lon, lat] of (ring ?? []).slice(0, -1)) {
      x += lon!
      y += lat!
      n++
    }
  }
  return n ? [x / n, y / n] : [0, 0]
}

/** The current time, refreshed every minute, for "open now". */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), intervalMs)
    return () => clearInterval(id)
  }, [intervalMs])
  return now
}
