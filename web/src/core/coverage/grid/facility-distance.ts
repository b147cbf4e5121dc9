import { sphereDistance, type Seeds } from './nearest-seeds.ts'
import { polysBox } from './rasterize.ts'
import { pointInPlanePolygon, type PlanePolygon } from '../plane-polygon.ts'

/**
 * Great-circle metres from a point to a community (0 inside), in the model's plane: the
 * distance to the nearest point of any ring edge, measured like every other grid distance.
 * @example pointToCommunityDistance(polys, 120, -40)
 */
export function pointToCommunityDistance(
  polys: readonly PlanePolygon[],
  px: number,
  py: number,
): number {
  let best = Infinity
  for (const poly of polys) {
    if (pointInPlanePolygon(poly, px, py)) return 0
    const { xs, ys, ringStart } = poly
    for (let k = 0; k + 1 < ringStart.length; k++) {
      const begin = ringStart[k]!
      const end = ringStart[k + 1]!
      for (let i = begin; i < end; i++) {
        const j = i + 1 < end ? i + 1 : begin
        const x0 = xs[i]!
        const y0 = ys[i]!
        const dx = xs[j]! - x0
        const dy = ys[j]! - y0
        const len2 = dx * dx + dy * dy
        let t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0
        t = t < 0 ? 0 : t > 1 ? 1 : t
        const d = sphereDistance(px, py, x0 + t * dx, y0 + t * dy)
        if (d < best) best = d
      }
    }
  }
  return best
}

/**
 * Sorted great-circle distances (m) from every active seed within `cap` metres of a community
 * to the community: "facilities in reach" at any reach r ≤ cap is the count of values ≤ r.
 * `byY` is the active seeds sorted by y (see seedsByY), used to skip far rows of seeds.
 * @example gridFacilityDistances(polys, seeds, seedsByY(seeds), 1000)
 */
export function gridFacilityDistances(
  polys: readonly PlanePolygon[],
  seeds: Seeds,
  byY: Int32Array,
  cap: number,
): Float32Array {
  const [minX, minY, maxX, maxY] = polysBox(polys)
  // Plane vs sphere differ by < 1e-4 relative over a city; the slack keeps the prefilter safe.
  const m = cap * 1.001 + 1
  const { x, y } = seeds
  let lo = 0
  let hi = byY.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (y[byY[mid]!]! < minY - m) lo = mid + 1
    else hi = mid
  }
  const out: number[] = []
  for (let q = lo; q < byY.length; q++) {
    const s = byY[q]!
    const sy = y[s]!
    if (sy > maxY + m) break
    const sx = x[s]!
    if (sx < minX - m || sx > maxX + m) continue
    const d = pointToCommunityDistance(polys, sx, sy)
    if (d <= cap) out.push(d)
  }
  return Float32Array.from(out).sort()
}
