import { area, bbox, circle, difference, featureCollection, union } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import { EARTH_RADIUS_M } from '../geo/units.ts'
import type { CommunityFeature, FacilityFeature } from './types.ts'

export interface GapOptions {
  /** Vertices per reach circle (default 64; at least 64). */
  steps?: number
  /** Gap pieces smaller than this many m² are dropped (default 100). */
  min_gap_area_m2?: number
  /** Statuses that count (default ['open'], as in the coverage figures). */
  count_statuses?: ReadonlyArray<'open' | 'closed' | 'planned'>
}

const DEG = Math.PI / 180

/**
 * The union of the reach circles of the facilities that can touch the community's bbox, as
 * Turf polygons (`steps` vertices each), folded one circle at a time: `turf.union` of all the
 * circles at once is what made the naive method take hours and throw "Unable to complete
 * output ring"; folding only nearby circles keeps each union small. For display and as the
 * slow reference in tests, never on the hot path. null when no circle is near.
 * @example reachUnion(community, facilities, 1000, 64)
 */
export function reachUnion(
  community: Feature<Polygon | MultiPolygon>,
  facilities: readonly FacilityFeature[],
  reachM: number,
  steps: number,
  countStatuses: ReadonlyArray<string> = ['open'],
): Feature<Polygon | MultiPolygon> | null {
  const [w, s, e, n] = bbox(community)
  const dLat = (reachM / EARTH_RADIUS_M / DEG) * 1.001
  const dLon = dLat / Math.cos(Math.min(89, Math.max(Math.abs(s), Math.abs(n)) + dLat) * DEG)
  const seen = new Set<string>()
  let acc: Feature<Polygon | MultiPolygon> | null = null
  for (const f of facilities) {
    if (!countStatuses.includes(f.properties.status ?? 'open')) continue
    const [x, y] = f.geometry.coordinates as [number, number]
    if (x < w - dLon || x > e + dLon || y < s - dLat || y > n + dLat) continue
    const key = `${x},${y}`
    if (seen.has(key)) continue
    seen.add(key)
    const c = circle([x, y], reachM / 1000, { steps, units: 'kilometers' })
    acc = acc ? union(featureCollection([acc, c])) : c
  }
  return acc
}

/**
 * The parts of a community out of reach of every facility given (its gap), as one MultiPolygon,
 * pieces under `min_gap_area_m2` dropped. Pass the facilities of one category. For the selected
 * community on the map (Turf, 64-step circles), not for the coverage figures.
 * @example gapPolygons(community, stores, 1000, { min_gap_area_m2: 100 })
 */
export function gapPolygons(
  community: CommunityFeature,
  facilities: readonly FacilityFeature[],
  reachM: number,
  options: GapOptions = {},
): Feature<MultiPolygon, { id: string; reach_m: number; gap_area_m2: number }> {
  const steps = Math.max(64, options.steps ?? 64)
  const minArea = options.min_gap_area_m2 ?? 100
  const covered = reachUnion(community, facilities, reachM, steps, options.count_statuses)
  const rest = covered ? difference(featureCollection([community, covered])) : community
  const pieces: Position[][][] = []
  let total = 0
  if (rest) {
    const polys =
      rest.geometry.type === 'Polygon' ? [rest.geometry.coordinates] : rest.geometry.coordinates
    for (const rings of polys) {
      const a = area({ type: 'Polygon', coordinates: rings })
      if (a < minArea) continue
      pieces.push(rings)
      total += a
    }
  }
  return {
    type: 'Feature',
    geometry: { type: 'MultiPolygon', coordinates: pieces },
    properties: { id: community.properties.id, reach_m: reachM, gap_area_m2: total },
  }
}
