import { area, bbox, circle, difference, featureCollection, union } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import type { CommunityFeature, FacilityFeature } from '../../web/src/core/coverage/types.ts'
import { EARTH_RADIUS_M } from '../../web/src/core/geo/units.ts'

export interface TurfReferenceOptions {
  /** Vertices per circle (Turf's default is 64). */
  steps?: number
  /**
   * `all`: one `union` call over all circles, then `difference` (the obvious approach measured
   * in issue 3, and the benchmark's baseline);
   * `fold`: the union folded one circle at a time, as the community minus each circle in turn:
   * C \ (D₁ ∪ … ∪ Dₙ) = (…(C \ D₁) \ …) \ Dₙ. The same set, but each step clips a piece no
   * bigger than the community instead of a growing union, so it is 10–50× faster on dense
   * facilities (the reference of the real-data test).
   */
  union?: 'fold' | 'all'
}

const DEG_PER_M = 180 / (Math.PI * EARTH_RADIUS_M)

/**
 * Share of a community's area within `reachM` metres of any of `facilities`, the slow way:
 * a Turf circle per facility whose circle can touch the community (bounding boxes), their
 * union, the community minus the union (`difference`), areas. The independent check of the
 * exact method in tests and the naive baseline of the benchmark.
 * @example turfAreaShare(community, stores, 1000, { steps: 256, union: 'fold' }) // 0.83
 */
export function turfAreaShare(
  community: CommunityFeature,
  facilities: readonly FacilityFeature[],
  reachM: number,
  options: TurfReferenceOptions = {},
): number {
  const steps = options.steps ?? 64
  const [w, s, e, n] = bbox(community)
  const dLat = reachM * DEG_PER_M
  const dLon = dLat / Math.cos((Math.max(Math.abs(s), Math.abs(n)) * Math.PI) / 180)
  const circles: Feature<Polygon>[] = []
  for (const f of facilities) {
    const [x, y] = f.geometry.coordinates as [number, number]
    if (x < w - dLon || x > e + dLon || y < s - dLat || y > n + dLat) continue
    circles.push(circle([x, y], reachM / 1000, { steps, units: 'kilometers' }))
  }
  const total = area(community)
  if (circles.length === 0 || total === 0) return 0
  if (options.union === 'fold') {
    let gap: Feature<Polygon | MultiPolygon> | null = community
    let box = bbox(gap)
    for (const c of circles) {
      // A circle that misses what is left uncovered cannot change it.
      const cb = bbox(c)
      if (cb[0] > box[2] || cb[2] < box[0] || cb[1] > box[3] || cb[3] < box[1]) continue
      gap = difference(featureCollection<Polygon | MultiPolygon>([gap, c]))
      if (!gap) return 1
      box = bbox(gap)
    }
    return 1 - area(gap) / total
  }
  const reach = circles.length === 1 ? circles[0]! : union(featureCollection(circles))
  if (!reach) return 0
  const gap = difference(featureCollection<Polygon | MultiPolygon>([community, reach]))
  return gap ? 1 - area(gap) / total : 1
}
