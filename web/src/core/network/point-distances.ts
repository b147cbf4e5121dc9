import type { EdgeSnapper } from './edge-snapper.ts'
import { nearestByNetwork } from './network-distances.ts'
import { haversineM } from './walk-graph.ts'

/** One point × category: what a person can check point by point. */
export interface PointDistanceRow {
  point_id: string
  category: string
  /** Walking distance (m) to the nearest linked facility; null when unlinked or none reachable. */
  network_m: number | null
  /** Great-circle distance (m) to the nearest facility, linked or not; null when there is none. */
  straight_m: number | null
  /** Whether the point lies within the snap distance of the network. */
  linked: boolean
}

/**
 * Nearest-facility distances along the streets and in a straight line, for each point and each
 * category (facility positions per category, `[lon, lat]`). One multi-source search per
 * category; the straight-line nearest is found by a sweep over facilities sorted by latitude.
 * @example pointDistances(snapper, [{ id: 'home', lngLat: [121.54, 25.03] }], new Map([['store', [[121.541, 25.031]]]]))
 */
export function pointDistances(
  snapper: EdgeSnapper,
  points: readonly { id: string; lngLat: readonly [number, number] }[],
  facilities: ReadonlyMap<string, readonly (readonly [number, number])[]>,
  maxSnapM?: number,
): PointDistanceRow[] {
  const pLngLat = points.flatMap((p) => [p.lngLat[0], p.lngLat[1]])
  const pLinks = snapper.link(pLngLat, maxSnapM)
  const rows: PointDistanceRow[] = []
  const perCategory = [...facilities].map(([category, list]) => {
    const fLinks = snapper.link(
      list.flatMap((f) => [f[0], f[1]]),
      maxSnapM,
    )
    const net = nearestByNetwork(snapper.graph, pLinks, fLinks).distance
    const byLat = [...list].sort((a, b) => a[1] - b[1])
    return { category, net, byLat }
  })
  points.forEach((p, i) => {
    for (const { category, net, byLat } of perCategory) {
      const d = net[i]!
      rows.push({
        point_id: p.id,
        category,
        network_m: Number.isFinite(d) ? d : null,
        straight_m: nearestStraight(byLat, p.lngLat[0], p.lngLat[1]),
        linked: pLinks.edge[i]! >= 0,
      })
    }
  })
  return rows
}

const M_PER_DEG_LAT = (6_371_008.8 * Math.PI) / 180

/** Nearest great-circle distance (m) from a point to facilities sorted by latitude. */
function nearestStraight(
  byLat: readonly (readonly [number, number])[],
  lon: number,
  lat: number,
): number | null {
  if (byLat.length === 0) return null
  let lo = 0
  let hi = byLat.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (byLat[mid]![1] < lat) lo = mid + 1
    else hi = mid
  }
  let best = Infinity
  // A facility more than `best` metres of latitude away cannot be nearer (1e-9 for rounding).
  for (let k = lo; k < byLat.length; k++) {
    if ((byLat[k]![1] - lat) * M_PER_DEG_LAT * (1 - 1e-9) > best) break
    best = Math.min(best, haversineM(lon, lat, byLat[k]![0], byLat[k]![1]))
  }
  for (let k = lo - 1; k >= 0; k--) {
    if ((lat - byLat[k]![1]) * M_PER_DEG_LAT * (1 - 1e-9) > best) break
    best = Math.min(best, haversineM(lon, lat, byLat[k]![0], byLat[k]![1]))
  }
  return best
}
