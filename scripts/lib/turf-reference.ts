import { area, bbox, circle, difference, featureCollection, union } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import type { CommunityFeature, FacilityFeature } from '../../web/src/core/coverage/types.ts'
import { EARTH_RADIUS_M } from '../../web/src/core/geo/units.ts'

export interface TurfReferenceOptions {
  /** Vertices per circle (Turf's default is 64). */
  steps?: number
  /**
   * `fold`: union one circle at a time (what the app does for a selected community's gap);
   * `all`: one `union` call over all circles (the obvious approach measured in issue 3).
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
  let reach: Feature<Polygon | MultiPolygon> | null
  if (options.union === 'fold') {
    reach = circles[0]!
    for (let i = 1; i < circles.length && reach; i++)
      reach = union(featureCollection([reach, circles[i]!]))
  } else {
    reach = circles.length === 1 ? circles[0]! : union(featureCollection(circles))
  }
  if (!reach) return 0
  const gap = difference(featureCollection<Polygon | MultiPolygon>([community, reach]))
  return gap ? 1 - area(gap) / total : 1
}
