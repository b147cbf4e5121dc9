import { DEG_TO_RAD } from '../catalog/geo-limits.ts'
import type { LngLat, Meters } from '../geo/units.ts'
import { EARTH_RADIUS_M, meters } from '../geo/units.ts'

/**
 * Where a resident's distances come from: straight lines now, walking along streets once the
 * network mode is loaded. Everything that lists or judges "how far" (the nearest list, "what is
 * near this home") asks one of these, so swapping the kind swaps every figure at once.
 *
 * The contract the nearest search relies on: a source never reports less than the great-circle
 * distance (a walk is never shorter than the straight line), so a straight-line box around the
 * point is a safe place to look for candidates. `Infinity` means "cannot be reached" (a facility
 * or point the network could not link).
 */
export interface DistanceSource {
  /** What the UI tells residents: straight-line or along streets. */
  readonly mode: 'straight' | 'network'
  /** Metres from `from` to each of `to`, in the same order; `Infinity` where unreachable. */
  distances(from: LngLat, to: readonly LngLat[]): Meters[]
}

/**
 * Great-circle (haversine) distance between two lon/lat points, metres on the sphere of
 * R = 6,371,008.8 m — the distance used everywhere in lifecircle.
 * @example greatCircleM([121.5, 25.0], [121.51, 25.0]) // ≈ 1008.2
 */
export function greatCircleM(a: LngLat, b: LngLat): Meters {
  return meters(greatCircleRaw(a[0], a[1], b[0], b[1]))
}

/** {@link greatCircleM} on bare numbers (degrees in, metres out), for hot loops. */
export function greatCircleRaw(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const p1 = lat1 * DEG_TO_RAD
  const p2 = lat2 * DEG_TO_RAD
  const dp = p2 - p1
  const dl = (lon2 - lon1) * DEG_TO_RAD
  const h = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * The straight-line source: great-circle metres, what residents see until streets are loaded.
 * @example straightLineSource.distances([121.5, 25], [[121.51, 25]]) // [≈ 1008.2]
 */
export const straightLineSource: DistanceSource = {
  mode: 'straight',
  distances(from, to) {
    const out = new Array<Meters>(to.length)
    for (let i = 0; i < to.length; i++) {
      const p = to[i]!
      out[i] = meters(greatCircleRaw(from[0], from[1], p[0], p[1]))
    }
    return out
  },
}
